using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// The three-layer model written out by hand: forward with an explicit cache, backward computing
/// every dZ, dA, dW, db, and the gradient-descent update. TorchSharp tensors play NumPy's part
/// (autograd off), so the same code runs on CPU and CUDA. Shapes: X (n_x, m), A_l (n_l, m), W_l (n_l, n_prev).
/// </summary>
public sealed class ScratchModel : IClassifier
{
    ParameterSet _p;
    readonly IMaskSource? _masks;
    readonly ScalarCache _s = new(); // 1/m, λ/m, keep_prob, α as held native Scalars (see ScalarCache)

    /// <summary>A model starting from a copy of <paramref name="initial"/>; validates the options and the shapes.</summary>
    /// <param name="options">The model's options.</param>
    /// <param name="initial">The starting parameters (copied).</param>
    /// <param name="masks">Where the training passes' dropout masks come from (required when keep_prob &lt; 1).</param>
    /// <param name="bug">A deliberate mistake in the backward pass (for gradient-check demonstrations).</param>
    public ScratchModel(ModelOptions options, ParameterSet initial, IMaskSource? masks = null, BackwardBug bug = BackwardBug.None)
    {
        options.Validate();
        Classifier.CheckShapes(options, initial);
        if (options.UsesDropout && masks is null) throw new ArgumentException("dropout (keep_prob < 1) needs a mask source");
        Options = options;
        Bug = bug;
        _masks = masks;
        _p = initial.Clone();
        Device = _p["W1"].device;
    }

    /// <inheritdoc/>
    public string Implementation => "scratch";
    /// <inheritdoc/>
    public ModelOptions Options { get; }
    /// <inheritdoc/>
    public Device Device { get; }
    /// <summary>The planted mistake, if any.</summary>
    public BackwardBug Bug { get; }

    /// <summary>What forward keeps for backward (which uses it up: A1, A2 and A3 are overwritten in place).</summary>
    sealed record Cache(Tensor X, Tensor A1, Tensor? D1, Tensor A2, Tensor? D2, Tensor Z3, Tensor A3);

    // LINEAR      forward:  Z = W·A_prev + b                      (n_l, m) = (n_l, n_prev)(n_prev, m) + (n_l, 1)
    //             backward: dW = dZ·A_prevᵀ (+ λ/m·W),  db = Σ_m dZ,  dA_prev = Wᵀ·dZ
    //             (the cost's 1/m is in dZ already: dZ3 = (A3 − Y)/m below, and every dZ is made from it)
    // Speed: every tensor operation is one native call (~1–2 µs at the course's sizes, more than the
    // arithmetic), so the step makes few calls: the 1/m applied once, `_` (in-place) methods on tensors
    // this step made and no longer needs, θ −= α·dθ in one call, and numbers held in _s (no new Scalar
    // per call). Not addmm for b + W·A: it rounds differently from the batched gradient check's bmm + b,
    // which must give this model's costs bit for bit.
    static Tensor Linear(Tensor aPrev, Tensor w, Tensor b) => w.mm(aPrev).add_(b, HeldScalars.One);

    (Tensor dW, Tensor db) LinearBackward(Tensor dZ, Tensor aPrev, Tensor w, long m, bool l2Forgotten = false)
    {
        var dW = dZ.mm(aPrev.t());
        if (Options.Lambd > 0 && !l2Forgotten) dW.add_(w, _s[Options.Lambd / m]);
        return (dW, dZ.sum(1, keepdim: true));
    }

    // RELU        forward:  A = max(Z, 0)
    //             backward: dZ = dA ⊙ 1[A > 0]        (A ≥ 0, so sign(A) is that 0/1 mask, in A's dtype: 3×
    //                                                  cheaper than a bool mask; made in place in A, which
    //                                                  backward no longer needs by then)
    static Tensor ReluBackward(Tensor dA, Tensor a) => dA.mul_(a.sign_());

    // DROPOUT     forward:  A = A ⊙ D / keep_prob      (inverted: expected activation unchanged)
    //             backward: dA = dA ⊙ D / keep_prob    (same mask)
    Tensor Drop(Tensor a, Tensor? d) => d is null ? a : a.mul_(d).div_(_s[Options.KeepProb]);

    // SIGMOID + CROSS-ENTROPY   A3 = σ(Z3);  J = −1/m Σ[Y log A3 + (1−Y) log(1−A3)];  ∂J/∂Z3 = (A3 − Y)/m

    Cache Forward(Tensor x, IMaskSource? masks)
    {
        Tensor? d1 = null, d2 = null;
        if (masks is not null && Options.UsesDropout)
        {
            var d = masks.NextPass(Options.HiddenSizes, x.shape[1], Device, Options.DType);
            (d1, d2) = (d[0], d[1]);
        }
        var a1 = Drop(Linear(x, _p["W1"], _p["b1"]).relu_(), d1);  // (h1, m)
        var a2 = Drop(Linear(a1, _p["W2"], _p["b2"]).relu_(), d2); // (h2, m)
        var z3 = Linear(a2, _p["W3"], _p["b3"]);                   // (1, m)
        return new Cache(x, a1, d1, a2, d2, z3, z3.sigmoid());
    }

    ParameterSet Backward(Cache c, Tensor y)
    {
        long m = y.shape[1];
        var dZ3 = c.A3.sub_(y).div_(_s[m]);                            // (1, m), in place in A3
        var (dW3, db3) = LinearBackward(dZ3, c.A2, _p["W3"], m, Bug == BackwardBug.L2Forgotten);
        var dA2 = _p["W3"].t().mm(dZ3);                                // (h2, m)
        if (c.D2 is not null) dA2 = Drop(dA2, c.D2);
        var dZ2 = ReluBackward(dA2, c.A2);
        var (dW2, db2) = LinearBackward(dZ2, c.A1, _p["W2"], m, Bug == BackwardBug.L2Forgotten);
        var dA1 = _p["W2"].t().mm(dZ2);                                // (h1, m)
        if (c.D1 is not null) dA1 = Bug == BackwardBug.DropoutRescale ? dA1.mul_(c.D1) : Drop(dA1, c.D1);
        var dZ1 = Bug == BackwardBug.ReluDerivative ? dA1.mul_(c.A1.ge(0)) : ReluBackward(dA1, c.A1);
        var (dW1, db1) = LinearBackward(dZ1, c.X, _p["W1"], m, Bug == BackwardBug.L2Forgotten);
        if (Bug == BackwardBug.Course)
        {
            dW2 = dW2 * 2;                                             // course bug 1
            db1 = db1 * 4;                                             // course bug 2: 4/m instead of 1/m
        }
        return new ParameterSet([("W1", dW1), ("b1", db1), ("W2", dW2), ("b2", db2), ("W3", dW3), ("b3", db3)]);
    }

    Tensor CostOf(Cache c, Tensor y)
    {
        var ce = Options.CourseCost ? Models.Cost.Course(c.A3, y) : Models.Cost.Stable(c.Z3, y);
        return Options.Lambd > 0 ? ce.add(Models.Cost.L2([_p["W1"], _p["W2"], _p["W3"]], Options.Lambd, y.shape[1]), HeldScalars.One) : ce;
    }

    /// <inheritdoc/>
    public double? TrainStep(Tensor x, Tensor y, double learningRate, bool reportCost)
    {
        using var scope = NewDisposeScope();
        var cache = Forward(x, _masks);
        double? cost = reportCost ? CostOf(cache, y).to(float64).item<double>() : null; // float32 models: read as float64
        using var grads = Backward(cache, y);
        foreach (var name in _p.Names) _p[name].add_(grads[name], _s[-learningRate]); // θ = θ − α·dθ (add_ with alpha −α: one call)
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
        var g = Backward(Forward(x, masks), y);
        return new ParameterSet(g.Names.Select(n => (n, g[n].MoveToOuterDisposeScope())));
    }

    /// <inheritdoc/>
    public Tensor Probabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Forward(x, null).A3.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public ParameterSet CopyParameters() => _p.Clone();

    /// <inheritdoc/>
    public void LoadParameters(ParameterSet parameters)
    {
        Classifier.CheckShapes(Options, parameters);
        var old = _p;
        _p = parameters.To(Device, Options.DType);
        old.Dispose();
    }

    /// <summary>Frees the parameters and held Scalars.</summary>
    public void Dispose()
    {
        _p.Dispose();
        _s.Dispose();
    }
}
