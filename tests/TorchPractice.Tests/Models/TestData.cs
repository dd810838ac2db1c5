using TorchPractice.Models;
using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>Shared helpers for the model tests: seeded sources, data and tolerances.</summary>
static class TestData
{
    // TODO(merge): replace with RandomSources.Create("numpy", seed, CPU) once the random sources land.
    public static IRandomSource Rng(long seed) => new GeneratorSource(seed);

    sealed class GeneratorSource(long seed) : IRandomSource
    {
        Generator _g = new Generator((ulong)seed);
        public string Kind => "torch";
        public void Reseed(long s) { _g.Dispose(); _g = new Generator((ulong)s); }
        public Tensor StandardNormal(long[] shape, Device device, ScalarType dtype) => randn(shape, dtype, device, generator: _g);
        public Tensor Uniform(long[] shape, Device device, ScalarType dtype) => rand(shape, dtype, device, generator: _g);
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
