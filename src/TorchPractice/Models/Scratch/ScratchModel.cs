using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// The L-layer model written out by hand: <see cref="ScratchNetwork"/>'s forward with an explicit cache, its
/// backward computing every dZ, dA, dW, db (layer by layer in Layers.cs), and the gradient-descent update. TorchSharp
/// tensors play NumPy's part (autograd off), so the same code runs on CPU and CUDA.
/// Shapes: X (n_x, m), A_l (n_l, m), W_l (n_l, n_prev), b_l (n_l, 1).
/// </summary>
public sealed class ScratchModel : IClassifier
{
    ParameterSet _p;
    Tensor[] _w, _b;
    readonly IMaskSource? _masks;
    readonly ScalarCache _s = new(); // m, λ/m, keep_prob, −α as held native Scalars (see ScalarCache)
    readonly ScratchNetwork _network;

    /// <summary>A model starting from a copy of <paramref name="initial"/>; validates the options and the shapes.</summary>
    /// <param name="options">The model's options.</param>
    /// <param name="initial">The starting parameters (copied).</param>
    /// <param name="masks">Where the training passes' dropout masks come from (required when keep_prob &lt; 1).</param>
    public ScratchModel(ModelOptions options, ParameterSet initial, IMaskSource? masks = null)
        : this(options, initial, masks, null) { }

    /// <summary>The same, with the network's backward steps replaced (the gradient check's planted bugs).</summary>
    internal ScratchModel(ModelOptions options, ParameterSet initial, IMaskSource? masks, Func<Activation, Coefficient, ScratchNetwork>? network)
    {
        options.Validate();
        Classifier.CheckShapes(options, initial);
        if (options.UsesDropout && masks is null) throw new ArgumentException("dropout (keep_prob < 1) needs a mask source");
        Options = options;
        _masks = masks;
        _p = initial.Clone();
        (_w, _b) = Split(_p);
        Device = _p["W1"].device;
        var keepProb = new Coefficient(_s[options.KeepProb]);
        _network = network?.Invoke(options.Activation, keepProb) ?? new ScratchNetwork(options.Activation, keepProb);
    }

    /// <inheritdoc/>
    public string Implementation => "scratch";
    /// <inheritdoc/>
    public ModelOptions Options { get; }
    /// <inheritdoc/>
    public Device Device { get; }

    static (Tensor[] W, Tensor[] B) Split(ParameterSet p)
    {
        int layers = p.LayerCount;
        return (Enumerable.Range(1, layers).Select(l => p[ParameterSet.W(l)]).ToArray(),
                Enumerable.Range(1, layers).Select(l => p[ParameterSet.B(l)]).ToArray());
    }

    ScratchNetwork.Cache Forward(Tensor x, IMaskSource? masks) =>
        _network.Forward(x, _w, _b, masks is not null && Options.UsesDropout ? masks.NextPass(Options.HiddenSizes, x.shape[1], Device, Options.DType) : null);

    (Tensor[] dW, Tensor[] db) Backward(ScratchNetwork.Cache c, Tensor y)
    {
        long m = y.shape[1];
        return _network.Backward(c, y, _w, _s[m], Options.Lambd > 0 ? new Coefficient(_s[Options.Lambd / m]) : null);
    }

    Tensor CostOf(ScratchNetwork.Cache c, Tensor y) => SigmoidCrossEntropy.Cost(c.ZL, c.AL, y, _w, Options.Lambd, Options.CourseCost);

    /// <inheritdoc/>
    public double? TrainStep(Tensor x, Tensor y, double learningRate, bool reportCost)
    {
        using var scope = NewDisposeScope();
        var cache = Forward(x, _masks);
        double? cost = reportCost ? CostOf(cache, y).to(float64).item<double>() : null; // before backward, which uses the cache up; float32: read as float64
        var (dW, db) = Backward(cache, y);
        var minusAlpha = _s[-learningRate];
        for (int l = 0; l < _w.Length; l++)
        {
            _w[l].add_(dW[l], minusAlpha); // θ = θ − α·dθ in one call
            _b[l].add_(db[l], minusAlpha);
        }
        return cost;
    }

    /// <inheritdoc/>
    public double Cost(Tensor x, Tensor y, IMaskSource? masks)
    {
        using var scope = NewDisposeScope();
        return CostOf(Forward(x, masks), y).to(float64).item<double>();
    }

    /// <inheritdoc/>
    public ParameterSet Gradients(Tensor x, Tensor y, IMaskSource? masks)
    {
        using var scope = NewDisposeScope();
        var (dW, db) = Backward(Forward(x, masks), y);
        return new ParameterSet(Enumerable.Range(1, dW.Length).SelectMany(l => new[]
        {
            (ParameterSet.W(l), dW[l - 1].MoveToOuterDisposeScope()),
            (ParameterSet.B(l), db[l - 1].MoveToOuterDisposeScope()),
        }));
    }

    /// <inheritdoc/>
    public Tensor Probabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Forward(x, null).AL.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The hidden layers' outputs A_1 … A_{L−1} for <paramref name="x"/> (no dropout), each (n_l, m): for looking at
    /// how activations spread or saturate layer by layer. Empty for logistic regression.
    /// </summary>
    public Tensor[] HiddenActivations(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ScratchNetwork.HiddenOutputs(Forward(x, null)).Select(a => a.MoveToOuterDisposeScope()).ToArray();
    }

    /// <inheritdoc/>
    public ParameterSet CopyParameters() => _p.Clone();

    /// <inheritdoc/>
    public void LoadParameters(ParameterSet parameters)
    {
        Classifier.CheckShapes(Options, parameters);
        var old = _p;
        _p = parameters.To(Device, Options.DType);
        (_w, _b) = Split(_p);
        old.Dispose();
    }

    /// <summary>Frees the parameters and held Scalars.</summary>
    public void Dispose()
    {
        _p.Dispose();
        _s.Dispose();
    }
}
