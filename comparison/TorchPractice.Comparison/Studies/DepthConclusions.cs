using System.Globalization;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The depth study's conclusions, each drawn from the measured numbers: the course's claims (He for ReLU, Xavier for
/// tanh, zeros never breaks symmetry, large random explodes) are stated only where the table and the gradient records
/// show them; otherwise the sentence says what was measured instead. Outcomes are the scratch runs' (the autograd runs'
/// agreement is a sentence of its own).
/// </summary>
public static class DepthConclusions
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Draw(DepthStudyResult r)
    {
        var lines = new List<string>();
        if (r.Cells.Count == 0) return ["no configuration finished: nothing to conclude"];
        var datasets = r.Cells.Select(c => c.Dataset).Distinct().ToList();
        var depths = r.Cells.Select(c => c.Depth).Distinct().Order().ToList();
        string allDepths = Depths(depths);
        string onDatasets = datasets.Count == 1 ? $"on {datasets[0]}" : $"on {string.Join(" and ", datasets)}";

        lines.Add(Recommended(r, "relu", "he", "He initialization works well for networks with ReLU activations", allDepths, onDatasets));
        lines.Add(Recommended(r, "tanh", "xavier", "Xavier initialization works well for networks with tanh activations", allDepths, onDatasets));
        if (Zeros(r, allDepths, onDatasets) is { } zeros) lines.Add(zeros);
        lines.AddRange(LargeRandom(r));
        lines.AddRange(Signals(r));
        foreach (var act in r.Cells.Select(c => c.Activation).Distinct())
            foreach (var ds in datasets)
                lines.Add($"deepest depth each init trained at with {act} on {ds}: " + string.Join(", ", r.Settings.Inits.Select(init =>
                {
                    var trained = r.Cells.Where(c => c.Activation == act && c.Dataset == ds && c.Init == init && c.Scratch.Outcome == DepthOutcome.Trains).Select(c => c.Depth).ToList();
                    return $"{init} {(trained.Count == 0 ? "none" : "L = " + trained.Max())}";
                })));
        lines.Add(Agreement(r));
        return lines;
    }

    /// <summary>"2…50" or "2, 5" style list of depths.</summary>
    static string Depths(IReadOnlyList<int> depths) => depths.Count switch
    {
        0 => "none",
        1 => depths[0].ToString(Inv),
        _ => string.Join(", ", depths.Select(d => d.ToString(Inv))),
    };

    /// <summary>
    /// The course's recommendation for <paramref name="act"/>: claimed outright when <paramref name="init"/> trained in
    /// every configuration of that activation; claimed as "best here" when it trained in more configurations than every
    /// other init (and where it did not is listed); otherwise "not shown here", with what was measured.
    /// </summary>
    static string Recommended(DepthStudyResult r, string act, string init, string claim, string allDepths, string onDatasets)
    {
        var cells = r.Cells.Where(c => c.Activation == act && c.Init == init).ToList();
        if (cells.Count == 0) return $"{init} with {act}: not measured (the run stopped before it)";
        var failed = cells.Where(c => c.Scratch.Outcome != DepthOutcome.Trains).ToList();
        if (failed.Count == 0)
        {
            int deepest = cells.Max(c => c.Depth);
            var others = r.Cells.Where(c => c.Activation == act && c.Init != init && c.Depth == deepest && c.Scratch.Outcome != DepthOutcome.Trains)
                .GroupBy(c => c.Init).Select(g => $"{g.Key} ({string.Join("; ", g.Select(c => $"{c.Dataset}: {Describe(c.Scratch)}"))})").ToList();
            return $"{claim}: with {act}, {init} trained at every depth measured (L = {allDepths}) {onDatasets}" +
                   (others.Count > 0 ? $"; at L = {deepest} these did not: {string.Join(", ", others)}" : "");
        }
        int Trained(string i) => r.Cells.Count(c => c.Activation == act && c.Init == i && c.Scratch.Outcome == DepthOutcome.Trains);
        int mine = Trained(init);
        var rivals = r.Settings.Inits.Where(i => i != init && r.Cells.Any(c => c.Activation == act && c.Init == i)).ToList();
        string counts = string.Join(", ", rivals.Select(i => $"{i} {Trained(i)}"));
        string notAt = string.Join(", ", failed.Select(c => $"{c.Dataset} L = {c.Depth} ({Describe(c.Scratch)})"));
        if (mine > 0 && rivals.Count > 0 && rivals.All(i => Trained(i) < mine))
            return $"{claim} — best here, not everywhere: with {act}, {init} trained in {mine} of {cells.Count} configurations, more than any other init " +
                   $"({counts}); it did not train at {notAt}";
        var ok = cells.Where(c => c.Scratch.Outcome == DepthOutcome.Trains).Select(c => $"{c.Dataset} L = {c.Depth}").ToList();
        return $"not shown here that {char.ToLowerInvariant(claim[0])}{claim[1..]}: with {act}, {init} " +
               (ok.Count == 0 ? $"trained in none of the configurations ({notAt})" : $"trained at {string.Join(", ", ok)} but not at {notAt}") +
               (rivals.Count > 0 ? $"; configurations trained per init: {init} {mine}, {counts}" : "");
    }

    static string? Zeros(DepthStudyResult r, string allDepths, string onDatasets)
    {
        var cells = r.Cells.Where(c => c.Init == "zeros").ToList();
        if (cells.Count == 0) return null;
        var broken = cells.Where(c => c.MaxHiddenRowDifference is not 0.0).ToList();
        if (broken.Count == 0)
        {
            var trained = cells.Where(c => c.Scratch.Outcome == DepthOutcome.Trains).ToList();
            return $"zeros never breaks symmetry, at any depth: at every depth measured (L = {allDepths}), with {string.Join(" and ", cells.Select(c => c.Activation).Distinct())}, {onDatasets}, " +
                   "every hidden layer's units ended with exactly the same weights (max row difference 0)" +
                   (trained.Count == 0 ? ", and no zeros run trained" : $"; yet these runs met the train rule: {string.Join(", ", trained.Select(c => $"{c.Dataset} {c.Activation} L = {c.Depth}"))}");
        }
        return "zeros: symmetry was broken in " + string.Join(", ", broken.Select(c =>
            $"{c.Dataset} {c.Activation} L = {c.Depth} ({(c.MaxHiddenRowDifference is double d ? $"max row difference {Num(d)}" : Describe(c.Scratch))})")) +
            $"; it held in {cells.Count - broken.Count} of {cells.Count} configurations";
    }

    /// <summary>Random ×10 per activation: diverged runs, and its iteration-0 gradients against the recommended init's.</summary>
    static IEnumerable<string> LargeRandom(DepthStudyResult r)
    {
        const string large = "random ×10";
        foreach (var act in r.Cells.Select(c => c.Activation).Distinct())
        {
            var cells = r.Cells.Where(c => c.Activation == act && c.Init == large).ToList();
            if (cells.Count == 0) continue;
            var diverged = cells.Where(c => c.Scratch.Outcome == DepthOutcome.Diverged).ToList();
            string reference = act == "tanh" ? "xavier" : "he";
            var g = r.Gradients.FirstOrDefault(x => x.Activation == act && x.Init == large);
            var gRef = r.Gradients.FirstOrDefault(x => x.Activation == act && x.Init == reference);
            double? ratio = g is not null && gRef is not null ? MeanLog10(g) - MeanLog10(gRef) : null;
            var spread = g?.ActivationStd;
            string gradients = ratio is double d && double.IsFinite(d)
                ? $"at L = {g!.Depth} its iteration-0 gradients ‖dW_l‖ were 10^{d:0.#} times {reference}'s (geometric mean over the layers)"
                : "";
            string activations = spread is { Count: > 0 } ? $", and its activations' std went from {Num(spread[0])} (layer 1) to {Num(spread[^1])} (layer {spread.Count})" : "";
            if (diverged.Count > 0)
                yield return $"large random initialization explodes with {act}: random ×10 diverged (cost non-finite) at " +
                    string.Join(", ", diverged.Select(c => $"{c.Dataset} L = {c.Depth} (iteration {c.Scratch.Diverged!.Iteration})")) +
                    (gradients.Length > 0 ? $"; {gradients}{activations}" : "");
            else
                yield return $"random ×10 with {act} did not diverge in {cells[0].Scratch.Run.Iterations} iterations" +
                    (gradients.Length > 0 ? $"; {gradients}{activations}" : "") +
                    $"; outcomes: {string.Join(", ", cells.Select(c => $"{c.Dataset} L = {c.Depth} {Describe(c.Scratch)}"))}";
        }
    }

    /// <summary>Below this factor a signal "vanishes", above its inverse it "explodes" (across the layers).</summary>
    public const double VanishingFactor = 1e-3;

    /// <summary>
    /// Per activation, from the per-layer records: how the activations' spread changes from the first hidden layer to
    /// the last (forward), and ‖dW_1‖ against ‖dW_L‖ at iteration 0 and ‖dW_1‖ after the recorded iterations (backward).
    /// A change beyond a factor 1000 is named vanishing or exploding; anything less is only quoted.
    /// </summary>
    public static IEnumerable<string> Signals(DepthStudyResult r)
    {
        foreach (var group in r.Gradients.Where(g => g.Init != "zeros" && g.Norms.Count > 0).GroupBy(g => g.Activation))
        {
            var rows = group.ToList();
            int L = rows[0].Depth, K = rows.Max(g => g.Norms.Count) - 1;
            if (rows.All(g => g.ActivationStd.Count > 0))
                yield return $"{group.Key}, L = {L}, iteration 0, std of A_l from hidden layer 1 to {L - 1}: " + string.Join(", ", rows.Select(g =>
                    $"{g.Init} {Num(g.ActivationStd[0])} → {Num(g.ActivationStd[^1])}{Label(g.ActivationStd[^1] / g.ActivationStd[0])}"));
            yield return $"{group.Key}, L = {L}, ‖dW_1‖ (input side) against ‖dW_{L}‖ (output side) at iteration 0, and ‖dW_1‖ at iteration {K}: " + string.Join(", ", rows.Select(g =>
            {
                var first = g.Norms[0].WeightGradientNorms;
                string later = g.DivergedAt is int d ? $"diverged at iteration {d}"
                    : g.Norms.Count - 1 < K ? "stopped" : $"‖dW_1‖ {Num(first[0])} → {Num(g.Norms[^1].WeightGradientNorms[0])}{After(first[0], g.Norms[^1].WeightGradientNorms[0])}";
                return $"{g.Init} {Num(first[0])} vs {Num(first[^1])}{Label(first[0] / first[^1], "towards the input")} ({later})";
            }));
        }

        static string After(double first, double last) =>
            last == 0 ? ": exactly 0, vanished" : first > 0 && last / first < VanishingFactor ? $": ×{Num(last / first)}, vanishing over the iterations" : "";

        static string Label(double ratio, string where = "") => !double.IsFinite(ratio) ? ""
            : ratio < VanishingFactor ? $" (×{Num(ratio)}: vanishing{(where.Length > 0 ? " " + where : "")})"
            : ratio > 1 / VanishingFactor ? $" (×{Num(ratio)}: exploding{(where.Length > 0 ? " " + where : "")})"
            : "";
    }

    static double MeanLog10(DepthGradients g) =>
        g.Norms.Count == 0 ? double.NaN : g.Norms[0].WeightGradientNorms.Average(v => Math.Log10(v));

    static string Agreement(DepthStudyResult r)
    {
        var compared = r.Cells.Where(c => c.Agree is not null).ToList();
        if (compared.Count == 0) return "scratch vs autograd: no configuration ran with both";
        var differ = compared.Where(c => c.Agree == false).ToList();
        double? worst = compared.Select(c => c.MaxRelativeParameterDifference).Where(d => d is not null).Max();
        string delta = worst is double w ? $" (largest max rel Δθ over the finite pairs: {w:0.0e+0})" : "";
        if (differ.Count == 0)
            return $"scratch and autograd agree in all {compared.Count} configurations: the same outcome, the same train and test accuracy, divergence at the same iteration{delta}";
        var known = differ.Where(c => c.CostsAgreeThrough is not null).Select(c => c.CostsAgreeThrough!.Value).ToList();
        int atStart = differ.Count - known.Count;
        string tolerance = DepthStudy.CostTolerance.ToString("0e+0", Inv);
        string parted = (known.Count > 0
                ? $". In {(atStart == 0 ? "each of these" : $"{known.Count} of these")} their costs agreed within {tolerance} (relative) at every iteration from 0 through " +
                  $"iteration {known.Min()}{(known.Min() == known.Max() ? "" : $"…{known.Max()}")} and parted later, as rounding differences grow from step to step"
                : "") +
            (atStart > 0 ? $"{(known.Count > 0 ? "; in" : ". In")} {atStart} the costs differed by more than {tolerance} already at iteration 0" : "");
        return $"scratch and autograd agree in {compared.Count - differ.Count} of {compared.Count} configurations{delta}; they differ in " +
               string.Join(", ", differ.Select(c => $"{c.Dataset} {c.Activation} L = {c.Depth} {c.Init} (scratch {Describe(c.Scratch)}, autograd {Describe(c.Autograd)})")) + parted;
    }

    /// <summary>A run in a few words: "trains, 99.3/98.0 %" (train/test), "does not train, 50.0/50.0 %", "diverged at iteration 3".</summary>
    public static string Describe(DepthRun run) => run.Outcome switch
    {
        DepthOutcome.Diverged => $"diverged at iteration {run.Diverged!.Iteration}",
        DepthOutcome.Trains => $"trains, {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)} %",
        DepthOutcome.DoesNotTrain => $"does not train, {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)} %",
        _ => run.Run.SkipReason is { } why ? $"skipped ({why})" : "not run",
    };

    /// <summary>3 significant digits, in scientific notation outside [0.001, 1000).</summary>
    public static string Num(double x) => x == 0 || (Math.Abs(x) >= 1e-3 && Math.Abs(x) < 1e3) ? x.ToString("G3", Inv) : x.ToString("0.00e+0", Inv);

    static string Pct(double? x) => x is double v ? (100 * v).ToString("0.0", Inv) : "–";
}
