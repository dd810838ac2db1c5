using System.Globalization;
using TorchPractice.Comparison.Report;
using static TorchPractice.Comparison.Report.ReportTables;

namespace TorchPractice.Comparison.Studies;

/// <summary>The initialization study's section of report.md.</summary>
public static class InitStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for the study's results.</summary>
    public static ReportSection Section(InitStudyResult s)
    {
        string[] columns = ["init", "impl", .. RunColumns, "max rel Δθ", "grid disagreements", "hidden units identical"];
        var rows = s.Rows.SelectMany(row => PairRows(row.Pair, run => [ReferenceEquals(run, row.Pair.Scratch)
            ? (row.Symmetry.Symmetric ? "yes (symmetric)" : $"no (max row Δ {Sci(Math.Max(row.Symmetry.W1MaxRowDifference, row.Symmetry.W2MaxRowDifference))})")
            : ""])).ToList();
        var main = new ReportTable("Initialization: scratch vs autograd (same start)", columns, rows,
            ["max rel Δθ: max|θ_scratch − θ_autograd| / max(1, max|θ|) over every parameter after training",
             "grid disagreements: points of the decision-boundary grid where the two implementations predict different classes",
             "hidden units identical: every hidden unit of W1 and of W2 has the same weights as the first (the scratch model's final parameters)"]);
        var normRows = s.Rows.Select(row =>
        {
            var first = row.GradientNorms.FirstOrDefault();
            var last = row.GradientNorms.LastOrDefault();
            IEnumerable<string> Cells(GradientNormPoint? p) => p is null ? ["–", "–", "–"] : p.WeightGradientNorms.Select(v => Sci(v));
            return (IReadOnlyList<string>)new[] { row.Name }.Concat(Cells(first)).Concat(Cells(last)).ToArray();
        }).ToList();
        int n = s.Rows.FirstOrDefault()?.GradientNorms.Count ?? 0;
        var norms = new ReportTable($"Gradient norms ‖dW_l‖ at iteration 0 and {Math.Max(0, n - 1)} (scratch)",
            ["init", "‖dW1‖ @0", "‖dW2‖ @0", "‖dW3‖ @0", $"‖dW1‖ @{n - 1}", $"‖dW2‖ @{n - 1}", $"‖dW3‖ @{n - 1}"], normRows,
            ["zeros: every dW is exactly 0 (all hidden activations are 0), so only b3 learns and symmetry is never broken",
             "random ×10: the first layers' gradients are orders of magnitude larger than He's (σ saturates, the cost explodes)"]);
        var figures = new List<(string, string)>();
        if (s.CostFigure is not null) figures.Add(("cost curves, both implementations", s.CostFigure));
        foreach (var row in s.Rows)
        {
            if (row.Pair.BoundaryFigure is not null) figures.Add(($"{row.Name}: decision boundary", row.Pair.BoundaryFigure));
            if (row.GradientNormFigure is not null) figures.Add(($"{row.Name}: gradient norms", row.GradientNormFigure));
        }
        return new ReportSection("Initialization study", Settings(s.Settings), [main, norms], figures, s.Notes);
    }
}
