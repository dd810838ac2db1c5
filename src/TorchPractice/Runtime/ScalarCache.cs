using TorchSharp;

namespace TorchPractice.Runtime;

/// <summary>
/// Native Scalars held for the life of their owner. TorchSharp turns every C# number passed to a tensor
/// operation into a new native Scalar that a finalizer frees later: ~0.3–1.5 µs per operation at the
/// course's sizes (as much as the arithmetic), garbage for the GC, and the finalizer race of README's
/// "Known limits". Hot loops look their numbers up here instead. Meant for a handful of values (1/m, λ/m,
/// keep_prob, α): each distinct value stays until Dispose. Not thread-safe: one per owner.
/// </summary>
public sealed class ScalarCache : IDisposable
{
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

    /// <summary>Frees every held Scalar.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var s in _scalars.Values) s.Dispose();
        _scalars.Clear();
    }
}
