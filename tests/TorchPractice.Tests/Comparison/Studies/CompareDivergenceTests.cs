using CultureInfo = System.Globalization.CultureInfo;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Tests.Comparison.Studies;

/// <summary>A run whose cost turns NaN stops `compare` with a report that says so, instead of NaN rows or a silent gap.</summary>
public sealed class CompareDivergenceTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-compare-nan-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Features_of_1e200_diverge_and_the_report_is_marked_incomplete()
    {
        string csv = Path.Combine(_root, "huge.csv");
        File.WriteAllLines(csv, ["a,b,y", .. Enumerable.Range(0, 40).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"{(i + 1) * 1e200},{(i % 7 - 3) * 1e199},{i % 2}"))]);
        var options = new CompareOptions
        {
            Peers = false, RegData = csv, Studies = new HashSet<string> { "reg" }, BoundaryGrid = 8,
            Budget = new IterationBudget { Init = 1, Reg = 20, Sweep = 2, GradientNorms = 1, PrintEvery = 5 },
        };
        var target = Path.Combine(_root, "out");
        var results = CompareRunner.Run(options, target, force: false);
        Assert.True(results.Diverged);
        Assert.False(results.Complete);
        Assert.Contains("training diverged", results.IncompleteReason);
        Assert.Contains("INCOMPLETE", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
    }
}
