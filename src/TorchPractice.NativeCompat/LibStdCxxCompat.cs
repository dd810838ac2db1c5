using System.Runtime.InteropServices;

namespace TorchPractice.NativeCompat;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for one symbol,
/// std::ios_base_library_init(): a link-time marker that is never called. Debian 12 and
/// Ubuntu 22.04 stop at GLIBCXX_3.4.30, so the loader refuses the library. Marking that one
/// version need weak lets the loader accept it; every other symbol still binds as before.
/// </summary>
public static class LibStdCxxCompat
{
    /// <summary>TorchSharp's native glue library, the one that carries the need.</summary>
    public const string NativeGlue = "libLibTorchSharp.so";
    /// <summary>The libstdc++ version the glue asks for and Debian 12 / Ubuntu 22.04 lack.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>Where this process's loader finds libstdc++.so.6 (the same lookup the app will make).</summary>
    public static string? LocateHostLibStdCxx()
    {
        if (!OperatingSystem.IsLinux()) return null;
        if (!NativeLibrary.TryLoad("libstdc++.so.6", out _)) return null;
        return File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && Path.GetFileName(f[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(f => f[5])
            .FirstOrDefault();
    }

    /// <summary>True when the host libstdc++ defines the version the glue asks for.</summary>
    public static bool HostProvides(string hostLibStdCxx) =>
        ElfVersionNeeds.ReadDefinitions(hostLibStdCxx).Contains(MissingVersion);

    /// <summary>Whether a copy of the glue has the compatibility edit (null: it never needed one).</summary>
    public static bool? IsApplied(string glue)
    {
        var needs = ElfVersionNeeds.ReadNeeds(glue).Where(n => n.Name == MissingVersion).ToList();
        return needs.Count == 0 ? null : needs.All(n => n.IsWeak);
    }
}
