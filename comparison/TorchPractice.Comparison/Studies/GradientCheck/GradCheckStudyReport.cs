using System.Globalization;
using TorchPractice.Comparison.Report;
using static TorchPractice.Comparison.Report.ReportTables;

namespace TorchPractice.Comparison.Studies;

/// <summary>The gradient-check study's section of report.md: the three comparisons and the planted bugs.</summary>
public static class GradCheckStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for the study's results.</summary>
    public static ReportSection Section(GradCheckStudyResult s)
    {
        string Verdict(bool passed) => passed ? "pass" : "MISTAKE";
        var checks = new ReportTable("Gradient checks: three comparisons",
            ["case", "configuration", "params", "scratch vs numeric", "scratch vs autograd", "autograd vs numeric", "verdict", "time s"],
            s.Checks.Select(c => (IReadOnlyList<string>)[c.Case, c.Configuration, c.Parameters.ToString(Inv), Sci(c.ScratchVsNumeric),
                Sci(c.ScratchVsAutograd), Sci(c.AutogradVsNumeric), Verdict(c.Passed), Sec(c.Seconds)]).ToList(), []);
        var bugs = new ReportTable("Planted bugs in the hand-written backward pass",
            ["case", "bug", "configuration", "scratch vs numeric", "flagged tensors", "expected", "found as expected", "diagnosis"],
            s.Bugs.Select(c => (IReadOnlyList<string>)[c.Case, c.Bug, c.Configuration, Sci(c.ScratchVsNumeric),
                c.FlaggedTensors.Count == 0 ? "none" : string.Join(", ", c.FlaggedTensors), string.Join(", ", c.ExpectedTensors ?? []),
                c.FoundAsExpected == true ? "yes" : "NO", string.Join("; ", c.Diagnoses)]).ToList(), []);
        var figures = s.Bugs.Where(c => c.HeatmapFigure is not null)
            .Select(c => ($"{c.Case}, bug {c.Bug}: relative error |g − g̃| / (|g| + |g̃|) per entry of each flagged tensor (in the comparison that flagged it), its diagnosis under it", c.HeatmapFigure!))
            .ToList();
        return new ReportSection("Gradient-check study", $"ε {G(s.Epsilon)}, threshold {G(s.Threshold)} (the course's)", [checks, bugs], figures, s.Notes);
    }
}
