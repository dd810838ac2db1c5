using TorchPractice.Random;
using TorchSharp;

namespace TorchPractice.Tests.Random;

public sealed class RandomSourceTests
{
    static long[] Bits(torch.Tensor t)
    {
        using var cpu = t.to(torch.float64).cpu().contiguous();
        return cpu.data<double>().ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
    }

    [Theory]
    [InlineData("numpy")]
    [InlineData("torch")]
    public void Same_seed_gives_bit_identical_tensors(string kind)
    {
        var a = RandomSources.Create(kind, 42, torch.CPU);
        var b = RandomSources.Create(kind, 42, torch.CPU);
        using var na = a.StandardNormal([3, 4], torch.CPU, torch.float64);
        using var nb = b.StandardNormal([3, 4], torch.CPU, torch.float64);
        using var ua = a.Uniform([5], torch.CPU, torch.float32);
        using var ub = b.Uniform([5], torch.CPU, torch.float32);
        Assert.Equal(Bits(na), Bits(nb));
        Assert.Equal(Bits(ua), Bits(ub));
        Assert.Equal(kind, a.Kind);
    }

    [Theory]
    [InlineData("numpy")]
    [InlineData("torch")]
    public void Reseeding_restarts_the_stream_and_another_seed_differs(string kind)
    {
        var source = RandomSources.Create(kind, 1, torch.CPU);
        using var first = source.StandardNormal([10], torch.CPU, torch.float64);
        using var next = source.StandardNormal([10], torch.CPU, torch.float64);
        source.Reseed(1);
        using var again = source.StandardNormal([10], torch.CPU, torch.float64);
        source.Reseed(2);
        using var other = source.StandardNormal([10], torch.CPU, torch.float64);
        Assert.Equal(Bits(first), Bits(again));
        Assert.NotEqual(Bits(first), Bits(next));
        Assert.NotEqual(Bits(first), Bits(other));
    }

    [Fact]
    public void Numpy_source_gives_randn_and_rand_in_row_major_order()
    {
        var source = new NumPyRandomSource(3);
        var state = new NumPyRandomState(3);
        using var normal = source.StandardNormal([4, 2], torch.CPU, torch.float64);
        using var uniform = source.Uniform([2, 3], torch.CPU, torch.float64);
        Assert.Equal([4L, 2L], normal.shape);
        Assert.Equal(torch.float64, normal.dtype);
        Assert.Equal(state.Randn(4, 2).Select(BitConverter.DoubleToInt64Bits), Bits(normal));
        Assert.Equal(state.Rand(2, 3).Select(BitConverter.DoubleToInt64Bits), Bits(uniform));
        Assert.Equal(1.78862847, normal[0, 0].item<double>(), 1e-8); // the course's first W1 value before scaling
    }

    [Fact]
    public void Numpy_source_converts_to_the_requested_dtype_from_float64_draws()
    {
        using var f32 = new NumPyRandomSource(0).Uniform([4], torch.CPU, torch.float32);
        Assert.Equal(torch.float32, f32.dtype);
        var expected = new NumPyRandomState(0).Rand(4).Select(v => (float)v).ToArray();
        Assert.Equal(expected, f32.data<float>().ToArray());
    }

    [Fact]
    public void Torch_source_uses_its_own_generator_not_the_global_one()
    {
        using var source = new TorchRandomSource(9);
        using var expected = source.Uniform([6], torch.CPU, torch.float64);
        source.Reseed(9);
        torch.random.manual_seed(12345);
        using var global = torch.rand(3); // moves the global stream only
        using var actual = source.Uniform([6], torch.CPU, torch.float64);
        Assert.Equal(Bits(expected), Bits(actual));
        Assert.Equal([6L], actual.shape);
    }

    [Fact]
    public void Cuda_tensors_hold_the_same_values_as_cpu_ones()
    {
        Assert.SkipUnless(TorchPractice.Runtime.TorchRuntime.CudaAvailable(), "no CUDA device here");
        foreach (var kind in RandomSources.Kinds)
        {
            using var cpu = RandomSources.Create(kind, 5, torch.CPU).StandardNormal([7, 3], torch.CPU, torch.float32);
            using var cuda = RandomSources.Create(kind, 5, torch.CUDA).StandardNormal([7, 3], torch.CUDA, torch.float32);
            Assert.Equal(DeviceType.CUDA, cuda.device_type);
            Assert.Equal(Bits(cpu), Bits(cuda));
        }
    }

    [Fact]
    public void Unknown_kinds_and_bad_shapes_are_rejected_clearly()
    {
        var e = Assert.Throws<ArgumentException>(() => RandomSources.Create("mersenne", 0, torch.CPU));
        Assert.Contains("expected numpy or torch", e.Message);
        Assert.Contains("mersenne", e.Message);
        Assert.Equal("numpy", RandomSources.Create(" NumPy ", 0, torch.CPU).Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => new NumPyRandomSource(0).StandardNormal([2, -3], torch.CPU, torch.float64));
    }
}
