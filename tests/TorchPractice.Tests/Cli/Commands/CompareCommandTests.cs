using TorchPractice.Comparison.Report;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>
/// `torchpractice compare` as separate processes: SIGTERM, concurrent runs into one directory, killed runs. Each run
/// is the full init study (minutes of work) stopped by a signal once it reports progress, so no test waits for training.
/// </summary>
public sealed class CompareCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-compare-cli-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static readonly string[] LongRun = ["compare", "--studies", "init", "--no-peers"];

    CliProcess Start(params string[] args) => CliProcess.Start(_dir, [], [.. LongRun, .. args]);

    /// <summary>Waits for the first progress line: the run has prepared its output and is training.</summary>
    static Task Training(CliProcess cli) => cli.WaitForErrorLineAsync(l => l.Contains("init: zeros", StringComparison.Ordinal));

    string[] Hidden() => Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).ToArray()!;

    [Fact]
    public async Task Two_runs_into_one_out_stopped_by_SIGTERM_both_keep_an_incomplete_report_and_name_it()
    {
        var target = Path.Combine(_dir, "out");
        using var a = Start("--out", target);
        using var b = Start("--out", target);
        await Task.WhenAll(Training(a), Training(b));
        a.Signal("TERM");
        b.Signal("TERM");
        var runs = await Task.WhenAll(a.ExitAsync(), b.ExitAsync());

        Assert.All(runs, r => Assert.True(r.Code == 143, $"exit {r.Code}; stderr:\n{r.Err}"));
        foreach (var dir in new[] { target, target + "-2" })
            Assert.Contains("**INCOMPLETE**", File.ReadAllText(Path.Combine(dir, ReportWriter.MarkdownFile)));
        var moved = Assert.Single(runs, r => r.Err.Contains("was filled by another run", StringComparison.Ordinal));
        Assert.Contains($"torchpractice: error: {target} was filled by another run meanwhile; this run's report is in {target}-2", moved.Err);
        Assert.All(runs, r => Assert.Contains("INCOMPLETE", r.Out));
        Assert.Empty(Hidden());
    }

    [Fact]
    public async Task Default_out_names_of_runs_started_together_never_collide()
    {
        using var a = Start();
        using var b = Start();
        await Task.WhenAll(Training(a), Training(b));
        a.Signal("TERM");
        b.Signal("TERM");
        var runs = await Task.WhenAll(a.ExitAsync(), b.ExitAsync());

        Assert.All(runs, r => Assert.True(r.Code == 143, $"exit {r.Code}; stderr:\n{r.Err}"));
        var reports = Directory.GetDirectories(_dir, "compare-*");
        Assert.Equal(2, reports.Length);
        Assert.All(reports, d => Assert.True(File.Exists(Path.Combine(d, ReportWriter.MarkdownFile))));
        Assert.Empty(Hidden());
    }

    [Fact]
    public async Task A_killed_runs_staging_directory_is_removed_by_the_next_run()
    {
        var target = Path.Combine(_dir, "out");
        using (var killed = Start("--out", target))
        {
            await Training(killed);
            killed.Signal("KILL");
            await killed.ExitAsync();
        }
        Assert.Single(Hidden(), n => n.StartsWith(".out.partial-", StringComparison.Ordinal));

        // The next run (here: its first step) clears what the dead one left.
        OutputDirectory.Prepare(Path.Combine(_dir, "next"), force: false).Abandon();
        Assert.Empty(Hidden());
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void Force_into_a_folder_of_the_users_files_is_refused_before_any_training()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "src"));
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "x");
        var (code, output, error) = CliProcess.InProcess(null, "compare", "--quick", "--studies", "init", "--no-peers", "--force", "--out", _dir);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: {_dir} is not an earlier TorchPractice report (no {OutputDirectory.MarkerFile}); --force replaces only such a report: choose another --out",
            error.Trim());
        Assert.Equal("", output);
        Assert.Equal(["notes.txt", "src"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("compare: --activation expects relu, tanh, sigmoid or leaky_relu; got 'gelu'", "--activation", "gelu")]
    [InlineData("--layers must end in 1 (one sigmoid output for binary classification); got 3", "--layers", "2,20,3")]
    [InlineData("data 'football' has 2 features but the model's first layer expects 3 (--layers starts with 3); start --layers with 2 for this data", "--layers", "3,20,3,1")]
    [InlineData("compare: --layers and --activation set the reg study's model; add reg to --studies", "--studies", "init", "--activation", "tanh")]
    [InlineData("compare: --studies expects a comma-separated list of init, reg, gradcheck, depth, optimization; got 'depth,deep'", "--studies", "depth,deep")]
    public void Bad_layers_or_activation_are_one_line_before_any_work(string message, params string[] args)
    {
        var (code, output, error) = CliProcess.InProcess(null, ["compare", "--quick", "--no-peers", "--out", Path.Combine(_dir, "out"), .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"torchpractice: error: {message}", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
