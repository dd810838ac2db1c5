using System.Globalization;
using TorchPractice.Comparison.Studies;
using TorchPractice.Models;

namespace TorchPractice.Comparison.Report;

/// <summary>A table for people: the same rows go to report.md and to the terminal.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes);

/// <summary>A study's part of the report: tables, notes and pictures.</summary>
public sealed record ReportSection(string Title, string Summary, IReadOnlyList<ReportTable> Tables, IReadOnlyList<(string Caption, string File)> Figures, IReadOnlyList<string> Notes);

/// <summary>Turns results into tables. Accuracies in %, costs to 6 significant digits, times in seconds and µs/iteration.</summary>
public static class ReportTables
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Pct(double? x) => x is double v ? (100 * v).ToString("0.0", Inv) : "–";
    public static string G(double? x) => x switch
    {
        null => "–",
        double v when double.IsPositiveInfinity(v) => "inf",
        double v when double.IsNaN(v) => "nan",
        double v => v.ToString("G6", Inv),
    };
    static string Sci(double x) => x == 0 ? "0" : x.ToString("0.0e+0", Inv);
    static string Sec(double s) => s.ToString("0.00", Inv);

    public static IReadOnlyList<ReportSection> Sections(CompareResults r)
    {
        var sections = new List<ReportSection>();
        if (r.Init is { } init) sections.Add(Init(init));
        if (r.Reg is { } reg) sections.Add(Reg(reg));
        if (r.GradCheck is { } gc) sections.Add(GradCheck(gc));
        if (r.Depth is { } depth) sections.Add(Depth(depth));
        return sections;
    }

    static readonly string[] RunColumns = ["train %", "test %", "final cost", "time s", "µs/it"];

    static IEnumerable<string> RunCells(RunResult run) => run.Skipped
        ? ["skipped", "", "", "", ""]
        : [Pct(run.TrainAccuracy), Pct(run.TestAccuracy), G(run.FinalCost), Sec(run.Seconds), run.MicrosecondsPerIteration is double us ? us.ToString("0", Inv) : "–"];

    /// <summary>One row per implementation; the pair's agreement on the scratch row.</summary>
    static List<IReadOnlyList<string>> PairRows(PairResult pair, Func<RunResult, IEnumerable<string>> extra)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in pair.All)
        {
            bool first = ReferenceEquals(run, pair.Scratch);
            rows.Add(new[] { first ? pair.Label : "", run.Implementation }.Concat(RunCells(run))
                .Append(first ? Sci(pair.MaxRelativeParameterDifference) : "")
                .Append(first ? pair.PredictionDisagreements?.ToString(Inv) ?? "–" : "")
                .Concat(extra(run)).ToArray());
        }
        return rows;
    }

    static string Settings(StudySettings s) =>
        $"data {s.Data} ({s.TrainCount} train / {s.TestCount} test), layers [{string.Join(",", s.Layers)}] {s.Activation.Name()}, lr {G(s.LearningRate)}, " +
        $"{s.Iterations} iterations, {s.Rng} stream seed {s.Seed}, cost {s.Cost}, dropout {s.Dropout}";

    static ReportSection Init(InitStudyResult s)
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

    static ReportSection Reg(RegStudyResult s)
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

    /// <summary>A depth-study cell: scratch's result, and autograd's where it differs.</summary>
    public static string DepthCellText(DepthCell c)
    {
        static string One(DepthRun run) => run.Outcome switch
        {
            DepthOutcome.Diverged => $"diverged @{run.Diverged!.Iteration}",
            DepthOutcome.Trains => $"✓ {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)}",
            DepthOutcome.DoesNotTrain => $"✗ {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)}",
            _ => "skipped",
        };
        string text = One(c.Scratch);
        return c.Agree == false ? $"{text} (autograd {One(c.Autograd)})" : text;
    }

    static ReportSection Depth(DepthStudyResult s)
    {
        var st = s.Settings;
        var tables = new List<ReportTable>
        {
            new("What the measurements show", ["#", "conclusion"], s.Conclusions.Select((c, i) => (IReadOnlyList<string>)[(i + 1).ToString(Inv), c]).ToList(), []),
        };
        foreach (var ds in st.Datasets)
            foreach (var act in st.Activations)
            {
                var cells = s.Cells.Where(c => c.Dataset == ds.Name && c.Activation == act).ToList();
                if (cells.Count == 0) continue;
                var depths = st.Depths.Where(d => cells.Any(c => c.Depth == d)).ToList();
                var rows = st.Inits.Where(i => cells.Any(c => c.Init == i)).Select(init => (IReadOnlyList<string>)new[] { init }
                    .Concat(depths.Select(d => cells.FirstOrDefault(c => c.Init == init && c.Depth == d) is { } c ? DepthCellText(c) : "–")).ToArray()).ToList();
                var agree = cells.Where(c => c.Agree is not null).ToList();
                double? worst = agree.Select(c => c.MaxRelativeParameterDifference).Where(d => d is not null).Max();
                tables.Add(new ReportTable($"{ds.Name}, {act}: train/test accuracy % after {st.Iterations} iterations (majority class {Pct(ds.MajorityAccuracy)} %)",
                    ["init", .. depths.Select(d => $"L = {d}")], rows,
                    [$"✓ trains, ✗ does not ({st.TrainsRule}); \"diverged @i\": the cost went non-finite at iteration i (the run stopped there)",
                     $"scratch's numbers; autograd's are shown only where they differ. Agreement: {agree.Count(c => c.Agree == true)} of {agree.Count} configurations" +
                     (worst is double w ? $", max rel Δθ ≤ {Sci(w)} over the pairs that stayed finite" : "")]));
            }
        var normRows = s.Gradients.Select(g =>
        {
            var first = g.Norms.FirstOrDefault()?.WeightGradientNorms;
            var last = g.Norms.Count == st.GradientNormIterations ? g.Norms[^1].WeightGradientNorms : null;
            string N(IReadOnlyList<double>? v, int i) => v is null ? "–" : G3(v[i]);
            return (IReadOnlyList<string>)[g.Activation, g.Init, N(first, 0), N(first, first is null ? 0 : first.Count / 2), N(first, first is null ? 0 : first.Count - 1),
                N(last, 0), N(last, last is null ? 0 : last.Count - 1),
                g.ActivationStd.Count > 0 ? G3(g.ActivationStd[0]) : "–", g.ActivationStd.Count > 0 ? G3(g.ActivationStd[^1]) : "–",
                g.DivergedAt is int d ? $"at it. {d}" : "no"];
        }).ToList();
        int L = st.GradientNormDepth, K = st.GradientNormIterations - 1;
        tables.Add(new ReportTable($"Per-layer measurements at L = {L} on {st.GradientNormDataset} (scratch): ‖dW_l‖ at iterations 0 and {K}, std of A_l at iteration 0",
            ["activation", "init", "‖dW_1‖ @0", $"‖dW_{L / 2 + 1}‖ @0", $"‖dW_{L}‖ @0", $"‖dW_1‖ @{K}", $"‖dW_{L}‖ @{K}", "std A_1", $"std A_{L - 1}", "diverged"],
            normRows,
            ["layer 1 is the input side: ‖dW_1‖ far below ‖dW_L‖ is vanishing, far above is exploding; the std of A_l shows the forward pass shrinking or growing layer by layer",
             "– after a divergence: the norms were no longer finite"]));
        string summary = $"layers [n_x, {st.Width} × (L−1), 1] for L in {string.Join(", ", st.Depths)}; activations {string.Join(", ", st.Activations)}; " +
            $"data {string.Join(", ", st.Datasets.Select(d => $"{d.Name} ({d.TrainCount} train / {d.TestCount} test)"))}; lr {G(st.LearningRate)}, {st.Iterations} iterations, " +
            $"{st.Rng} stream seed {st.Seed}, no dropout, no L2, both implementations from the same start";
        return new ReportSection("Depth study: vanishing and exploding gradients", summary, tables,
            s.Figures.Select(f => (f.Caption, f.File)).ToList(), s.Notes);
    }

    static string G3(double x) => double.IsFinite(x) ? (x == 0 ? "0" : x.ToString("0.00e+0", Inv)) : G(x);

    static ReportSection GradCheck(GradCheckStudyResult s)
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
            .Select(c => ($"{c.Case}, bug {c.Bug}: relative error |g − g̃| / (|g| + |g̃|) per entry of each flagged tensor (scratch vs numeric), its diagnosis under it", c.HeatmapFigure!))
            .ToList();
        return new ReportSection("Gradient-check study", $"ε {G(s.Epsilon)}, threshold {G(s.Threshold)} (the course's)", [checks, bugs], figures, s.Notes);
    }
}
