using System.Runtime.CompilerServices;

namespace TorchPractice.Tests;

static class TestSetup
{
    /// <summary>
    /// xunit runs test classes in parallel; libtorch's own intra-op threads on top of that oversubscribe
    /// the cores (spinning OpenMP workers), which slows the tiny tensors of these tests by orders of
    /// magnitude. One libtorch thread per test thread.
    /// </summary>
    [ModuleInitializer]
    internal static void OneLibtorchThread()
    {
        // Through TorchRuntime first, so that TORCHPRACTICE_LIBTORCH (the GPU machine) is honoured.
        TorchPractice.Runtime.TorchRuntime.Select(TorchPractice.Runtime.DeviceChoice.Cpu);
        TorchSharp.torch.set_num_threads(1);
    }
}
