using TorchSharp;

namespace TorchPractice.Random;

/// <summary>
/// Where every random number comes from (initialization, dropout masks, data generation, shuffles).
/// Two kinds: "numpy" draws NumPy's legacy RandomState stream on the CPU (bit-identical to
/// np.random.seed / randn / rand) and moves the values to the device; "torch" uses a private
/// torch.Generator (a CPU one: TorchSharp 0.107 makes no CUDA generators) and moves the values to the
/// device. The same seed always gives the same values, on the CPU and on CUDA alike.
/// </summary>
public interface IRandomSource
{
    /// <summary>"numpy" or "torch".</summary>
    string Kind { get; }

    /// <summary>Restarts the stream, as np.random.seed(seed) does.</summary>
    void Reseed(long seed);

    /// <summary>Standard normal values of the given shape, filled in row-major order (np.random.randn(*shape)).</summary>
    torch.Tensor StandardNormal(long[] shape, torch.Device device, torch.ScalarType dtype);

    /// <summary>Uniform values in [0, 1) of the given shape, row-major (np.random.rand(*shape)).</summary>
    torch.Tensor Uniform(long[] shape, torch.Device device, torch.ScalarType dtype);
}
