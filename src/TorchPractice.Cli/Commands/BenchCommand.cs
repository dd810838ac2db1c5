using TorchPractice.Comparison.Bench;
using TorchPractice.Runtime;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice bench`: our two implementations against the NumPy (and PyTorch) peers, side by side.</summary>
sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "time both implementations against the NumPy/PyTorch peers and write comparison/benchmark.md";
    public string Usage => $"""
        usage: torchpractice bench [--quick] [--cases ID,ID,...] [--reps 3] [--threads N] [--device cpu|cuda]
                                   [--out comparison/benchmark.md] [--force] [--json]

        Runs each case for ScratchModel, the batched sweep (Trainer.Sweep), AutogradModel and the peers (NumPy; PyTorch where
        torch is installed), alternating the variants after a warm-up, and reports median times, the ratio to NumPy and
        memory. Cases: {string.Join(", ", BenchCases.All(false).Select(c => c.Id))}.
        --quick cuts iterations about 10× (a smoke run). --threads fixes our intra-op threads, at most the core count
        (default: one thread for small workloads, see TorchRuntime.ThreadsFor). --device cuda runs ours and the torch peer on the GPU and
        skips those rows cleanly where there is none. Use a Release build for numbers worth keeping.
        --out replaces an existing file only when it is an earlier benchmark report (it holds the analysis marker
        line every report ends with; the text after it is kept) or with --force; anything else is refused before any work.
        """;
    public IReadOnlySet<string> Switches { get; } = new HashSet<string> { "json", "quick", "force" };

    public int Run(CommandLine o)
    {
        bool quick = o.Flag("quick"), json = o.Flag("json"), force = o.Flag("force");
        var cases = o.String("cases")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        int reps = o.Int("reps", 3);
        int? threads = o.Has("threads") ? o.Int("threads", 1) : null;
        var device = OptionValues.Device(o.String("device", "cpu"));
        string? outPath = o.String("out");
        o.RejectUnknown();
        if (reps < 1) throw new UsageException($"bench: --reps must be ≥ 1; got {reps}");
        if (threads < 1 || threads > Environment.ProcessorCount)
            throw new UsageException($"bench: --threads must be from 1 to the number of cores ({Environment.ProcessorCount}); got {threads}");
        if (device == DeviceChoice.Auto) throw new UsageException("bench: --device must be cpu or cuda");
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
