using System.Globalization;
using TorchPractice.Comparison.Report;
using static TorchPractice.Comparison.Report.ReportTables;

namespace TorchPractice.Comparison.Studies;

/// <summary>The optimization study's section of report.md: each rule by both implementations.</summary>
public static class OptimizationStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for the study's results.</summary>
    public static ReportSection Section(OptimizationStudyResult s)
    {
        var table = new ReportTable($"Update rules, {s.Settings.Iterations} epochs, mini-batches of {s.MiniBatchSize}",
            ["optimizer", "decay", "α0", "scratch train %", "scratch test %", "autograd train %", "autograd test %", "final cost scratch", "final cost autograd", "max |ΔJ|/J", "α last", "time s (scratch)"],
            s.Rows.Select(r => (IReadOnlyList<string>)[r.Optimizer, r.Decay, G(r.LearningRate), Pct(r.Pair.Scratch.TrainAccuracy), Pct(r.Pair.Scratch.TestAccuracy),
                Pct(r.Pair.Autograd.TrainAccuracy), Pct(r.Pair.Autograd.TestAccuracy), G(r.Pair.Scratch.FinalCost), G(r.Pair.Autograd.FinalCost),
                Sci(r.MaxCostDifference), G(r.FinalLearningRate), Sec(r.Pair.Scratch.Seconds)]).ToList(), []);
        var figures = new List<(string, string)>();
        if (s.CostFigure is { } c) figures.Add(("epoch cost of every rule, scratch solid and autograd dashed", c));
        figures.AddRange(s.Rows.Where(r => r.Pair.BoundaryFigure is not null).Select(r => ($"{r.Pair.Label}: decision boundary (scratch)", r.Pair.BoundaryFigure!)));
        string layers = string.Join(",", s.Settings.Layers.Select(l => l.ToString(Inv)));
        return new ReportSection("Optimization study (week 2)", $"{s.Settings.Data}, [{layers}] ReLU, He start, NumPy seed {s.Settings.Seed}", [table], figures, s.Notes);
    }
}
