using System.CommandLine;
using Spectre.Console;
using TorchPractice.Runtime;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice info`: versions, devices, where the natives came from.</summary>
sealed class InfoCommand : ICommand
{
    public string Name => "info";
    public string Summary => "versions, devices, and where libtorch was loaded from";
    public string Notes => "Loads libtorch, runs a small computation on the device, and reports TorchSharp/libtorch/.NET versions,\n" +
        "the devices available, the native library paths, and whether the libstdc++ compatibility step was applied.";

    readonly Option<DeviceChoice> _device = CommonOptions.Device();
    readonly Option<bool> _json = CommonOptions.Json();
    public IReadOnlyList<Option> Options => [_device, _json];

    public int Run(ParseResult parse)
    {
        var device = parse.GetValue(_device);
        bool json = parse.GetValue(_json);

        var r = TorchRuntime.Describe(device);
        if (json) { Json.Print(r); return 0; }

        var t = new Table().AddColumn("").AddColumn("");
        t.HideHeaders();
        void Row(string k, object? v) => t.AddRow(Markup.Escape(k), Markup.Escape(v?.ToString() ?? "—"));
        Row("TorchSharp", r.TorchSharpVersion);
        Row("libtorch", r.LibTorchVersion);
        Row(".NET", r.DotNetVersion);
        Row("build backend", r.TorchBackend);
        Row("device used", r.Device);
        Row("CUDA available", r.CudaAvailable ? $"yes ({r.CudaDeviceCount} device(s))" : "no");
        Row("threads", r.Threads);
        Row("libtorch from", r.LibTorchPath);
        Row("libtorch_cuda from", r.LibTorchCudaPath);
        Row("TorchSharp glue from", r.NativeGluePath);
        Row("TORCHPRACTICE_LIBTORCH", r.ExternalLibTorch);
        Row("libstdc++ compat step", r.CompatInMemory is not null ? $"applied in memory ({r.CompatInMemory})" : r.CompatApplied switch
        {
            true => "applied (GLIBCXX_3.4.32 need marked weak)",
            false => "not applied (host libstdc++ has GLIBCXX_3.4.32)",
            null => "not needed by this glue",
        });
        Row("malloc thresholds", r.AllocatorTuned
            ? $"set for tensor reuse (mmap {NativeAllocator.MmapThreshold >> 20} MiB, trim {NativeAllocator.TrimThreshold >> 20} MiB)"
            : "left alone (not glibc, or MALLOC_*_THRESHOLD_ set)");
        Row("check (sum of [[1,2],[3,4]]²)", r.CheckResult);
        AnsiConsole.Write(t);
        return 0;
    }
}
