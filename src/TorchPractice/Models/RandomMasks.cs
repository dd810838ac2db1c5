using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Masks drawn from a random source: D = rand(n_l, m) &lt; keep_prob, layer 1 then layer 2, as the
/// course draws them. With courseReseed the stream restarts at seed 1 before every pass (the course
/// notebook calls np.random.seed(1) inside forward_propagation_with_dropout), so every pass gets the
/// same masks. Two sources built alike give two models exactly the same masks.
/// </summary>
public sealed class RandomMasks(IRandomSource rng, double keepProb, bool courseReseed) : IMaskSource
{
    readonly Scalar _keepProb = keepProb; // held: one native Scalar, not one per pass (see ScalarCache)

    /// <inheritdoc/>
    public Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype)
    {
        if (courseReseed) rng.Reseed(1);
        return hiddenSizes.Select(n =>
        {
            using var scope = NewDisposeScope();
            // lt_ writes 1.0 / 0.0 into the float64 draw itself: no bool tensor to convert.
            return rng.Uniform([n, m], device, float64).lt_(_keepProb).to(dtype).MoveToOuterDisposeScope();
        }).ToArray();
    }
}
