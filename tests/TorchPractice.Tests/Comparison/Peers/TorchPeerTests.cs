using TorchPractice.Comparison.Peers;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;

namespace TorchPractice.Tests.Comparison.Peers;

/// <summary>The torch peer where torch is importable (skipped elsewhere); CUDA only where torch sees a device.</summary>
public sealed class TorchPeerTests
{
    static void AssertClose(PeerResult expected, PeerResult actual, double relative)
    {
        Assert.Equal(expected.Costs.Select(c => c.Iteration), actual.Costs.Select(c => c.Iteration));
        foreach (var (e, a) in expected.Costs.Zip(actual.Costs))
            Assert.True(Math.Abs(e.Cost - a.Cost) <= relative * Math.Abs(e.Cost), $"iteration {e.Iteration}: {e.Cost} vs {a.Cost}");
        Assert.Equal(expected.TrainAccuracy, actual.TrainAccuracy);
        Assert.Equal(expected.TestAccuracy, actual.TestAccuracy);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public async Task Both_torch_impls_follow_numpy_without_dropout(double lambd)
    {
        await RequireTorch();
        var request = Tiny() with { Lambd = lambd, ReturnFinalParameters = true };
        var numpy = await Run(PeerKind.NumPy, request);
        foreach (var kind in new[] { PeerKind.TorchManual, PeerKind.TorchAutograd })
        {
            var torch = await Run(kind, request);
            AssertClose(numpy, torch, 1e-12);
            Assert.Equal("cpu", torch.Device);
            Assert.Contains("torch", torch.Versions.Keys);
            foreach (var name in new[] { "W1", "b1", "W2", "b2", "W3", "b3" })
                Assert.All(numpy.FinalParameters![name].Cast<double>().Zip(torch.FinalParameters![name].Cast<double>()),
                    p => Assert.Equal(p.First, p.Second, 1e-12));
        }
    }

    [Fact]
    public async Task Manual_and_autograd_draw_the_same_dropout_masks()
    {
        await RequireTorch();
        foreach (var course in new[] { false, true })
        {
            var request = Tiny() with { KeepProb = 0.7, Lambd = 0.1, CourseDropout = course };
            AssertClose(await Run(PeerKind.TorchManual, request), await Run(PeerKind.TorchAutograd, request), 1e-12);
        }
    }

    [Fact]
    public async Task Float32_stays_near_float64()
    {
        await RequireTorch();
        var request = Tiny();
        var single = await Run(PeerKind.TorchManual, request with { DType = "float32" });
        Assert.Equal("float32", single.DType);
        var costs = (await Run(PeerKind.TorchManual, request)).Costs;
        foreach (var (d, s) in costs.Zip(single.Costs))
            Assert.Equal(d.Cost, s.Cost, 1e-5);
    }

    [Fact]
    public async Task On_cuda_both_impls_follow_numpy_and_report_device_memory()
    {
        await RequireTorch();
        var cuda = await Runner.DetectAsync(PeerKind.TorchManual, "cuda", TestContext.Current.CancellationToken);
        Assert.SkipUnless(cuda.IsAvailable, $"no CUDA here: {cuda.SkipReason}");
        var request = Tiny() with { Device = "cuda", Repeat = 2 };
        var numpy = await Run(PeerKind.NumPy, request with { Device = "cpu", Repeat = 1 });
        foreach (var kind in new[] { PeerKind.TorchManual, PeerKind.TorchAutograd })
        {
            var result = await Run(kind, request);
            AssertClose(numpy, result, 1e-11);
            Assert.StartsWith("cuda", result.Device);
            Assert.Equal("cuBLAS", result.BlasSummary);
            Assert.True(result.CudaPeakBytes > 0);
            Assert.Equal(2, result.Seconds.Count);
        }
    }
}
