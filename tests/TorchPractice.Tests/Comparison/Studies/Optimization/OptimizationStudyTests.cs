using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Tests.Comparison.Studies.Optimization;

/// <summary>The optimization study (week 2) as compare runs it: both implementations per rule, one report section.</summary>
public sealed class OptimizationStudyTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-optimization-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Every_rule_runs_in_both_implementations_and_only_momentum_parts_by_design()
    {
        var options = new CompareOptions
        {
            Peers = false, BoundaryGrid = 16,
            Budget = new IterationBudget { Optimization = 40, PrintEvery = 10 },
            Studies = new HashSet<string> { OptimizationStudy.Name },
        };
        var target = Path.Combine(_root, "out");
        var results = CompareRunner.Run(options, target, force: false);

        Assert.True(results.Complete);
        var rows = results.Optimization!.Rows;
        Assert.Equal(OptimizationStudy.Entries.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.Pair.Scratch.Finished && r.Pair.Autograd.Finished, r.Pair.Label));
        // The course's formulas in both (RMSprop, Adam, gd): the same costs to rounding; momentum's first step is 10×.
        Assert.All(rows.Where(r => r.Optimizer != "momentum"), r => Assert.True(r.MaxCostDifference < 1e-10, $"{r.Pair.Label}: {r.MaxCostDifference:E2}"));
        Assert.All(rows.Where(r => r.Optimizer == "momentum"), r => Assert.True(r.MaxCostDifference > 1e-8, $"{r.Pair.Label}: {r.MaxCostDifference:E2}"));
        // Scheduled decay with 40 epochs stays at α0 (the first drop is after epoch 1000).
        Assert.All(rows, r => Assert.Equal(r.LearningRate, r.FinalLearningRate));

        string md = File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile));
        Assert.Contains("Optimization study (week 2)", md);
        Assert.Contains("optimization-costs.png", results.Figures);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
        Assert.Equal(rows.Count, json.RootElement.GetProperty("optimization").GetProperty("rows").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("study_seconds").TryGetProperty(OptimizationStudy.Name, out _));
    }
}
