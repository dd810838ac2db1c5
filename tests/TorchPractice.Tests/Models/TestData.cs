using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>Shared helpers for the model tests: seeded sources, data and tolerances.</summary>
static class TestData
{
    /// <summary>NumPy's stream, seeded: the course's random source.</summary>
    public static IRandomSource Rng(long seed) => RandomSources.Create(RandomSources.NumPy, seed, CPU);

    /// <summary>A built-in dataset's train/test pair at its reference seed (circles: the course's).</summary>
    public static DataSplit BuiltIn(string name)
    {
        Assert.True(BuiltInDatasets.TryLoad(name, BuiltInDatasets.DefaultSeed, out var split), $"no built-in dataset {name}");
        return split;
    }

    /// <summary>A seeded two-class problem: X (n_x, m), Y (1, m) with a nonlinear boundary.</summary>
    public static (Tensor X, Tensor Y) Problem(int nx, int m, long seed)
    {
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)seed);
        var x = randn([nx, m], float64, generator: g);
        var y = (x.square().sum(0, keepdim: true) > nx).to(float64);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>‖a − b‖₂ / (‖a‖₂ + ‖b‖₂), the gradient-check difference; 0 when both are 0.</summary>
    public static double Difference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        double den = a.norm().item<double>() + b.norm().item<double>();
        return den == 0 ? 0 : (a - b).norm().item<double>() / den;
    }
}
