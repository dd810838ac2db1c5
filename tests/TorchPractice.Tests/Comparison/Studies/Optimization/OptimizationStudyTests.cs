using System.Text.Json;
using TorchPractice.Comparison.Peers;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;

namespace TorchPractice.Tests.Comparison.Studies.Optimization;

/// <summary>The optimization study (week 2) as compare runs it: both implementations per rule, the NumPy peer where it runs, momentum against torch.optim, one report section.</summary>
public sealed class OptimizationStudyTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-optimization-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string Target => Path.Combine(_root, "out");

    /// <summary>compare --studies optimization for <paramref name="epochs"/> epochs into <see cref="Target"/>, checked complete with every entry.</summary>
    CompareResults Run(int epochs, bool peers, int grid = 2, PeerRunner? runner = null)
    {
        var options = new CompareOptions
        {
            Peers = peers, BoundaryGrid = grid,
            Budget = new IterationBudget { Optimization = epochs, PrintEvery = 10 },
            Studies = new HashSet<string> { OptimizationStudy.Name },
        };
        var results = CompareRunner.Run(options, Target, force: false, peerRunner: runner);
        Assert.True(results.Complete);
        Assert.Equal(OptimizationStudy.Entries.Count, results.Optimization!.Rows.Count);
        return results;
    }

    [Fact]
    public void Every_rule_runs_in_both_implementations_and_only_momentum_parts_by_design()
    {
        var results = Run(40, peers: false, grid: 16);
        var rows = results.Optimization!.Rows;
        Assert.All(rows, r => Assert.True(r.Pair.Scratch.Finished && r.Pair.Autograd.Finished, r.Pair.Label));
        // The course's formulas in both (RMSprop, Adam, gd): the same costs to rounding; momentum's first step is 10×.
        Assert.All(rows.Where(r => r.Optimizer != "momentum"), r => Assert.True(r.MaxCostDifference < 1e-10, $"{r.Pair.Label}: {r.MaxCostDifference:E2}"));
        Assert.All(rows.Where(r => r.Optimizer == "momentum"), r => Assert.True(r.MaxCostDifference > 1e-8, $"{r.Pair.Label}: {r.MaxCostDifference:E2}"));
        // Scheduled decay with 40 epochs stays at α0 (the first drop is after epoch 1000).
        Assert.All(rows, r => Assert.Equal(r.LearningRate, r.FinalLearningRate));

        // Momentum against torch.optim: dampening β steps 1/(1 − β) = 10× the course's first; dampening 0 at α·(1 − β) is the course's.
        var momentum = results.Optimization.Momentum!;
        Assert.Equal(3, momentum.Variants.Count);
        var (course, dampened, undamped) = (momentum.Variants[0], momentum.Variants[1], momentum.Variants[2]);
        Assert.Same(rows[1].Pair.Scratch, course.Run);
        Assert.Same(rows[1].Pair.Autograd, dampened.Run);
        Assert.Equal(10, dampened.FirstStepRatio, 1e-6);
        Assert.Equal(1, undamped.FirstStepRatio, 1e-6);
        Assert.Equal(0.0007 * (1 - 0.9), undamped.LearningRate);
        Assert.Equal(rows[1].MaxCostDifference, dampened.MaxCostDifference);
        Assert.True(dampened.MaxCostDifference > 1e-8, $"dampening β: {dampened.MaxCostDifference:E2}");
        Assert.True(undamped.MaxCostDifference < 1e-12, $"dampening 0: {undamped.MaxCostDifference:E2}");
        Assert.Equal(course.Run.TrainAccuracy, undamped.Run.TrainAccuracy);
        // Peers off: no NumPy runs and no NumPy table.
        Assert.All(rows, r => Assert.Null(r.NumPy));

        string md = File.ReadAllText(Path.Combine(Target, ReportWriter.MarkdownFile));
        Assert.Contains("Optimization study (week 2)", md);
        Assert.Contains("Momentum (β 0.9): the course's rule against torch.optim's SGD", md);
        Assert.Contains("| torch.optim SGD(momentum 0.9, dampening 0) | 7E-05 | 1 |", md);
        Assert.Contains("| torch.optim SGD(momentum 0.9, dampening 0.9) | 0.0007 | 10 |", md);
        Assert.Contains("equal: dampening 0 and lr = α·(1 − β)", md);
        Assert.DoesNotContain("NumPy peer", md);
        Assert.Contains("optimization-costs.png", results.Figures);
        Assert.Contains("optimization-learning-rate.png", results.Figures);
        Assert.True(File.Exists(Path.Combine(Target, "optimization-learning-rate.png")));
        Assert.Contains("(optimization-learning-rate.png)", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Target, ReportWriter.JsonFile)));
        Assert.Equal(rows.Count, json.RootElement.GetProperty("optimization").GetProperty("rows").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("study_seconds").TryGetProperty(OptimizationStudy.Name, out _));
        Assert.Equal(3, json.RootElement.GetProperty("optimization").GetProperty("momentum").GetProperty("variants").GetArrayLength());
    }

    /// <summary>
    /// Issue #25's bar for the NumPy peer (the assignment's model() in NumPy): every epoch's cost within 1e-12 of the
    /// scratch run's over the first 100 epochs, and the same accuracies, for every rule with and without decay.
    /// </summary>
    [Fact]
    public async Task The_numpy_peer_trains_every_rule_as_scratch_does_and_the_report_says_so()
    {
        await RequireNumPy();
        var rows = Run(OptimizationStudy.EarlyEpochs, peers: true).Optimization!.Rows;
        foreach (var r in rows)
        {
            var numpy = r.NumPy!;
            Assert.False(numpy.Skipped, numpy.SkipReason);
            Assert.Equal(r.Pair.Scratch.Costs.Select(c => c.Iteration), numpy.Costs.Select(c => c.Iteration)); // trimmed to scratch's epochs
            Assert.True(r.NumPyEarlyCostDifference <= OptimizationStudyReport.NumPyBar, $"{r.Pair.Label}: {r.NumPyEarlyCostDifference:E2} over the first epochs");
            Assert.True(r.NumPyCostDifference <= OptimizationStudyReport.NumPyBar, $"{r.Pair.Label}: {r.NumPyCostDifference:E2}");
            Assert.True(r.NumPyAccuraciesEqual, $"{r.Pair.Label}: numpy {numpy.TrainAccuracy}/{numpy.TestAccuracy}, scratch {r.Pair.Scratch.TrainAccuracy}/{r.Pair.Scratch.TestAccuracy}");
            Assert.Equal(r.Pair.Scratch.FinalCost!.Value, numpy.FinalCost!.Value, 1e-12);
        }

        string md = File.ReadAllText(Path.Combine(Target, ReportWriter.MarkdownFile));
        Assert.Contains("NumPy peer (the assignment's model() in NumPy) against scratch, 100 epochs", md);
        Assert.Contains(@"| optimizer | decay | numpy train % | numpy test % | final cost numpy | max \|ΔJ\|/J (every 100 epochs) | max \|ΔJ\|/J (each of epochs 0–99) | accuracies = scratch's |", md);
        Assert.Contains($"| momentum | scheduled | {ReportTables.Pct(rows[5].NumPy!.TrainAccuracy)} |", md);
        Assert.Contains("first 100 epochs and the same train and test accuracy: met (worst ", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Target, ReportWriter.JsonFile)));
        var row = json.RootElement.GetProperty("optimization").GetProperty("rows")[0];
        Assert.Equal("numpy", row.GetProperty("pair").GetProperty("peers")[0].GetProperty("implementation").GetString());
        Assert.True(row.TryGetProperty("numpy_early_cost_difference", out _));
    }

    [Fact]
    public void Without_python_the_numpy_peer_is_skipped_with_a_note_and_the_rest_runs()
    {
        var runner = new PeerRunner(new PeerRunnerOptions { PythonPath = "/nonexistent/bin/python3" });
        var results = Run(5, peers: true, runner: runner);
        Assert.All(results.Optimization!.Rows, r => Assert.True(r.NumPy is { Skipped: true } && r.NumPyEarlyCostDifference is null, r.Pair.Label));
        string md = File.ReadAllText(Path.Combine(Target, ReportWriter.MarkdownFile));
        Assert.Contains("- NumPy peer skipped: python not found at /nonexistent/bin/python3", md);
        Assert.DoesNotContain("NumPy peer (the assignment's model() in NumPy)", md);
        Assert.Contains("Momentum (β 0.9)", md);
    }
}
