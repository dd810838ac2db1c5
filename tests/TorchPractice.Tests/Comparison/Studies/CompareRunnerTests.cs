using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Tests.Comparison.Studies;

public sealed class CompareRunnerTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-compare-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A few iterations of every run: exercises every table, figure and field in seconds.</summary>
    static CompareOptions Tiny(params string[] studies) => new()
    {
        Peers = false,
        BoundaryGrid = 24,
        Budget = new IterationBudget { Init = 4, Reg = 4, Sweep = 2, GradientNorms = 3, PrintEvery = 2 },
        Studies = studies.Length == 0 ? new HashSet<string> { "init", "reg" } : studies.ToHashSet(),
    };

    string[] Leftovers() => Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).ToArray()!;

    [Fact]
    public void TinyRun_WritesReportResultsAndPictures()
    {
        var target = Path.Combine(_root, "out");
        var results = CompareRunner.Run(Tiny(), target, force: false);

        Assert.Equal(target, results.OutputDirectory);
        Assert.Empty(Leftovers());
        string md = File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile));
        Assert.Contains("## Initialization study", md);
        Assert.Contains("## Regularization study", md);
        Assert.Contains("| init | impl | train % | test % | final cost | time s | µs/it | max rel Δθ |", md);
        Assert.Contains("λ sweep (scratch, 2 it., keep_prob 1; trained on 168 train, chosen on 43 dev, tested on 200 test)", md);
        Assert.DoesNotContain("INCOMPLETE", md);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
        var root = json.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean());
        var rows = root.GetProperty("init").GetProperty("rows");
        Assert.Equal(InitStudy.Entries.Count, rows.GetArrayLength());
        foreach (var row in rows.EnumerateArray())
        {
            var pair = row.GetProperty("pair");
            foreach (var impl in new[] { "scratch", "autograd" })
            {
                var run = pair.GetProperty(impl);
                Assert.Equal(impl, run.GetProperty("implementation").GetString());
                Assert.Equal(4, run.GetProperty("iterations_run").GetInt32());
                Assert.InRange(run.GetProperty("train_accuracy").GetDouble(), 0, 1);
                Assert.Equal([0, 2, 3], run.GetProperty("costs").EnumerateArray().Select(c => c.GetProperty("iteration").GetInt32()));
            }
            // Same start, same data: the two implementations agree to rounding.
            Assert.InRange(pair.GetProperty("max_relative_parameter_difference").GetDouble(), 0, 1e-12);
            Assert.Equal(3, row.GetProperty("gradient_norms").GetArrayLength());
        }
        // Zeros never break symmetry; He does from the first draw.
        Assert.True(rows[0].GetProperty("symmetry").GetProperty("symmetric").GetBoolean());
        Assert.False(rows[2].GetProperty("symmetry").GetProperty("symmetric").GetBoolean());
        Assert.All(rows[0].GetProperty("gradient_norms")[0].GetProperty("weight_gradient_norms").EnumerateArray(), n => Assert.Equal(0, n.GetDouble()));

        var reg = root.GetProperty("reg");
        Assert.Equal(3, reg.GetProperty("rows").GetArrayLength());
        Assert.Equal(RegularizationStudy.Lambdas.Count, reg.GetProperty("lambda_sweep").GetArrayLength());
        Assert.Equal(RegularizationStudy.KeepProbs.Count, reg.GetProperty("keep_prob_sweep").GetArrayLength());
        // The sweeps: trained on train, chosen on dev, one test number per sweep (others hidden by default).
        var sets = reg.GetProperty("sweep_split");
        Assert.Equal(168, sets.GetProperty("train_count").GetInt32()); // football: 211 training samples, ceil(0.2 · 211) = 43 dev
        Assert.Equal(43, sets.GetProperty("dev_count").GetInt32());
        Assert.Equal(200, sets.GetProperty("test_count").GetInt32());
        foreach (var (sweep, choice) in new[] { ("lambda_sweep", "lambda_choice"), ("keep_prob_sweep", "keep_prob_choice") })
        {
            var points = reg.GetProperty(sweep).EnumerateArray().ToArray();
            Assert.Single(points, p => p.GetProperty("chosen").GetBoolean());
            Assert.All(points, p => Assert.InRange(p.GetProperty("dev_accuracy").GetDouble(), 0, 1));
            Assert.All(points, p => Assert.Equal(p.GetProperty("chosen").GetBoolean(), p.GetProperty("run").GetProperty("test_accuracy").ValueKind == JsonValueKind.Number));
            Assert.InRange(reg.GetProperty(choice).GetProperty("test_accuracy").GetDouble(), 0, 1);
        }
        Assert.Contains("chosen on dev: λ =", md);
        Assert.DoesNotContain(RegularizationStudyReport.UnusedTestColumn, md);

        var figures = root.GetProperty("figures").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Contains("init-costs.png", figures);
        Assert.Contains("reg-sweeps.png", figures);
        Assert.Contains("init-boundary-he.png", figures);
        Assert.Contains("init-gradnorms-zeros.png", figures);
        foreach (var f in figures)
        {
            Assert.Contains($"]({f})", md);
            var bytes = File.ReadAllBytes(Path.Combine(target, f));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    [Fact]
    public void The_reg_study_runs_and_sweeps_the_given_layers_and_activation_and_skips_the_peers_for_them()
    {
        var target = Path.Combine(_root, "deep");
        var options = Tiny("reg") with { RegLayers = [2, 6, 5, 4, 1], RegActivation = TorchPractice.Models.Activation.Tanh, Peers = true };
        var results = CompareRunner.Run(options, target, force: false);

        var reg = results.Reg!;
        Assert.Equal([2, 6, 5, 4, 1], reg.Settings.Layers);
        Assert.Equal(TorchPractice.Models.Activation.Tanh, reg.Settings.Activation);
        string md = File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile));
        Assert.Contains("layers [2,6,5,4,1] tanh", md);
        Assert.Contains("torch peer skipped: it implements the course's three-layer ReLU model only, not layers [2,6,5,4,1] with tanh (the NumPy peer runs it)", md);
        Assert.Equal(RegularizationStudy.Entries.Count, reg.Rows.Count);
        foreach (var row in reg.Rows)
        {
            Assert.InRange(row.Pair.MaxRelativeParameterDifference, 0, 1e-12);
            var peer = Assert.Single(row.Pair.Peers); // NumPy only: no torch row for a model it does not implement
            Assert.Equal("numpy", peer.Implementation);
            Assert.False(peer.Skipped, peer.SkipReason);
            // The NumPy peer trains the same deep tanh model from the same start with the same masks.
            Assert.InRange(Math.Abs(peer.FinalCost!.Value - row.Pair.Scratch.FinalCost!.Value), 0, 1e-10 * row.Pair.Scratch.FinalCost!.Value);
        }
        Assert.Equal(RegularizationStudy.Lambdas.Count, reg.LambdaSweep.Count);
        Assert.All(reg.LambdaSweep.Concat(reg.KeepProbSweep), p => Assert.True(double.IsFinite(p.Run.FinalCost!.Value)));
    }

    [Fact]
    public void GradCheckStudy_PassesCorrectGradientsAndLocatesEveryPlantedBug()
    {
        var results = CompareRunner.Run(Tiny("gradcheck"), Path.Combine(_root, "gc"), force: false);
        var gc = results.GradCheck!;
        Assert.Equal(6, gc.Checks.Count);
        Assert.All(gc.Checks, c => Assert.True(c.Passed, $"{c.Case} {c.Configuration}: {c.ScratchVsNumeric}"));
        Assert.All(gc.Checks, c => Assert.InRange(c.ScratchVsAutograd, 0, 1e-12));
        Assert.Equal(2 * TorchPractice.GradientCheck.PlantedBugs.All.Count, gc.Bugs.Count); // two cases × the catalogue
        Assert.All(gc.Bugs, b => Assert.True(b.FoundAsExpected, $"{b.Case} {b.Bug}: flagged {string.Join(",", b.FlaggedTensors)}"));
        Assert.Contains("Planted bugs", File.ReadAllText(Path.Combine(_root, "gc", ReportWriter.MarkdownFile)));
        // Each planted bug says what its mistake looks like, with a heat map in the report.
        var course = gc.Bugs.Single(b => b.Case == "course" && b.Bug.StartsWith("course", StringComparison.Ordinal));
        Assert.Contains(course.Diagnoses, d => d.StartsWith("W2's gradient is 2.000× the numeric one", StringComparison.Ordinal));
        Assert.Contains(course.Diagnoses, d => d.StartsWith("b1's gradient is 4.000× the numeric one", StringComparison.Ordinal));
        Assert.All(gc.Bugs, b => Assert.True(File.Exists(Path.Combine(_root, "gc", b.HeatmapFigure!)), b.Bug));
    }

    [Fact]
    public void ExistingNonEmptyDirectory_IsNotOverwritten_ForceReplacesOnlyAnEarlierReport()
    {
        var target = Path.Combine(_root, "taken");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "mine.txt"), "keep me");
        int progress = 0;

        var e = Assert.Throws<OutputDirectoryException>(() => CompareRunner.Run(Tiny(), target, force: false, _ => progress++));
        Assert.Equal(OutputDirectoryRefusal.NotEmpty, e.Refusal); // the CLI words it with --out and --force (CompareCommandTests)
        Assert.Equal(0, progress);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(target, "mine.txt")));
        Assert.Empty(Leftovers());

        // --force replaces only an earlier report: the user's file is still not ours to delete.
        var forced = Assert.Throws<OutputDirectoryException>(() => CompareRunner.Run(Tiny(), target, force: true, _ => progress++));
        Assert.Contains("not an earlier TorchPractice report", forced.Message);
        Assert.Equal(0, progress);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(target, "mine.txt")));

        var report = Path.Combine(_root, "report");
        var tiny = Tiny("init") with { Budget = new IterationBudget { Init = 1, GradientNorms = 1 } };
        CompareRunner.Run(tiny, report, force: false);
        CompareRunner.Run(tiny, report, force: true);
        Assert.True(File.Exists(Path.Combine(report, ReportWriter.MarkdownFile)));
        Assert.True(File.Exists(Path.Combine(report, OutputDirectory.MarkerFile)));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void UnwritableOutputDirectory_FailsClearlyBeforeAnyTraining()
    {
        // A path below a regular file cannot be created, even by root (a read-only mode would not stop root).
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var target = Path.Combine(file, "out");
        int progress = 0;

        var e = Assert.Throws<OutputDirectoryException>(() => CompareRunner.Run(Tiny(), target, force: true, _ => progress++));
        Assert.Contains($"cannot write the report to {target}", e.Message);
        Assert.Equal(0, progress);
    }

    [Fact]
    public void FailureMidRun_LeavesNoPartialReport()
    {
        var target = Path.Combine(_root, "failed");
        int calls = 0;
        Assert.Throws<InvalidOperationException>(() => CompareRunner.Run(Tiny(), target, force: false, p =>
        {
            if (++calls == 20) throw new InvalidOperationException("simulated failure");
        }));
        Assert.True(calls >= 20);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void CancelledRun_WritesWhatFinished_MarkedIncomplete()
    {
        var target = Path.Combine(_root, "stopped");
        // Stop during the third initialization (after "random ×10" finished).
        var results = StoppedRun.Run(Tiny(), target, InitStudy.Name, "he ·");

        Assert.False(results.Complete);
        Assert.Equal(["zeros", "random ×10"], results.Init!.Rows.Select(r => r.Name));
        Assert.Null(results.Reg);
        Assert.Contains("INCOMPLETE", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
        Assert.False(json.RootElement.GetProperty("complete").GetBoolean());
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void DefaultOutputPath_IsUnderComparisonResultsInsideTheRepository()
    {
        var repo = Path.Combine(_root, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "comparison"));
        Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
        File.WriteAllText(Path.Combine(repo, "TorchPractice.sln"), "");
        var now = new DateTime(2025, 1, 2, 3, 4, 5);
        Assert.Equal(Path.Combine(repo, "comparison", "results", "compare-20250102-030405"),
            OutputDirectory.DefaultPath(Path.Combine(repo, "src", "deep"), now));
        var elsewhere = Path.Combine(_root, "elsewhere");
        Assert.Equal(Path.Combine(elsewhere, "compare-20250102-030405"), OutputDirectory.DefaultPath(elsewhere, now));
    }

}
