using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Initial parameters. Weights are drawn layer by layer in order, one (n_l, n_prev) draw each, in
/// float64 on the random source's stream — with the numpy source seeded 3 these are the course's
/// weights (np.random.seed(3); np.random.randn(n_l, n_prev) * ...). Biases start at zero.
/// </summary>
public static class InitialParameters
{
    /// <summary>Draws the weights for <paramref name="o"/>'s layers and init; biases are zero.</summary>
    /// <param name="o">Layers, init and scale.</param>
    /// <param name="rng">The random stream (numpy: the course's weights).</param>
    /// <param name="device">Where the tensors go (float64 until the model converts them).</param>
    public static ParameterSet Create(ModelOptions o, IRandomSource rng, Device device)
    {
        o.Validate();
        var tensors = new List<(string, Tensor)>();
        for (int l = 1; l < o.Layers.Length; l++)
        {
            long nl = o.Layers[l], nPrev = o.Layers[l - 1];
            long[] shape = [nl, nPrev];
            using var scope = NewDisposeScope();
            // Explicit Scalars held to the end of the draw: an implicit one can be freed by its finalizer while
            // libtorch still reads it when another thread starts a GC (sweeps initialize on several threads).
            using Scalar scale = o.InitScale, two = 2.0, one = 1.0;
            using Scalar he = Math.Sqrt(2.0 / nPrev), lecun = Math.Sqrt(nPrev), xavier = Math.Sqrt(2.0 / (nPrev + nl));
            Tensor w = o.Init switch
            {
                Init.Zeros => zeros(shape, float64, device),
                Init.Random => rng.StandardNormal(shape, device, float64).mul_(scale),
                Init.He => rng.StandardNormal(shape, device, float64).mul_(he),
                Init.Lecun => rng.StandardNormal(shape, device, float64).div_(lecun), // the course divides
                Init.Xavier => rng.StandardNormal(shape, device, float64).mul_(xavier),
                Init.Uniform => rng.Uniform(shape, device, float64).mul_(two).sub_(one).mul_(scale),
                _ => throw new ArgumentOutOfRangeException(nameof(o), o.Init, "unknown initialization"),
            };
            tensors.Add((ParameterSet.W(l), w.to(o.DType).MoveToOuterDisposeScope()));
            tensors.Add((ParameterSet.B(l), zeros([nl, 1], o.DType, device).MoveToOuterDisposeScope()));
        }
        return new ParameterSet(tensors);
    }
}
