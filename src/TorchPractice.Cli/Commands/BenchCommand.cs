using System.CommandLine;
using TorchPractice.Comparison.Bench;
using TorchPractice.Runtime;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice bench`: our two implementations against the NumPy (and PyTorch) peers, side by side.</summary>
sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "time both implementations against the NumPy/PyTorch peers and write comparison/benchmark.md";
    public string Notes => $"""
        Runs each case for ScratchModel, the batched sweep (Trainer.Sweep), AutogradModel and the peers (NumPy; PyTorch where
        torch is installed), alternating the variants after a warm-up, and reports median times, the ratio to NumPy and
        memory. Cases: {string.Join(", ", BenchCases.All(false).Select(c => c.Id))}.
        --device cuda runs ours and the torch peer on the GPU and skips those rows cleanly where there is none.
        Use a Release build for numbers worth keeping.
        --out replaces an existing file only when it is an earlier benchmark report (it holds the analysis marker
        line every report ends with; the text after it is kept) or with --force; anything else is refused before any work.
        """;

    readonly Option<bool> _quick = Declare.Switch("--quick", "cut iterations about 10× (a smoke run)");
    readonly Option<string?> _cases = Declare.Text("--cases", "ID,ID,…", "run only these cases (default: all)");
    readonly Option<int> _reps = Declare.Int("--reps", "N", "timed repetitions of each variant; the median is reported", 3,
        reps => reps >= 1 ? null : $"--reps must be ≥ 1; got {reps}");
    readonly Option<int?> _threads = Declare.OptionalInt("--threads", "N",
        "our intra-op threads, at most the core count (default: one thread for small workloads, see TorchRuntime.ThreadsFor)",
        threads => threads >= 1 && threads <= Environment.ProcessorCount ? null
            : $"--threads must be from 1 to the number of cores ({Environment.ProcessorCount}); got {threads}");
    readonly Option<DeviceChoice> _device = CommonOptions.Device(auto: false);
    readonly Option<string?> _out = Declare.Text("--out", "FILE.md", "where the report goes (default: comparison/benchmark.md in the repository, else ./benchmark.md)");
    readonly Option<bool> _force = Declare.Switch("--force", "replace --out even when it is not an earlier benchmark report");
    readonly Option<bool> _json = CommonOptions.Json("the results as one JSON object on stdout instead of the markdown");
    public IReadOnlyList<Option> Options => [_quick, _cases, _reps, _threads, _device, _out, _force, _json];

    public int Run(ParseResult parse)
    {
        bool quick = parse.GetValue(_quick), json = parse.GetValue(_json), force = parse.GetValue(_force);
        var cases = parse.GetValue(_cases)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        int reps = parse.GetValue(_reps);
        int? threads = parse.GetValue(_threads);
        var device = parse.GetValue(_device);
        string? outPath = parse.GetValue(_out);
        outPath ??= DefaultOut();
        OutputFiles.CheckReplaceable(outPath, "--out", BenchReport.IsBenchReport, "a benchmark report (no analysis marker line)", force);

        var runner = new BenchRunner(new BenchOptions { Quick = quick, Cases = cases, Reps = reps, Device = device, Threads = threads },
            line => Console.Error.WriteLine(line));
        var result = runner.Run();
        var markdown = BenchReport.Markdown(result, "torchpractice bench " + string.Join(" ", Environment.GetCommandLineArgs().Skip(2)));
        string? writeError = null;
        try
        {
            // Again, just before writing: a file that is not ours may have appeared there during the run.
            OutputFiles.CheckReplaceable(outPath, "--out", BenchReport.IsBenchReport, "a benchmark report (no analysis marker line)", force);
            BenchReport.Write(outPath, markdown);
        }
        catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException) { writeError = e.Message; }
        if (json) Json.Print(result);
        else Console.WriteLine(markdown);
        if (writeError is not null)
        {
            Console.Error.WriteLine($"torchpractice: error: the benchmark was not written: {writeError}");
            return ExitCodes.Failure;
        }
        Console.Error.WriteLine($"written to {outPath}");
        return 0;
    }

    /// <summary>comparison/benchmark.md of the repository this runs in, else benchmark.md here.</summary>
    static string DefaultOut()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TorchPractice.sln")) && Directory.Exists(Path.Combine(dir.FullName, "comparison")))
                return Path.Combine(dir.FullName, "comparison", "benchmark.md");
        return "benchmark.md";
    }
}
