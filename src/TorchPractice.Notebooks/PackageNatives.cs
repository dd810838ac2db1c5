using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace TorchPractice.Notebooks;

/// <summary>
/// Where the natives of a NuGet package lie when the package is used from the NuGet package folders, as a .NET
/// Interactive kernel uses the packages it restored (nothing is copied into an application folder): each native
/// library is in a package of its own (TorchSharp's glue in TorchSharp, libtorch in libtorch-cpu-linux-x64,
/// SkiaSharp's in SkiaSharp.NativeAssets.Linux.NoDependencies), in runtimes/linux-x64/native. Also finds them beside
/// the assembly, where an application's build copied them.
/// </summary>
static class PackageNatives
{
    const string NativeFolder = "runtimes/linux-x64/native";

    /// <summary>
    /// The natives folder of <paramref name="nativePackage"/> in the version of the package that holds
    /// <paramref name="assembly"/> (…/packages/&lt;id&gt;/&lt;version&gt;/lib/&lt;tfm&gt;/X.dll), else the assembly's own
    /// runtimes/linux-x64/native folder when it has one (a built application), else null.
    /// </summary>
    public static string? Folder(Assembly assembly, string nativePackage, string? version = null)
    {
        var dir = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(dir)) return null;
        var beside = Path.Combine(dir, NativeFolder);
        if (Directory.Exists(beside)) return beside;
        var packageVersion = Directory.GetParent(dir)?.Parent; // lib/<tfm> → <version>
        var packagesRoot = packageVersion?.Parent?.Parent;
        if (packageVersion is null || packagesRoot is null) return null;
        var folder = Path.Combine(packagesRoot.FullName, nativePackage.ToLowerInvariant(), version ?? packageVersion.Name, NativeFolder);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>
    /// The version of <paramref name="dependency"/> that the package <paramref name="id"/> (in the version of the
    /// package that holds <paramref name="assembly"/>) depends on, read from its .nuspec in the package folders.
    /// </summary>
    public static string? DependencyVersion(Assembly assembly, string id, string dependency)
    {
        var packageVersion = Directory.GetParent(Path.GetDirectoryName(assembly.Location) ?? "")?.Parent;
        var packagesRoot = packageVersion?.Parent?.Parent;
        if (packageVersion is null || packagesRoot is null) return null;
        var nuspec = Path.Combine(packagesRoot.FullName, id.ToLowerInvariant(), packageVersion.Name, id.ToLowerInvariant() + ".nuspec");
        if (!File.Exists(nuspec)) return null;
        var match = Regex.Match(File.ReadAllText(nuspec), $"<dependency id=\"{Regex.Escape(dependency)}\" version=\"\\[?([^\",\\]]+)", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>
    /// Points <paramref name="assembly"/>'s DllImports at the natives in <paramref name="folder"/> (libNAME.so), for
    /// a library whose natives the runtime does not find by itself. Does nothing when a resolver is set already
    /// (the extension loaded twice in one kernel).
    /// </summary>
    public static void Resolve(Assembly assembly, string folder)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) =>
            {
                // SkiaSharp imports "libSkiaSharp", HarfBuzzSharp "libHarfBuzzSharp": the file is NAME.so.
                foreach (var file in new[] { name + ".so", "lib" + name + ".so" })
                    if (File.Exists(Path.Combine(folder, file))) return NativeLibrary.Load(Path.Combine(folder, file));
                return IntPtr.Zero;
            });
        }
        catch (InvalidOperationException) { } // set already
    }
}
