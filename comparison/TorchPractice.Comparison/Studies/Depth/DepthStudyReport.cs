using System.Globalization;
using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The depth study's section of report.md: the findings (a line each), the deepest depth each init trains at, the
/// accuracy tables, scratch against autograd at iteration 0 beside each net's amplification, and the per-layer records.
/// Every cell is a number or a few words, so the section reads at 120 columns.
/// </summary>
public static class DepthStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The section for <paramref name="s"/>.</summary>
    /// <param name="s">The study's results.</param>
    public static ReportSection Section(DepthStudyResult s)
    {
        var st = s.Settings;
        var tables = new List<ReportTable>
        {
            new("What the measurements show", ["finding", "verdict", "the numbers"],
                s.Findings.Select(f => (IReadOnlyList<string>)[f.Claim, f.Verdict, f.Evidence]).ToList(), []),
        };
        var columns = st.Activations.SelectMany(a => st.Datasets.Select(d => (Activation: a, Dataset: d.Name)))
            .Where(k => s.Cells.Any(c => c.Activation == k.Activation && c.Dataset == k.Dataset)).ToList();
        if (columns.Count > 0)
            tables.Add(new ReportTable($"Deepest depth that trains (scratch, {st.Iterations} iterations)",
                ["init", .. columns.Select(k => $"{k.Activation} · {k.Dataset}")],
                st.Inits.Select(init => (IReadOnlyList<string>)[init, .. columns.Select(k =>
                {
                    var trained = s.Cells.Where(c => c.Activation == k.Activation && c.Dataset == k.Dataset && c.Init == init && c.Run.Outcome == DepthOutcome.Trains)
                        .Select(c => c.Depth).ToList();
                    return trained.Count == 0 ? "none" : $"L = {trained.Max()}";
                })]).ToList(),
                [$"depths measured: {string.Join(", ", st.Depths)}; {st.TrainsRule}"]));
        foreach (var ds in st.Datasets)
            foreach (var act in st.Activations)
            {
                var cells = s.Cells.Where(c => c.Dataset == ds.Name && c.Activation == act).ToList();
                if (cells.Count == 0) continue;
                var depths = st.Depths.Where(d => cells.Any(c => c.Depth == d)).ToList();
                var rows = st.Inits.Where(i => cells.Any(c => c.Init == i)).Select(init => (IReadOnlyList<string>)new[] { init }
                    .Concat(depths.Select(d => cells.FirstOrDefault(c => c.Init == init && c.Depth == d) is { } c ? CellText(c.Run) : "–")).ToArray()).ToList();
                tables.Add(new ReportTable($"{ds.Name}, {act}: train/test accuracy % after {st.Iterations} iterations (majority class {Pct(ds.MajorityAccuracy)} %)",
                    ["init", .. depths.Select(d => $"L = {d}")], rows,
                    ["✓ trains, ✗ does not; \"diverged @i\": the cost went non-finite at iteration i (the run stopped there)"]));
            }
        var first = st.Datasets.FirstOrDefault()?.Name;
        var rounding = s.Rounding.Where(x => x.Dataset == first).ToList();
        if (rounding.Count > 0)
        {
            var depths = st.Depths.Where(d => rounding.Any(x => x.Depth == d)).ToList();
            var rows = rounding.Select(x => (x.Activation, x.Init)).Distinct().Select(k => (IReadOnlyList<string>)[k.Activation, k.Init, .. depths.Select(d =>
                rounding.FirstOrDefault(x => x.Activation == k.Activation && x.Init == k.Init && x.Depth == d) is { } x ? RoundingText(x) : "–")]).ToList();
            tables.Add(new ReportTable($"Scratch vs autograd at iteration 0 on {first}: |ΔJ|/J · the net's amplification of a last-bit change",
                ["activation", "init", .. depths.Select(d => $"L = {d}")], rows,
                ["the same parameters in both; the forward passes round differently (W·A + b against x·Wᵀ + b), and a deep net amplifies that rounding as it amplifies any change: " +
                 "amplification = relative change of J per relative last-bit change of every weight; \"–\": not finite",
                 $"the test suite holds the two within {DepthStudy.AgreementBits} amplified last bits at every depth (DepthStudyTests)"]));
        }
        var normRows = s.Gradients.Select(g =>
        {
            var firstNorms = g.Norms.FirstOrDefault()?.WeightGradientNorms;
            var last = g.Norms.Count == st.GradientNormIterations ? g.Norms[^1].WeightGradientNorms : null;
            string N(IReadOnlyList<double>? v, int i) => v is null ? "–" : G3(v[i]);
            return (IReadOnlyList<string>)[g.Activation, g.Init, N(firstNorms, 0), N(firstNorms, firstNorms is null ? 0 : firstNorms.Count / 2),
                N(firstNorms, firstNorms is null ? 0 : firstNorms.Count - 1), N(last, 0), N(last, last is null ? 0 : last.Count - 1),
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
            $"data {string.Join(", ", st.Datasets.Select(d => $"{d.Name} ({d.TrainCount} train / {d.TestCount} test)"))}; lr {st.LearningRate.ToString("G", Inv)}, " +
            $"{st.Iterations} iterations, {st.Rng} stream seed {st.Seed}, no dropout, no L2; the scratch model trains, autograd checks iteration 0";
        return new ReportSection("Depth study: vanishing and exploding gradients", summary, tables,
            s.Figures.Select(f => (f.Caption, f.File)).ToList(), s.Notes);
    }

    /// <summary>A run in a cell: "✓ 99.3/98.0", "✗ 50.0/50.0", "diverged @3".</summary>
    public static string CellText(DepthRun run) => run.Outcome switch
    {
        DepthOutcome.Diverged => $"diverged @{run.Diverged!.Iteration}",
        DepthOutcome.Trains => $"✓ {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)}",
        DepthOutcome.DoesNotTrain => $"✗ {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)}",
        _ => "skipped",
    };

    static string RoundingText(DepthRounding x) =>
        $"{(x.CostDifference is double d ? Sci(d) : "–")} · ×{(x.Amplification is double a ? Sci(a) : "–")}";

    static string Sci(double x) => x == 0 ? "0" : x.ToString(Math.Abs(x) >= 0.01 && Math.Abs(x) < 1000 ? "0.##" : "0.0e+0", Inv);
    static string G3(double x) => double.IsFinite(x) ? (x == 0 ? "0" : x.ToString("0.00e+0", Inv)) : x.ToString(Inv);
    static string Pct(double? x) => x is double v ? (100 * v).ToString("0.0", Inv) : "–";
}
