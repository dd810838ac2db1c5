using System.Globalization;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The depth study's findings, each drawn from the measured numbers as a claim, a verdict and the one or two numbers
/// behind it (a line each): the course's claims (He for ReLU, Xavier for tanh, zeros never breaks symmetry, large
/// random explodes), what the signals do layer by layer at the deepest depth, and scratch against autograd at
/// iteration 0. A claim the numbers do not show is said to be "not shown", never stated.
/// </summary>
public static class DepthFindings
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Below this factor a signal "vanishes", above its inverse it "explodes" (across the layers).</summary>
    public const double VanishingFactor = 1e-3;

    /// <summary>The findings of <paramref name="r"/> (its cells, gradient records and rounding rows).</summary>
    /// <param name="r">The study's results (its <see cref="DepthStudyResult.Findings"/> are not read).</param>
    public static IReadOnlyList<DepthFinding> Draw(DepthStudyResult r)
    {
        if (r.Cells.Count == 0) return [new("the study ran", "not shown", "no configuration finished")];
        var findings = new List<DepthFinding>
        {
            Recommended(r, "relu", "he", "He trains ReLU nets at every depth"),
            Recommended(r, "tanh", "xavier", "Xavier trains tanh nets at every depth"),
        };
        if (Zeros(r) is { } zeros) findings.Add(zeros);
        findings.AddRange(LargeRandom(r));
        findings.AddRange(Signals(r));
        if (Agreement(r) is { } agreement) findings.Add(agreement);
        return findings;
    }

    /// <summary>The course's recommendation for an activation: holds, holds here (trained most often), or not shown.</summary>
    public static DepthFinding Recommended(DepthStudyResult r, string act, string init, string claim)
    {
        var cells = r.Cells.Where(c => c.Activation == act && c.Init == init).ToList();
        if (cells.Count == 0) return new(claim, "not shown", "not measured (the run stopped before it)");
        int Trained(string i) => r.Cells.Count(c => c.Activation == act && c.Init == i && c.Run.Outcome == DepthOutcome.Trains);
        int mine = Trained(init);
        var failed = cells.Where(c => c.Run.Outcome != DepthOutcome.Trains).ToList();
        var best = r.Settings.Inits.Where(i => i != init && r.Cells.Any(c => c.Activation == act && c.Init == i))
            .Select(i => (Init: i, Count: Trained(i))).OrderByDescending(t => t.Count).FirstOrDefault();
        string rival = best.Init is null ? "" : $"; next best {best.Init} {best.Count}";
        string evidence = $"{init} trained in {mine} of {cells.Count} (dataset, depth) runs{rival}" +
            (failed.Count == 0 ? "" : $"; not at {string.Join(", ", failed.Take(3).Select(c => $"{c.Dataset} L = {c.Depth}"))}{(failed.Count > 3 ? ", …" : "")}");
        string verdict = failed.Count == 0 ? "holds" : mine > 0 && (best.Init is null || best.Count < mine) ? "holds here, not everywhere" : "not shown";
        return new(claim, verdict, evidence);
    }

    /// <summary>Zeros: every hidden layer's units stay copies of each other.</summary>
    public static DepthFinding? Zeros(DepthStudyResult r)
    {
        var cells = r.Cells.Where(c => c.Init == "zeros").ToList();
        if (cells.Count == 0) return null;
        int kept = cells.Count(c => c.MaxHiddenRowDifference is 0.0);
        int trained = cells.Count(c => c.Run.Outcome == DepthOutcome.Trains);
        return new("Zeros never breaks symmetry", kept == cells.Count ? "holds" : "fails",
            $"max hidden-row difference 0 in {kept} of {cells.Count} runs; {trained} trained");
    }

    /// <summary>Random ×10 per activation: diverged runs, and its iteration-0 gradients against the recommended init's.</summary>
    public static IEnumerable<DepthFinding> LargeRandom(DepthStudyResult r)
    {
        const string large = "random ×10";
        foreach (var act in r.Cells.Select(c => c.Activation).Distinct())
        {
            var cells = r.Cells.Where(c => c.Activation == act && c.Init == large).ToList();
            if (cells.Count == 0) continue;
            var diverged = cells.Where(c => c.Run.Outcome == DepthOutcome.Diverged).ToList();
            string reference = act == "tanh" ? "xavier" : "he";
            var g = r.Gradients.FirstOrDefault(x => x.Activation == act && x.Init == large);
            var gRef = r.Gradients.FirstOrDefault(x => x.Activation == act && x.Init == reference);
            double ratio = g is not null && gRef is not null ? MeanLog10(g) - MeanLog10(gRef) : double.NaN;
            string gradients = double.IsFinite(ratio) ? $"; at L = {g!.Depth} its iteration-0 ‖dW_l‖ are 10^{ratio.ToString("0.#", Inv)}× {reference}'s" : "";
            yield return new($"Large random init (×10) explodes with {act}", diverged.Count > 0 ? "holds" : "not shown",
                diverged.Count > 0
                    ? $"diverged in {diverged.Count} of {cells.Count} runs, first at iteration {diverged.Min(c => c.Run.Diverged!.Iteration)}{gradients}"
                    : $"no divergence in {cells[0].Run.Run.Iterations} iterations{gradients}");
        }
    }

    /// <summary>
    /// Per activation at the deepest depth, forward (std of A_l, first hidden layer to last) and backward (‖dW_1‖ against
    /// ‖dW_L‖ at iteration 0): the recommended init's factor, and the smallest and largest factor with their inits. A
    /// factor beyond 1000 is named vanishing or exploding.
    /// </summary>
    public static IEnumerable<DepthFinding> Signals(DepthStudyResult r)
    {
        foreach (var group in r.Gradients.Where(g => g.Init != "zeros" && g.Norms.Count > 0).GroupBy(g => g.Activation))
        {
            var rows = group.ToList();
            int L = rows[0].Depth;
            string reference = group.Key == "tanh" ? "xavier" : "he";
            var forward = rows.Where(g => g.ActivationStd.Count > 0 && g.ActivationStd[0] > 0)
                .Select(g => (g.Init, Factor: g.ActivationStd[^1] / g.ActivationStd[0])).Where(t => double.IsFinite(t.Factor)).ToList();
            if (forward.Count > 0)
                yield return Spread($"{group.Key}, L = {L}: the activations' spread keeps its scale only with {reference}",
                    "std of A_l, layer 1 → " + (L - 1), forward, reference);
            var backward = rows.Where(g => g.Norms[0].WeightGradientNorms[^1] > 0)
                .Select(g => (g.Init, Factor: g.Norms[0].WeightGradientNorms[0] / g.Norms[0].WeightGradientNorms[^1])).Where(t => double.IsFinite(t.Factor)).ToList();
            if (backward.Count > 0)
                yield return Spread($"{group.Key}, L = {L}: gradients reach the input side only with {reference}",
                    $"‖dW_1‖ / ‖dW_{L}‖ at iteration 0", backward, reference);
        }

        static DepthFinding Spread(string claim, string measure, List<(string Init, double Factor)> factors, string reference)
        {
            var min = factors.MinBy(t => t.Factor);
            var max = factors.MaxBy(t => t.Factor);
            var mine = factors.FirstOrDefault(t => t.Init == reference);
            bool ok = mine.Init is not null && mine.Factor >= VanishingFactor && mine.Factor <= 1 / VanishingFactor;
            bool others = factors.Any(t => t.Init != reference && (t.Factor < VanishingFactor || t.Factor > 1 / VanishingFactor));
            string verdict = ok && others ? "holds" : ok ? "holds here, not everywhere" : "not shown";
            string Of((string Init, double Factor) t) => $"{t.Init} ×{Num(t.Factor)}{Label(t.Factor)}";
            string evidence = $"{measure}: {(mine.Init is null ? $"{reference} not measured" : Of(mine))}; smallest {Of(min)}; largest {Of(max)}";
            return new(claim, verdict, evidence);
        }

        static string Label(double f) => f < VanishingFactor ? " (vanishing)" : f > 1 / VanishingFactor ? " (exploding)" : "";
    }

    /// <summary>
    /// Scratch against autograd at iteration 0: the cost difference at the shallowest and the deepest depth, and the
    /// largest in amplified last bits (<see cref="DepthRounding.Bits"/>): rounding, amplified by depth, or not.
    /// </summary>
    public static DepthFinding? Agreement(DepthStudyResult r)
    {
        var rows = r.Rounding.Where(x => x.CostDifference is not null && x.Amplification is not null).ToList();
        if (rows.Count == 0) return null;
        int shallow = rows.Min(x => x.Depth), deep = rows.Max(x => x.Depth);
        double MaxAt(int d) => rows.Where(x => x.Depth == d).Max(x => x.CostDifference!.Value);
        double worstBits = rows.Max(x => x.Bits!.Value);
        double amplification = rows.Where(x => x.Depth == deep).Max(x => x.Amplification!.Value);
        return new("Scratch and autograd compute the same cost, to rounding amplified by depth",
            worstBits <= DepthStudy.AgreementBits ? "holds" : "fails",
            $"iteration-0 |ΔJ|/J ≤ {Num(MaxAt(shallow))} at L = {shallow}, ≤ {Num(MaxAt(deep))} at L = {deep} (amplification up to ×{Num(amplification)}); " +
            $"at most {Num(worstBits)} amplified last bits apart");
    }

    static double MeanLog10(DepthGradients g) =>
        g.Norms.Count == 0 ? double.NaN : g.Norms[0].WeightGradientNorms.Average(v => Math.Log10(v));

    /// <summary>A run in a few words: "trains, 99.3/98.0 %" (train/test), "does not train, 50.0/50.0 %", "diverged at iteration 3".</summary>
    public static string Describe(DepthRun run) => run.Outcome switch
    {
        DepthOutcome.Diverged => $"diverged at iteration {run.Diverged!.Iteration}",
        DepthOutcome.Trains => $"trains, {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)} %",
        DepthOutcome.DoesNotTrain => $"does not train, {Pct(run.Run.TrainAccuracy)}/{Pct(run.Run.TestAccuracy)} %",
        _ => run.Run.SkipReason is { } why ? $"skipped ({why})" : "not run",
    };

    /// <summary>3 significant digits, in scientific notation outside [0.001, 1000).</summary>
    public static string Num(double x) => x == 0 || (Math.Abs(x) >= 1e-3 && Math.Abs(x) < 1e3) ? x.ToString("G3", Inv) : x.ToString("0.0e+0", Inv);

    static string Pct(double? x) => x is double v ? (100 * v).ToString("0.0", Inv) : "–";
}
