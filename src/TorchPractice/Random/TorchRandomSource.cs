using TorchSharp;

namespace TorchPractice.Random;

/// <summary>
/// The "torch" random source: libtorch's own generator (a private torch.Generator, so the global
/// torch seed is left alone). TorchSharp 0.107 can only create CPU generators (its THSGenerator_new
/// ignores the device), so values are drawn on the CPU in the requested dtype and copied to the
/// device: the same seed gives the same values on the CPU and on CUDA.
/// </summary>
public sealed class TorchRandomSource : IRandomSource, IDisposable
{
    readonly torch.Generator _generator;

    /// <summary>A private CPU generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="seed">The generator's seed.</param>
    public TorchRandomSource(long seed)
    {
        _generator = new torch.Generator(0, torch.CPU);
        Reseed(seed);
    }

    /// <inheritdoc/>
    public string Kind => RandomSources.Torch;

    /// <inheritdoc/>
    public void Reseed(long seed) => _generator.manual_seed(seed);

    /// <inheritdoc/>
    public torch.Tensor StandardNormal(long[] shape, torch.Device device, torch.ScalarType dtype)
    {
        RandomSources.CheckedShape(shape);
        using var scope = torch.NewDisposeScope();
        var t = torch.randn(shape, dtype, torch.CPU, generator: _generator).to(device);
        return t.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public torch.Tensor Uniform(long[] shape, torch.Device device, torch.ScalarType dtype)
    {
        RandomSources.CheckedShape(shape);
        using var scope = torch.NewDisposeScope();
        var t = torch.rand(shape, dtype, torch.CPU, generator: _generator).to(device);
        return t.MoveToOuterDisposeScope();
    }

    /// <summary>Frees the generator.</summary>
    public void Dispose() => _generator.Dispose();
}
