using TorchSharp;

namespace TorchPractice.Random;

/// <summary>
/// The "numpy" random source: draws NumPy's legacy stream on the CPU in float64 (bit-identical to
/// np.random.randn / rand after np.random.seed), then converts to the dtype and copies to the device.
/// This is what makes a C# run print the same numbers as the course's notebook.
/// </summary>
public sealed class NumPyRandomSource : IRandomSource
{
    /// <summary>A stream seeded as np.random.seed(seed).</summary>
    /// <param name="seed">0 ≤ seed &lt; 2³².</param>
    public NumPyRandomSource(long seed) => State = new NumPyRandomState(seed);

    /// <inheritdoc/>
    public string Kind => RandomSources.NumPy;

    /// <summary>The underlying stream, for the draws that are not tensors (shuffles, dataset generation).</summary>
    public NumPyRandomState State { get; }

    /// <inheritdoc/>
    public void Reseed(long seed) => State.Seed(seed);

    /// <inheritdoc/>
    public torch.Tensor StandardNormal(long[] shape, torch.Device device, torch.ScalarType dtype) =>
        ToTensor(State.Randn(RandomSources.CheckedShape(shape)), shape, device, dtype);

    /// <inheritdoc/>
    public torch.Tensor Uniform(long[] shape, torch.Device device, torch.ScalarType dtype) =>
        ToTensor(State.Rand(RandomSources.CheckedShape(shape)), shape, device, dtype);

    static torch.Tensor ToTensor(double[] rowMajor, long[] shape, torch.Device device, torch.ScalarType dtype)
    {
        var t = torch.tensor(rowMajor, shape, dtype: torch.float64);
        if (dtype == torch.float64 && device.type == DeviceType.CPU) return t; // most draws: no second tensor
        using (t) return t.to(dtype, device);
    }
}
