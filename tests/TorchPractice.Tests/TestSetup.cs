using System.Runtime.CompilerServices;

namespace TorchPractice.Tests;

// Tests run one at a time (xunit.runner.json: parallelizeTestCollections false). TorchSharp 0.107 frees
// implicitly converted Scalars (every `t * 2.0`, and the hidden alpha of `a + b`) in finalizers; a garbage
// collection set off by a second test thread while the first is inside a libtorch call can free a Scalar
// that call is still using ("Unknown scalar type"). Serial tests also keep libtorch's process-wide
// generator (nn.Dropout) to one test.
static class TestSetup
{
    /// <summary>
    /// The tests' tensors are tiny: libtorch's intra-op threads only add overhead, and their spinning
    /// OpenMP workers slow everything by orders of magnitude when the cores are busy.
    /// </summary>
    [ModuleInitializer]
    internal static void OneLibtorchThread()
    {
        // Through TorchRuntime first, so that TORCHPRACTICE_LIBTORCH (the GPU machine) is honoured.
        TorchPractice.Runtime.TorchRuntime.Select(TorchPractice.Runtime.DeviceChoice.Cpu);
        TorchSharp.torch.set_num_threads(1);
    }
}
