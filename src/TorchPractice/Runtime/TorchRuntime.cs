using System.Reflection;
using System.Runtime.InteropServices;
using TorchPractice.NativeCompat;
using TorchSharp;

namespace TorchPractice.Runtime;

/// <summary>
/// Loads libtorch and picks the device. Call <see cref="Select"/> before any other tensor code:
/// with TORCHPRACTICE_LIBTORCH set, libtorch must come from that directory (e.g. PyTorch's
/// torch/lib with CUDA) before TorchSharp's bundled CPU copy is loaded by anything else; and on Debian 12 /
/// Ubuntu 22.04, in an application whose build did not mark the glue's GLIBCXX_3.4.32 need weak (a project
/// reference to TorchPractice without importing buildTransitive/TorchPractice.targets, or the step turned off),
/// only <see cref="Select"/> can load the fixed in-memory copy: TorchSharp called first fails with
/// "GLIBCXX_3.4.32' not found".
/// </summary>
public static class TorchRuntime
{
    /// <summary>The environment variable naming a libtorch directory to load instead of the bundled one.</summary>
    public const string LibTorchVariable = "TORCHPRACTICE_LIBTORCH";
    static readonly object Gate = new();
    static string? _externalDir;
    static bool _preloaded;
    /// <summary>libtorch's libraries in load order (each after the ones it needs).</summary>
    internal static readonly string[] LibTorchLibraries = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    static string? _inMemoryCompat;

    /// <summary>How to get CUDA, in words (part of <see cref="DeviceUnavailableException"/>'s message).</summary>
    public static string FixHint =>
        $"reference TorchSharp-cuda-linux instead of TorchSharp-cpu in the application (in TorchPractice's repository: build with " +
        $"-p:TorchBackend=cuda), or set {LibTorchVariable} to a CUDA libtorch " +
        "directory such as PyTorch's torch/lib";

    /// <summary>Returns the device for a choice, loading natives as needed.</summary>
    public static torch.Device Select(DeviceChoice choice)
    {
        PreloadExternalLibTorch();
        switch (choice)
        {
            case DeviceChoice.Cpu:
                torch.InitializeDeviceType(DeviceType.CPU);
                return torch.CPU;
            case DeviceChoice.Cuda:
                if (!CudaAvailable()) throw new DeviceUnavailableException($"CUDA is not available: {CudaUnavailableReason()}. To fix: {FixHint}.");
                return torch.CUDA;
            default:
                return CudaAvailable() ? torch.CUDA : Select(DeviceChoice.Cpu);
        }
    }

    /// <summary>
    /// Below this many elements in the largest activation (n_l·m), CPU tensor operations run on one thread.
    /// At the course's sizes (≈ 4 000 elements) each operation takes a few microseconds, and handing it to
    /// libtorch's OpenMP team costs more than the work (and on a busy 2-core machine the spinning team made
    /// the course loop ~40× slower). From m = 100 000 × 20 (2 M elements) up, every core pays off on an idle
    /// machine: two threads took [2,20,3,1] at m = 100 000 from 19 to 13 ms per iteration and
    /// [512,256,128,1] at m = 20 000 from 368 to 188 ms (comparison/benchmark.md).
    /// </summary>
    public const long SingleThreadBelowElements = 1L << 18;

    /// <summary>The intra-op thread count for a CPU workload whose largest activation has this many elements.</summary>
    public static int ThreadsFor(long largestActivationElements) =>
        largestActivationElements < SingleThreadBelowElements ? 1 : Environment.ProcessorCount;

    /// <summary>Sets libtorch's intra-op thread count (process-wide; CPU operations only).</summary>
    public static void SetThreads(int threads)
    {
        if (threads < 1) throw new ArgumentException($"thread count must be ≥ 1; got {threads}");
        PreloadExternalLibTorch();
        torch.set_num_threads(threads);
    }

    /// <summary>True when libtorch with CUDA is loaded and sees a GPU.</summary>
    public static bool CudaAvailable()
    {
        PreloadExternalLibTorch();
        try { return torch.cuda.is_available(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or NotSupportedException or InvalidOperationException) { return false; }
    }

    static string CudaUnavailableReason()
    {
        var cudaLib = LoadedNativePath("libtorch_cuda.so");
        if (cudaLib is not null) return $"libtorch with CUDA is loaded ({cudaLib}) but no CUDA device or driver is visible";
        return _externalDir is null
            ? $"this build carries the CPU-only libtorch (TorchBackend={BuildInfo.TorchBackend}) and {LibTorchVariable} is not set"
            : $"{LibTorchVariable}={_externalDir} has no CUDA libtorch (libtorch_cuda.so)";
    }

    /// <summary>
    /// Once, before anything else touches libtorch: with TORCHPRACTICE_LIBTORCH set, load libtorch from there;
    /// then load TorchSharp's native glue, explaining the real cause when it cannot load (see NativeGlueLoader).
    /// </summary>
    static void PreloadExternalLibTorch()
    {
        lock (Gate)
        {
            if (_preloaded) return;
            LoadExternalLibTorch();
            _inMemoryCompat = NativeGlueLoader.Load();
            _preloaded = true;
        }
    }

    /// <summary>
    /// For a host that runs TorchSharp from the NuGet package folders instead of an application's output, where
    /// libtorch and TorchSharp's glue lie in different packages (a .NET Interactive kernel after <c>#r "nuget:…"</c>):
    /// loads libtorch from <paramref name="libTorchDirectory"/> and then the glue <paramref name="glue"/>, so that
    /// TorchSharp binds to them (instead of its own fallback, which copies ~480 MB of natives into one folder).
    /// Where the host's libstdc++ lacks GLIBCXX_3.4.32 the glue is an in-memory copy with that need marked weak: the
    /// package folder is never written. Call before any other TorchSharp or <see cref="TorchRuntime"/> call; later
    /// calls do nothing. With <see cref="LibTorchVariable"/> set, libtorch comes from there instead.
    /// </summary>
    /// <returns>A line describing the in-memory fix when one was needed, else null.</returns>
    /// <exception cref="DeviceUnavailableException">The natives cannot be loaded (the message says why and how to fix it).</exception>
    public static string? PreloadFromPackages(string glue, string libTorchDirectory)
    {
        lock (Gate)
        {
            if (_preloaded) return null;
            LoadExternalLibTorch();
            if (_externalDir is null)
            {
                // Full paths, in dependency order: the glue's needs then bind to these by soname.
                foreach (var name in LibTorchLibraries)
                {
                    var path = Path.Combine(libTorchDirectory, name);
                    if (!File.Exists(path) || LoadedNativePath(name) is not null) continue;
                    try { NativeLibrary.Load(path); }
                    catch (DllNotFoundException e) { throw new DeviceUnavailableException($"could not load libtorch's {path}: {e.Message}"); }
                }
                if (LoadedNativePath("libtorch_cpu.so") is null)
                    throw new DeviceUnavailableException($"{libTorchDirectory} holds no libtorch (libtorch_cpu.so)");
            }
            _inMemoryCompat = NativeGlueLoader.Load(glue);
            _preloaded = true;
            return _inMemoryCompat;
        }
    }

    static void LoadExternalLibTorch()
    {
        var dir = Environment.GetEnvironmentVariable(LibTorchVariable);
        if (string.IsNullOrWhiteSpace(dir)) return;
        if (!Directory.Exists(dir)) throw new DeviceUnavailableException($"{LibTorchVariable}={dir}: no such directory");
        _externalDir = Path.GetFullPath(dir);
        // Full paths: these libraries' own RUNPATH ($ORIGIN) then finds c10, CUDA runtime, etc.
        // libLibTorchSharp.so later binds to the copies already loaded, not the bundled CPU ones.
        foreach (var name in LibTorchLibraries)
        {
            var path = Path.Combine(_externalDir, name);
            if (!File.Exists(path)) continue;
            try { NativeLibrary.Load(path); }
            catch (DllNotFoundException e) { throw new DeviceUnavailableException($"{LibTorchVariable}: could not load {path}: {e.Message}"); }
        }
        if (LoadedNativePath("libtorch_cpu.so") is null)
            throw new DeviceUnavailableException($"{LibTorchVariable}={_externalDir} holds no libtorch (libtorch_cpu.so)");
    }

    /// <summary>The file a native library was mapped from in this process, or null.</summary>
    public static string? LoadedNativePath(string fileName)
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).SequenceEqual(fileName)) return line[slash..];
        }
        return null;
    }

    /// <summary>What `torchpractice info` reports.</summary>
    public static RuntimeReport Describe(DeviceChoice choice)
    {
        var device = Select(choice);
        bool cuda = CudaAvailable();
        var glue = LoadedNativePath(LibStdCxxCompat.NativeGlue);
        // A real computation on the chosen device proves the natives work, not only that they loaded.
        double check;
        using (torch.NewDisposeScope())
        {
            using Scalar one = 1, five = 5; // held (see HeldScalars); arange without a step passes an implicit 1
            var a = torch.arange(one, five, one, torch.float64, device).reshape(2, 2);
            check = a.matmul(a).sum().cpu().item<double>(); // [[1,2],[3,4]]^2 sums to 54
        }
        return new RuntimeReport(
            TorchSharpVersion: typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                               ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
            LibTorchVersion: ExternalLibTorchVersion() ?? torch.__version__,
            DotNetVersion: RuntimeInformation.FrameworkDescription,
            TorchBackend: BuildInfo.TorchBackend,
            Device: device.type == DeviceType.CUDA ? "cuda" : "cpu",
            CudaAvailable: cuda,
            CudaDeviceCount: cuda ? torch.cuda.device_count() : 0,
            Threads: torch.get_num_threads(),
            LibTorchPath: LoadedNativePath("libtorch_cpu.so"),
            LibTorchCudaPath: LoadedNativePath("libtorch_cuda.so"),
            NativeGluePath: glue,
            ExternalLibTorch: _externalDir,
            CompatApplied: _inMemoryCompat is not null ? true : glue is null ? null : LibStdCxxCompat.IsApplied(glue),
            CheckResult: check,
            AllocatorTuned: NativeAllocator.Tuned,
            CompatInMemory: _inMemoryCompat);
    }

    /// <summary>PyTorch's libtorch keeps its version beside lib/ in version.py.</summary>
    static string? ExternalLibTorchVersion()
    {
        if (_externalDir is null) return null;
        var versionPy = Path.Combine(_externalDir, "..", "version.py");
        if (!File.Exists(versionPy)) return null;
        var line = File.ReadLines(versionPy).FirstOrDefault(l => l.StartsWith("__version__", StringComparison.Ordinal));
        return line?.Split('=', 2)[1].Trim().Trim('\'', '"');
    }
}
