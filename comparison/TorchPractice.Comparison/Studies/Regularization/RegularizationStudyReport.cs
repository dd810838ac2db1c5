using System.Globalization;
using TorchPractice.Comparison.Report;
using static TorchPractice.Comparison.Report.ReportTables;

namespace TorchPractice.Comparison.Studies;

/// <summary>The regularization study's section of report.md: the notebook's three runs and the λ / keep_prob sweeps.</summary>
public static class RegularizationStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for the study's results.</summary>
    public static ReportSection Section(RegStudyResult s)
    {
        string[] columns = ["mode", "impl", .. RunColumns, "max rel Δθ", "grid disagreements"];
        var rows = s.Rows.SelectMany(row => PairRows(row.Pair, _ => [])).ToList();
        var main = new ReportTable("Regularization: the notebook's three runs, scratch vs autograd (same start, same dropout masks)", columns, rows,
            [$"as the notebook: trained on all {s.Settings.TrainCount} training samples, scored on the {s.Settings.TestCount}-sample test set; nothing is chosen from these rows"]);
        var sets = s.SweepSplit;
        string split = $"trained on {sets.TrainCount} train, chosen on {sets.DevCount} dev, tested on {sets.TestCount} test";
        var figures = new List<(string, string)>();
        if (s.CostFigure is not null) figures.Add(("cost curves, both implementations", s.CostFigure));
        foreach (var row in s.Rows)
            if (row.Pair.BoundaryFigure is not null) figures.Add(($"{row.Name}: decision boundary", row.Pair.BoundaryFigure));
        if (s.SweepFigure is not null) figures.Add(("λ and keep_prob sweeps: train and dev error per configuration, with the baseline", s.SweepFigure));
        return new ReportSection("Regularization study", Settings(s.Settings),
            [main, Sweep($"λ sweep (scratch, {s.SweepIterations} it., keep_prob 1; {split})", "λ", s.LambdaSweep, s.LambdaChoice, p => p.Lambd, s.AllTestShown),
             Sweep($"keep_prob sweep (scratch, {s.SweepIterations} it., λ 0; {split})", "keep_prob", s.KeepProbSweep, s.KeepProbChoice, p => p.KeepProb, s.AllTestShown)],
            figures, s.Notes);
    }

    /// <summary>The heading of the column that shows every configuration's test accuracy, when asked for.</summary>
    public const string UnusedTestColumn = "test % (not used for selection)";

    /// <summary>
    /// A sweep as the course's bias/variance table: train and dev error, avoidable bias, variance, verdict, the choice
    /// made on dev; the chosen configuration's test accuracy in a note (and every configuration's only when asked for).
    /// </summary>
    public static ReportTable Sweep(string title, string parameter, IReadOnlyList<SweepPoint> points, SweepChoice? choice,
        Func<SweepPoint, double> value, bool allTest)
    {
        static string Pp(double x) => (100 * x).ToString("+0.0;−0.0;0.0", Inv);
        string[] columns = [parameter, "train error %", "dev error %", "avoidable bias pp", "variance pp", "diagnosis", "dev cost", "chosen on dev"];
        if (allTest) columns = [.. columns, UnusedTestColumn];
        var rows = points.Select(p =>
        {
            string[] cells = [G(value(p)), Pct(p.Diagnosis.TrainError), Pct(p.Diagnosis.DevError), Pp(p.Diagnosis.AvoidableBias),
                Pp(p.Diagnosis.Variance), p.Diagnosis.BelowBaseline ? $"{p.Diagnosis.Verdict}; train error below the baseline!" : p.Diagnosis.Verdict,
                p.DevCost.ToString("0.0000", Inv), p.Chosen ? "◀ chosen" : ""];
            return (IReadOnlyList<string>)(allTest ? [.. cells, Pct(p.Run.TestAccuracy)] : cells);
        }).ToList();
        var notes = new List<string>();
        if (choice is not null)
            notes.Add($"chosen on dev: {parameter} = {G(choice.Value)}{Tie(choice, points.Count)} (dev error {Pct(1 - choice.DevAccuracy)} %, dev cost {G(choice.DevCost)}). " +
                $"Test accuracy of {parameter} = {G(choice.Value)}: {Pct(choice.TestAccuracy)} % — the one test number of this sweep, not used for any choice");
        if (points.FirstOrDefault(p => p.Diagnosis.BelowBaseline) is { } below)
            notes.Add($"{points.Count(p => p.Diagnosis.BelowBaseline)} of {points.Count} configurations have a train error below the baseline " +
                $"{Pct(below.Diagnosis.BaselineError)} % (a negative avoidable bias): no model beats Bayes error, so the baseline is too high or " +
                "the training error is luck; their avoidable bias means nothing");
        if (allTest)
            notes.Add($"\"{UnusedTestColumn}\": every configuration's test accuracy, computed after the choice and shown on request; choosing by it would make the test estimate optimistic");
        return new ReportTable(title, columns, rows, notes);
    }

    /// <summary>" out of a 7-way tie on dev error, broken by the lower dev cost": a choice the dev error did not make.</summary>
    static string Tie(SweepChoice c, int count) => c.TiedOnDevError <= 1 ? "" :
        $" out of a{(c.TiedOnDevError is 11 or 18 || c.TiedOnDevError.ToString(Inv).StartsWith('8') ? "n" : "")} {c.TiedOnDevError}-way tie on dev error" +
        $"{(c.TiedOnDevError == count ? " (every configuration)" : "")}, broken by the lower dev cost — a small dev set, or models that do not differ";
}
