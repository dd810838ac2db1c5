using System.Runtime.InteropServices;

namespace TorchPractice.Runtime;

/// <summary>
/// Optional tuning of glibc's malloc for libtorch's CPU tensors. Nothing in TorchPractice calls it: it changes
/// the whole process's allocator, so the application decides (the torchpractice command calls <see cref="Tune"/>
/// first thing). By default glibc serves a block over 128 KiB with mmap and hands the top of its heap back to
/// the kernel once 128 KiB are free there; the thresholds then move with the program. A training loop that
/// allocates and frees the same few 100 KiB–1 MiB activations every iteration can get either way, and then
/// every iteration pays page faults: the 20-configuration sweep ran at 1.5–2.8 ms per iteration instead of
/// 0.5 ms until the thresholds happened to settle, and at 0.5 ms from the first iteration with them fixed
/// (comparison/benchmark.md, "glibc malloc"). Fixed thresholds keep freed blocks in the process for reuse;
/// memory stays flat, at the run's working set. MALLOC_MMAP_THRESHOLD_ or MALLOC_TRIM_THRESHOLD_ in the
/// environment win: then nothing is changed.
/// </summary>
public static class NativeAllocator
{
    /// <summary>Blocks below this come from the heap (glibc's maximum for this setting on 64-bit).</summary>
    public const int MmapThreshold = 32 << 20;
    /// <summary>Free memory kept at the top of the heap before it is returned to the kernel.</summary>
    public const int TrimThreshold = 256 << 20;

    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    static readonly object Gate = new();
    static bool? _tuned;

    /// <summary>True when <see cref="Tune"/> has set the thresholds above in this process.</summary>
    public static bool Tuned => _tuned == true;

    /// <summary>
    /// Sets the thresholds above (once per process; later calls return the first result). Call it before
    /// libtorch allocates, i.e. before the first tensor. Returns true when glibc accepted both settings, false
    /// on other C libraries or when the environment sets either threshold.
    /// </summary>
    public static bool Tune()
    {
        lock (Gate)
        {
            if (_tuned is bool done) return done;
            _tuned = false;
            if (!OperatingSystem.IsLinux()) return false;
            if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
                Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null) return false;
            try
            {
                _tuned = mallopt(M_MMAP_THRESHOLD, MmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, TrimThreshold) == 1;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl has no mallopt): nothing to tune.
            }
            return _tuned.Value;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
