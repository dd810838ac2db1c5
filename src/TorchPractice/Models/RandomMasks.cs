using TorchSharp;
using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Masks drawn from a random source: D = rand(n_l, m) &lt; keep_prob, layer 1 then layer 2, as the
/// course draws them. With courseReseed the stream restarts at seed 1 before every pass (the course
/// notebook calls np.random.seed(1) inside forward_propagation_with_dropout), so every pass gets the
/// same masks. Two sources built alike give two models exactly the same masks. A sweep's source knows K
/// keep_probs: each pass draws one U per layer, shared by the K models, which each take D_k = U &lt; keep_prob_k,
/// exactly the masks K separate, identically seeded runs would draw.
/// </summary>
public sealed class RandomMasks : IMaskSource
{
    readonly IRandomSource _rng;
    readonly double[] _keepProbs;
    readonly bool _courseReseed;
    readonly Scalar _keepProb; // held: one native Scalar, not one per pass (see HeldScalars)

    /// <summary>Masks for one model.</summary>
    /// <param name="rng">The stream the masks are drawn from.</param>
    /// <param name="keepProb">keep_prob.</param>
    /// <param name="courseReseed">Reseed the stream with 1 before every pass, as the course does.</param>
    public RandomMasks(IRandomSource rng, double keepProb, bool courseReseed) : this(rng, [keepProb], courseReseed) { }

    /// <summary>Masks for K models trained as one batch, one keep_prob each.</summary>
    internal RandomMasks(IRandomSource rng, IReadOnlyList<double> keepProbs, bool courseReseed)
    {
        if (keepProbs.Count == 0) throw new ArgumentException("masks need at least one keep_prob", nameof(keepProbs));
        (_rng, _keepProbs, _courseReseed) = (rng, keepProbs.ToArray(), courseReseed);
        _keepProb = _keepProbs[0];
    }

    /// <inheritdoc/>
    public Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype)
    {
        if (_keepProbs.Length != 1) throw new InvalidOperationException($"these masks are drawn for {_keepProbs.Length} models at once");
        return ((IMaskSource)this).NextBatchedPass(hiddenSizes, m, device, dtype);
    }

    Tensor[] IMaskSource.NextBatchedPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype)
    {
        if (_courseReseed) _rng.Reseed(1);
        using var scope = NewDisposeScope();
        // One model: lt_ writes 1.0 / 0.0 into the float64 draw itself (no bool tensor to convert), against a held Scalar.
        // K models: one U, compared with each model's keep_prob, (K, 1, 1).
        var keepProbs = _keepProbs.Length == 1 ? null : tensor(_keepProbs, float64, device).reshape(_keepProbs.Length, 1, 1);
        return hiddenSizes.Select(n =>
        {
            var u = _rng.Uniform([n, m], device, float64);                              // U: (n_l, m)
            var d = keepProbs is null ? u.lt_(_keepProb) : u.lt(keepProbs);             // D = U < keep_prob: (n_l, m) or (K, n_l, m)
            return d.to(dtype).MoveToOuterDisposeScope();
        }).ToArray();
    }
}
