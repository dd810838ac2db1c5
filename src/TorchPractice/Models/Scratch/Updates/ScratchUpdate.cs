using TorchPractice.Runtime;
using TorchPractice.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// A hand-written update rule of the scratch model: θ ← f(θ, dθ, its own state) for every parameter tensor, written
/// as the course's NumPy writes it (each product rounded, then summed: no fused multiply-adds, whose rounding NumPy
/// does not have). The tensors carry the model's batch dimension K; the rule's state (v, s) has their shapes.
/// </summary>
internal abstract class ScratchUpdate : IDisposable
{
    /// <summary>The rule for <paramref name="options"/>.</summary>
    public static ScratchUpdate Create(OptimizerOptions options) => options.Kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescentUpdate(),
        OptimizerKind.Momentum => new MomentumUpdate(options.Beta),
        OptimizerKind.RmsProp => new RmsPropUpdate(options.Beta2, options.Epsilon),
        OptimizerKind.Adam => new AdamUpdate(options.Beta1, options.Beta2, options.Epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown optimizer"),
    };

    /// <summary>Held Scalars (β, 1 − β, ε, …) for the rule's life (see HeldScalars).</summary>
    protected HeldScalars Held { get; } = new();

    double _alphaValue = double.NaN;
    Scalar? _alpha;

    /// <summary>
    /// A held Scalar for α (or −α): only the latest value is kept, as a decaying learning rate takes a new value
    /// every epoch (keeping each would grow without bound over a long run).
    /// </summary>
    protected Scalar Alpha(double value)
    {
        if (BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(_alphaValue))
        {
            _alpha?.Dispose();
            (_alpha, _alphaValue) = (value.ToScalar(), value);
        }
        return _alpha!;
    }

    /// <summary>One update of every tensor in <paramref name="theta"/> (in place) from its gradient, with learning rate <paramref name="learningRate"/>.</summary>
    public abstract void Apply(IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> gradients, double learningRate);

    /// <summary>A zero tensor shaped like each parameter, owned by the rule (the course's initialize_velocity / initialize_adam).</summary>
    protected static Tensor[] ZerosLike(IReadOnlyList<Tensor> theta) =>
        theta.Select(t => zeros_like(t).DetachFromDisposeScope()).ToArray();

    /// <summary>Frees the rule's state and held Scalars.</summary>
    public virtual void Dispose()
    {
        _alpha?.Dispose();
        Held.Dispose();
    }

    /// <summary>Frees state tensors.</summary>
    protected static void Free(Tensor[]? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors) t.Dispose();
    }
}
