using TorchSharp;

namespace TorchPractice.Runtime;

/// <summary>
/// Native Scalars held by their owner instead of made per call. TorchSharp turns every C# number passed to a tensor
/// operation into a new native Scalar that a finalizer frees later: ~0.3–1.5 µs per operation at the course's sizes
/// (as much as the arithmetic), garbage for the GC, and a race: TorchSharp 0.107's add(Tensor), add_(Tensor) and
/// the + operator pass an alpha of 1 as a new implicit Scalar, and when another thread starts a GC during that native
/// call, the Scalar's finalizer can free it while libtorch reads it (seen as "Expected false to be true … toDouble"
/// in a two-thread sweep). Code that runs beside other threads writes a.add(b, HeldScalars.One) instead (sub and sub_
/// take no alpha in TorchSharp 0.107 and are safe). <see cref="One"/> and <see cref="Half"/> live for the whole
/// process; an instance holds a handful of values for its owner's life (1/m, λ/m, keep_prob, α: hot loops look their
/// numbers up in it), each distinct value until Dispose. An instance is not thread-safe: one per owner.
/// </summary>
public sealed class HeldScalars : IDisposable
{
    /// <summary>1, as the α of add / add_.</summary>
    public static readonly Scalar One = 1.0;

    /// <summary>0.5, the decision threshold of predictions.</summary>
    public static readonly Scalar Half = 0.5;

    // Keyed by bits: 0.0 and -0.0 are different multipliers.
    readonly Dictionary<long, Scalar> _scalars = [];
    bool _disposed;

    /// <summary>The held Scalar for a value (created on first use).</summary>
    public Scalar this[double value]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long key = BitConverter.DoubleToInt64Bits(value);
            if (!_scalars.TryGetValue(key, out var s)) _scalars[key] = s = value.ToScalar();
            return s;
        }
    }

    /// <summary>Frees every Scalar this instance holds (not <see cref="One"/> or <see cref="Half"/>).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var s in _scalars.Values) s.Dispose();
        _scalars.Clear();
    }
}
