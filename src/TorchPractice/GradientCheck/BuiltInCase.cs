using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>A gradient-check case built from a built-in dataset: circles (layers 2,10,5,1) or fraud (24,20,10,1).</summary>
public static class BuiltInCase
{
    /// <summary>The layer sizes a case's data fits by default.</summary>
    public static int[] DefaultLayers(string caseName) => caseName switch
    {
        "fraud" => [24, 20, 10, 1],
        "circles" => [2, 10, 5, 1],
        _ => throw new ArgumentException($"no built-in gradient-check case '{caseName}' (expected fraud or circles)"),
    };

    /// <summary>
    /// The built-in dataset's first training samples (all 300 for circles, 256 for fraud) and parameters
    /// drawn from NumPy's stream seeded <paramref name="seed"/> (weights by <paramref name="o"/>'s init,
    /// biases randn × 0.1); dropout masks, if any, continue that stream (the returned source).
    /// </summary>
    public static (Tensor X, Tensor Y, ParameterSet P, IRandomSource Rng) Create(string caseName, ModelOptions o, int seed, Device device)
    {
        DefaultLayers(caseName);
        BuiltInDatasets.TryLoad(caseName, BuiltInDatasets.DefaultSeed, out var split);
        var train = split!.Train;
        int m = Math.Min(train.Count, caseName == "fraud" ? 256 : 300);
        var rng = RandomSources.Create(RandomSources.NumPy, seed, device);
        var p = Initialization.Create(o, rng, device);
        // Zero biases put units with an all-zero input (e.g. every unit below dropped) exactly on ReLU's
        // kink, where θ ± ε sees two different slopes; small random biases check at a differentiable point.
        foreach (var b in p.Names.Where(n => n[0] == 'b'))
            using (var draw = rng.StandardNormal(p[b].shape, device, float64)) p[b].add_(draw * 0.1);
        using var scope = NewDisposeScope();
        var (x, y) = train.ToTensors(device, float64);
        return (x[.., ..m].contiguous().MoveToOuterDisposeScope(), y[.., ..m].contiguous().MoveToOuterDisposeScope(), p, rng);
    }
}
