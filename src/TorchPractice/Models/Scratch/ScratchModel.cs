using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// The L-layer model written out by hand: <see cref="ScratchNetwork"/>'s forward with an explicit cache, its
/// backward computing every dZ, dA, dW, db (layer by layer in Layers.cs), and the gradient-descent update. TorchSharp
/// tensors play NumPy's part (autograd off), so the same code runs on CPU and CUDA.
/// Shapes: X (n_x, m), A_l (n_l, m), W_l (n_l, n_prev), b_l (n_l, 1).
/// One model is the K = 1 case of K models trained as one batch (<see cref="Trainer.Sweep"/>: a sweep's
/// configurations, each with its own λ and keep_prob): the same code, every tensor with a leading dimension K when
/// K &gt; 1 (one model's tensors stay 2-D: see Runtime/Batched).
/// </summary>
public sealed class ScratchModel : IClassifier
{
    readonly Tensor[] _w, _b;          // W_l (K, n_l, n_prev), b_l (K, n_l, 1); one model: (n_l, n_prev), (n_l, 1)
    readonly Tensor _keepProb;         // (K, 1, 1); one model: (1, 1)
    readonly double[] _lambd;          // each model's λ
    readonly bool _usesDropout;
    readonly bool _usesL2;
    // λ/m, (K, 1, 1), per sample count: one for full batches, two with mini-batches (complete ones and the remainder).
    readonly Dictionary<long, Tensor> _lambdOverM = [];
    readonly IMaskSource? _masks;
    readonly HeldScalars _s = new();   // m as a held native Scalar (see HeldScalars)
    readonly ScratchNetwork _network;
    readonly Tensor[] _theta;          // W1, b1, W2, b2, …: the order the update rules take them in
    ScratchUpdate _update = new GradientDescentUpdate();

    /// <summary>A model starting from a copy of <paramref name="initial"/>; validates the options and the shapes.</summary>
    /// <param name="options">The model's options.</param>
    /// <param name="initial">The starting parameters (copied).</param>
    /// <param name="masks">Where the training passes' dropout masks come from (required when keep_prob &lt; 1).</param>
    public ScratchModel(ModelOptions options, ParameterSet initial, IMaskSource? masks = null)
        : this(options, initial, [new SweepConfig(options.Lambd, options.KeepProb)], masks) { }

    /// <summary>
    /// K models trained as one batch, all starting from <paramref name="initial"/>, model k with
    /// <paramref name="configs"/>[k]'s λ and keep_prob (the other options shared).
    /// </summary>
    internal ScratchModel(ModelOptions options, ParameterSet initial, IReadOnlyList<SweepConfig> configs, IMaskSource? masks)
    {
        options.Validate();
        ParameterShapes.Check(options, initial);
        if (configs.Count == 0) throw new ArgumentException("a sweep needs at least one configuration", nameof(configs));
        foreach (var c in configs) (options with { Lambd = c.Lambd, KeepProb = c.KeepProb }).Validate();
        _usesDropout = configs.Any(c => c.KeepProb < 1);
        _usesL2 = configs.Any(c => c.Lambd > 0);
        if (_usesDropout && masks is null) throw new ArgumentException("dropout (keep_prob < 1) needs a mask source", nameof(masks));
        Options = options;
        Count = configs.Count;
        Device = initial["W1"].device;
        _masks = masks;
        _lambd = configs.Select(c => c.Lambd).ToArray();
        Tensor Stack(string name)
        {
            using var scope = NewDisposeScope();
            var t = initial[name].to(options.DType, Device);
            return (Count == 1 ? t.clone() : t.unsqueeze(0).repeat(Count, 1, 1)).DetachFromDisposeScope();
        }
        _w = Enumerable.Range(1, options.LayerCount).Select(l => Stack(ParameterSet.W(l))).ToArray();
        _b = Enumerable.Range(1, options.LayerCount).Select(l => Stack(ParameterSet.B(l))).ToArray();
        _theta = _w.Zip(_b).SelectMany(p => new[] { p.First, p.Second }).ToArray();
        _keepProb = PerModel(configs.Select(c => c.KeepProb));
        _network = new ScratchNetwork(options.Activation, _keepProb);
    }

    /// <inheritdoc/>
    public string Implementation => "scratch";
    /// <inheritdoc/>
    public ModelOptions Options { get; }
    /// <inheritdoc/>
    public Device Device { get; }
    /// <summary>K: how many models train as one batch (1 unless built by <see cref="Trainer.Sweep"/>).</summary>
    internal int Count { get; }

    Tensor PerModel(IEnumerable<double> values)
    {
        using var scope = NewDisposeScope();
        var t = tensor(values.ToArray(), Options.DType, Device);
        return (Count == 1 ? t.reshape(1, 1) : t.reshape(Count, 1, 1)).DetachFromDisposeScope();
    }

    /// <summary>Model k's part of a tensor of the batch (one model's tensors are all of it).</summary>
    Tensor Of(Tensor t, int k) => Count == 1 ? t : t[k];

    ScratchNetwork.Cache Forward(Tensor x, IMaskSource? masks) =>
        _network.Forward(x, _w, _b, masks is not null && _usesDropout ? masks.NextBatchedPass(Options.HiddenSizes, x.size(1), Device, Options.DType) : null);

    (Tensor[] dW, Tensor[] db) Backward(ScratchNetwork.Cache c, Tensor y)
    {
        long m = y.size(1);
        Tensor? lambdOverM = null;
        if (_usesL2 && !_lambdOverM.TryGetValue(m, out lambdOverM)) _lambdOverM[m] = lambdOverM = PerModel(_lambd.Select(l => l / m));
        return _network.Backward(c, y, _w, _s[m], lambdOverM);
    }

    /// <summary>Model k's cost J on its (1, m) slice of the cache.</summary>
    Tensor CostOf(ScratchNetwork.Cache c, Tensor y, int k) =>
        SigmoidCrossEntropy.Cost(Of(c.ZL, k), Of(c.AL, k), y, _w.Select(w => Of(w, k)), _lambd[k], Options.CourseCost);

    double[] Costs(ScratchNetwork.Cache c, Tensor y) =>
        stack(Enumerable.Range(0, Count).Select(k => CostOf(c, y, k)).ToArray()).to(float64).cpu().data<double>().ToArray(); // one read for K; float32: read as float64

    /// <summary>
    /// One training step of every model on (a mini-batch) X, Y: forward (dropout on), the K costs (when
    /// <paramref name="reportCosts"/>), backward, the update rule (<see cref="UseOptimizer"/>; gradient descent θ = θ − α·dθ unless set).
    /// </summary>
    internal double[]? Step(Tensor x, Tensor y, double learningRate, bool reportCosts)
    {
        using var scope = NewDisposeScope();
        var cache = Forward(x, _masks);
        var costs = reportCosts ? Costs(cache, y) : null; // before backward, which uses the cache up
        var (dW, db) = Backward(cache, y);
        _update.Apply(_theta, dW.Zip(db).SelectMany(g => new[] { g.First, g.Second }).ToArray(), learningRate);
        return costs;
    }

    /// <summary>
    /// Trains with <paramref name="optimizer"/>'s hand-written update rule from now on (Models/Scratch/Updates), with
    /// fresh state (v and s at 0, t at 0): the course's initialize_velocity / initialize_adam.
    /// </summary>
    /// <param name="optimizer">The rule and its settings.</param>
    /// <exception cref="NotSupportedException">A <see cref="OptimizerOptions.Dampening"/>: torch.optim's setting, not the course's.</exception>
    public void UseOptimizer(OptimizerOptions optimizer)
    {
        optimizer.Validate();
        if (optimizer.Dampening is not null)
            throw new NotSupportedException($"the scratch model runs the course's momentum, which has no dampening (torch.optim.SGD's setting; got {optimizer.Dampening})");
        _update.Dispose();
        _update = ScratchUpdate.Create(optimizer);
    }

    /// <summary>Whether model k's parameters are all finite.</summary>
    internal bool ParametersFinite(int k)
    {
        using var scope = NewDisposeScope();
        return _w.Concat(_b).All(t => Of(t, k).isfinite().all().item<bool>());
    }

    /// <summary>A copy of model k's parameters.</summary>
    internal ParameterSet Parameters(int k)
    {
        using var scope = NewDisposeScope();
        return new ParameterSet(Enumerable.Range(1, _w.Length).SelectMany(l => new[]
        {
            (ParameterSet.W(l), Of(_w[l - 1], k).clone().MoveToOuterDisposeScope()),
            (ParameterSet.B(l), Of(_b[l - 1], k).clone().MoveToOuterDisposeScope()),
        }));
    }

    void RequireOne()
    {
        if (Count != 1) throw new InvalidOperationException($"this scratch model trains {Count} models as one batch; use Trainer.Sweep's results");
    }

    /// <inheritdoc/>
    public double? TrainStep(Tensor x, Tensor y, double learningRate, bool reportCost)
    {
        RequireOne();
        return Step(x, y, learningRate, reportCost)?[0];
    }

    /// <inheritdoc/>
    public double Cost(Tensor x, Tensor y, IMaskSource? masks)
    {
        RequireOne();
        using var scope = NewDisposeScope();
        return CostOf(Forward(x, masks), y, 0).to(float64).item<double>();
    }

    /// <inheritdoc/>
    public ParameterSet Gradients(Tensor x, Tensor y, IMaskSource? masks)
    {
        RequireOne();
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
        RequireOne();
        using var scope = NewDisposeScope();
        return Forward(x, null).AL.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The hidden layers' outputs A_1 … A_{L−1} for <paramref name="x"/> (no dropout), each (n_l, m): for looking at
    /// how activations spread or saturate layer by layer. Empty for logistic regression.
    /// </summary>
    public Tensor[] HiddenActivations(Tensor x)
    {
        RequireOne();
        using var scope = NewDisposeScope();
        return ScratchNetwork.HiddenOutputs(Forward(x, null)).Select(a => a.MoveToOuterDisposeScope()).ToArray();
    }

    /// <inheritdoc/>
    public ParameterSet CopyParameters()
    {
        RequireOne();
        return Parameters(0);
    }

    /// <inheritdoc/>
    public void LoadParameters(ParameterSet parameters)
    {
        RequireOne();
        ParameterShapes.Check(Options, parameters);
        using var scope = NewDisposeScope();
        for (int l = 1; l <= _w.Length; l++)
        {
            _w[l - 1].copy_(parameters[ParameterSet.W(l)]); // copy_ converts dtype and device
            _b[l - 1].copy_(parameters[ParameterSet.B(l)]);
        }
    }

    /// <summary>Frees the parameters and held Scalars.</summary>
    public void Dispose()
    {
        foreach (var t in _w.Concat(_b)) t.Dispose();
        _keepProb.Dispose();
        foreach (var t in _lambdOverM.Values) t.Dispose();
        _update.Dispose();
        _s.Dispose();
    }
}
