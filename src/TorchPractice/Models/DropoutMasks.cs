using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>Supplies the dropout masks of one training forward pass: D_l of shape (n_l, m), 1 = keep.</summary>
public interface IMaskSource
{
    /// <summary>The masks D_1 … D_L of one pass, each (n_l, m), 1 = keep, in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    /// <param name="hiddenSizes">n_l of each hidden layer.</param>
    /// <param name="m">The number of samples.</param>
    /// <param name="device">Where the masks go.</param>
    /// <param name="dtype">Their dtype.</param>
    Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype);
}

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

/// <summary>The same masks for every pass: gradient checking perturbs θ, never the masks.</summary>
public sealed class FixedMasks(IReadOnlyList<Tensor> masks) : IMaskSource
{
    /// <inheritdoc/>
    public Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype)
    {
        for (int i = 0; i < hiddenSizes.Count; i++)
            if (masks[i].shape[0] != hiddenSizes[i] || masks[i].shape[1] != m)
                throw new ArgumentException($"frozen mask D{i + 1} has shape ({masks[i].shape[0]}, {masks[i].shape[1]}); the pass needs ({hiddenSizes[i]}, {m})");
        return masks.Select(d => d.to(dtype, device).clone()).ToArray();
    }
}
