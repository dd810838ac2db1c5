using System.Runtime.InteropServices;
using System.Runtime.Loader;
using TorchPractice.NativeCompat;

namespace TorchPractice.Runtime;

/// <summary>
/// Makes sure TorchSharp's native glue (libLibTorchSharp.so) loads before TorchSharp tries, and says why when it
/// cannot. TorchSharp's own failure message ("doesn't contain a reference to libtorch-cpu-linux-x64") names the
/// wrong cause on Debian 12 / Ubuntu 22.04, and its fallback first copies ~480 MB of natives into a cpu/ folder.
/// <para>
/// Where the host's libstdc++ lacks GLIBCXX_3.4.32 and the application's copy of the glue was not fixed by the
/// build step (an application that references TorchPractice as a project, not as a package), the glue is loaded
/// from an in-memory copy with that one need marked weak (memfd; no file is written), and TorchSharp's imports of
/// "LibTorchSharp" are pointed at it. Otherwise nothing is changed.
/// </para>
/// </summary>
static class NativeGlueLoader
{
    const string ImportName = "LibTorchSharp";

    /// <summary>Where the runtime will look for the glue: the natives folder of a built app, or beside a published one.</summary>
    static IEnumerable<string> Candidates()
    {
        string app = AppContext.BaseDirectory;
        yield return Path.Combine(app, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", LibStdCxxCompat.NativeGlue);
        yield return Path.Combine(app, "runtimes", "linux-x64", "native", LibStdCxxCompat.NativeGlue);
        yield return Path.Combine(app, LibStdCxxCompat.NativeGlue);
    }

    /// <summary>
    /// Loads the glue (Linux x64 only; elsewhere TorchSharp loads as it does), from <paramref name="file"/> when given
    /// (a host that runs TorchSharp from the NuGet package folders, such as a .NET Interactive kernel), else from the
    /// application. Throws <see cref="DeviceUnavailableException"/> with the real cause and the fix when it cannot be
    /// loaded. Returns a line describing an in-memory fix when one was needed, else null.
    /// </summary>
    public static string? Load(string? file = null)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        if (TorchRuntime.LoadedNativePath(LibStdCxxCompat.NativeGlue) is not null) return null;
        string? glue = file is not null ? (File.Exists(file) ? file : null) : Candidates().FirstOrDefault(File.Exists);
        if (glue is null && file is not null)
            throw new DeviceUnavailableException($"TorchSharp's native library {file} does not exist: restore the TorchSharp package again.");
        if (glue is null)
            throw new DeviceUnavailableException(
                $"TorchSharp's native library {LibStdCxxCompat.NativeGlue} is not in this application ({AppContext.BaseDirectory}): " +
                "the application needs a TorchSharp backend package. Add TorchSharp-cpu (or TorchSharp-cuda-linux) to the application's " +
                "project file, in the same version as TorchSharp, and build it again.");

        string? error = TryLoad(glue);
        if (error is null) return null;
        if (!error.Contains(LibStdCxxCompat.MissingVersion, StringComparison.Ordinal))
            throw new DeviceUnavailableException(
                $"TorchSharp's native library {glue} does not load: {error}. Check that the application references one " +
                "TorchSharp backend package (TorchSharp-cpu or TorchSharp-cuda-linux) in TorchSharp's version, and rebuild it.");

        string host = LibStdCxxCompat.LocateHostLibStdCxx() ?? "libstdc++.so.6";
        string? memoryError = TryLoadWeakenedCopy(glue);
        if (memoryError is null)
            return $"host libstdc++ ({host}) lacks {LibStdCxxCompat.MissingVersion} and {glue} was not fixed at build time; " +
                   "loaded an in-memory copy with that need marked weak";
        throw new DeviceUnavailableException(
            $"TorchSharp cannot load on this host: {glue} needs {LibStdCxxCompat.MissingVersion} (GCC 13's libstdc++), " +
            $"and the host's {host} is older (Debian 12 and Ubuntu 22.04 stop at GLIBCXX_3.4.30). Only one never-called " +
            "symbol needs it. Fix: reference TorchPractice as a NuGet package (its build step marks that need weak in the " +
            $"build and publish output), or install a libstdc++ with {LibStdCxxCompat.MissingVersion}. " +
            $"(Loader: {error}; in-memory fix: {memoryError}.)");
    }

    static string? TryLoad(string path)
    {
        try { NativeLibrary.Load(path); return null; }
        catch (DllNotFoundException e) { return e.Message; }
        catch (BadImageFormatException e) { return e.Message; }
    }

    static string? TryLoadWeakenedCopy(string glue)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(glue);
            if (ElfVersionNeeds.MarkWeak(bytes, LibStdCxxCompat.MissingVersion, glue) != ElfVersionNeeds.Outcome.Marked)
                return "the need is weak already";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ElfFormatException) { return e.Message; }

        int fd = memfd_create(LibStdCxxCompat.NativeGlue, 0);
        if (fd < 0) return $"memfd_create failed (errno {Marshal.GetLastPInvokeError()})";
        string copy = $"/proc/self/fd/{fd}";
        try { File.WriteAllBytes(copy, bytes); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return e.Message; }

        // The copy's $ORIGIN is /proc/self/fd: load its libtorch neighbours by full path first, so that its
        // needs bind to them by soname.
        string dir = Path.GetDirectoryName(glue)!;
        foreach (var name in TorchRuntime.LibTorchLibraries)
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path) && TorchRuntime.LoadedNativePath(name) is null && TryLoad(path) is { } e) return e;
        }
        IntPtr handle;
        try { handle = NativeLibrary.Load(copy); }
        catch (DllNotFoundException e) { return e.Message; }
        // The runtime's own probe for "LibTorchSharp" still fails on the unfixed file; this answers it instead.
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) => name == ImportName ? handle : IntPtr.Zero;
        return null;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int memfd_create(string name, uint flags);
}
