using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Notebooks;

/// <summary>
/// The .NET Interactive kernel extension of the TorchPractice.Notebooks package: the kernel loads it after
/// <c>#r "nuget: TorchPractice.Notebooks, …"</c> (from the package's interactive-extensions/dotnet folder), so a
/// notebook's setup cell is that reference, its usings and the device choice. It loads TorchSharp's natives (on
/// Debian 12 / Ubuntu 22.04 the glue with its GLIBCXX_3.4.32 need marked weak, in memory: README, "the libstdc++
/// step"), points SkiaSharp at its natives for the plots, prints tensors as NumPy prints them, and makes the notebook's
/// numbers culture-independent.
/// </summary>
public sealed class TorchPracticeKernelExtension : IKernelExtension
{
    /// <summary>Called by the kernel once the package is restored.</summary>
    public Task OnLoadAsync(Kernel kernel)
    {
        LoadTorchNatives();
        // ScottPlot draws with SkiaSharp, whose natives are in packages of their own that the runtime does not probe.
        foreach (var (assembly, natives) in new[] { (typeof(SkiaSharp.SKBitmap).Assembly, "SkiaSharp.NativeAssets.Linux.NoDependencies"),
                                                    (typeof(HarfBuzzSharp.Blob).Assembly, "HarfBuzzSharp.NativeAssets.Linux") })
            if (PackageNatives.Folder(assembly, natives) is { } folder) PackageNatives.Resolve(assembly, folder);

        // The same digits on every machine (the notebooks print numbers to compare with the course's).
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Formatter.Register<Tensor>((t, writer) => writer.Write(t.ToString(TorchSharp.TensorStringStyle.Numpy)), "text/plain");
        Formatter.SetPreferredMimeTypesFor(typeof(Tensor), "text/plain");
        return Task.CompletedTask;
    }

    /// <summary>
    /// libtorch (libtorch-cpu-linux-x64, in the version TorchSharp-cpu asks for) and TorchSharp's glue, before any torch
    /// call, from the package folders; in a built application (natives beside TorchSharp.dll) TorchRuntime finds them.
    /// </summary>
    static void LoadTorchNatives()
    {
        var torchSharp = typeof(torch).Assembly;
        var libTorchVersion = PackageNatives.DependencyVersion(torchSharp, "TorchSharp-cpu", "libtorch-cpu");
        if (PackageNatives.Folder(torchSharp, "TorchSharp") is not { } glueFolder) return;
        var libTorch = libTorchVersion is null ? glueFolder : PackageNatives.Folder(torchSharp, "libtorch-cpu-linux-x64", libTorchVersion);
        if (libTorch is null) return; // not restored as packages: TorchRuntime.Select loads and explains
        TorchRuntime.PreloadFromPackages(Path.Combine(glueFolder, "libLibTorchSharp.so"), libTorch);
    }
}
