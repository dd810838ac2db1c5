using TorchPractice.Runtime;
using TorchSharp;

namespace TorchPractice.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes_on_the_cpu()
    {
        var report = TorchRuntime.Describe(DeviceChoice.Cpu);
        Assert.Equal(54.0, report.CheckResult); // sum of [[1,2],[3,4]]^2, computed by libtorch
        Assert.NotNull(report.LibTorchPath);
        Assert.Equal("cpu", report.Device);
    }

    [Fact]
    public void The_loaded_glue_has_the_compat_edit_exactly_when_the_host_lacks_the_version()
    {
        var report = TorchRuntime.Describe(DeviceChoice.Cpu);
        var host = TorchPractice.NativeCompat.LibStdCxxCompat.LocateHostLibStdCxx();
        Assert.SkipWhen(host is null || report.NativeGluePath is null, "not a Linux host with a loaded glue library");
        Assert.Equal(!TorchPractice.NativeCompat.LibStdCxxCompat.HostProvides(host!), report.CompatApplied ?? false);
    }

    [Fact]
    public void Glibc_malloc_is_tuned_when_asked_unless_the_environment_sets_it()
    {
        NativeAllocator.Tune(); // explicit: the library never tunes it by itself
        var report = TorchRuntime.Describe(DeviceChoice.Cpu);
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc tuning is Linux-only");
        bool userSet = Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
                       || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null;
        Assert.Equal(!userSet, report.AllocatorTuned); // mallopt accepted both settings
    }

    [Fact]
    public void Asking_for_cuda_without_it_says_why_and_how_to_fix_it()
    {
        Assert.SkipWhen(TorchRuntime.CudaAvailable(), "CUDA is available here");
        var e = Assert.Throws<DeviceUnavailableException>(() => TorchRuntime.Select(DeviceChoice.Cuda));
        Assert.Contains("TorchBackend=cuda", e.Message);
        Assert.Contains(TorchRuntime.LibTorchVariable, e.Message);
    }

    [Fact]
    public void Cuda_runs_a_tensor_computation_on_the_gpu()
    {
        Assert.SkipUnless(TorchRuntime.CudaAvailable(), "no CUDA device here (CI never has one)");
        var report = TorchRuntime.Describe(DeviceChoice.Cuda);
        Assert.Equal("cuda", report.Device);
        Assert.Equal(54.0, report.CheckResult);
    }
}
