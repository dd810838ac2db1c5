using System.Globalization;
using TorchPractice.Comparison.Report;
using static TorchPractice.Comparison.Report.ReportTables;

namespace TorchPractice.Comparison.Studies;

/// <summary>The optimization study's section of report.md: each rule by both implementations, the NumPy peer against scratch, momentum against torch.optim's.</summary>
public static class OptimizationStudyReport
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Issue #25's bar for the NumPy peer: every epoch's cost within this of scratch's (relative) over the first epochs.</summary>
    public const double NumPyBar = 1e-12;

    /// <summary>The section for the study's results.</summary>
    public static ReportSection Section(OptimizationStudyResult s)
    {
        var table = new ReportTable($"Update rules, {s.Settings.Iterations} epochs, mini-batches of {s.MiniBatchSize}",
            ["optimizer", "decay", "α0", "scratch train %", "scratch test %", "autograd train %", "autograd test %", "final cost scratch", "final cost autograd", "max |ΔJ|/J", "α last", "time s (scratch)"],
            s.Rows.Select(r => (IReadOnlyList<string>)[r.Optimizer, r.Decay, G(r.LearningRate), Pct(r.Pair.Scratch.TrainAccuracy), Pct(r.Pair.Scratch.TestAccuracy),
                Pct(r.Pair.Autograd.TrainAccuracy), Pct(r.Pair.Autograd.TestAccuracy), G(r.Pair.Scratch.FinalCost), G(r.Pair.Autograd.FinalCost),
                Sci(r.MaxCostDifference), G(r.FinalLearningRate), Sec(r.Pair.Scratch.Seconds)]).ToList(), []);
        var tables = new List<ReportTable> { table };
        var notes = s.Notes.ToList();
        if (NumPyTable(s) is { } numpy) tables.Add(numpy);
        else if (s.Rows.Select(r => r.NumPy).FirstOrDefault(p => p is { Skipped: true }) is { } skipped) notes.Add($"NumPy peer skipped: {skipped.SkipReason}");
        if (s.Momentum is { } m) tables.Add(MomentumTable(m, s.Settings.Iterations));
        var figures = new List<(string, string)>();
        if (s.CostFigure is { } c) figures.Add(("epoch cost of every rule, scratch solid and autograd dashed", c));
        if (s.ScheduleFigure is { } lr) figures.Add(("the learning rate each epoch runs with: the decayed runs' schedule_lr_decay, and update_lr for comparison", lr));
        figures.AddRange(s.Rows.Where(r => r.Pair.BoundaryFigure is not null).Select(r => ($"{r.Pair.Label}: decision boundary (scratch)", r.Pair.BoundaryFigure!)));
        string layers = string.Join(",", s.Settings.Layers.Select(l => l.ToString(Inv)));
        return new ReportSection("Optimization study (week 2)", $"{s.Settings.Data}, [{layers}] ReLU, He start, NumPy seed {s.Settings.Seed}", tables, figures, notes);
    }

    /// <summary>The NumPy peer's runs against scratch, with the bar's verdict; null when the peer ran for no row.</summary>
    static ReportTable? NumPyTable(OptimizationStudyResult s)
    {
        var ran = s.Rows.Where(r => r.NumPy is { Skipped: false }).ToList();
        if (ran.Count == 0) return null;
        int early = Math.Min(OptimizationStudy.EarlyEpochs, s.Settings.Iterations);
        var rows = ran.Select(r => (IReadOnlyList<string>)[r.Optimizer, r.Decay, Pct(r.NumPy!.TrainAccuracy), Pct(r.NumPy.TestAccuracy), G(r.NumPy.FinalCost),
            r.NumPyCostDifference is double d ? Sci(d) : "–", r.NumPyEarlyCostDifference is double e ? Sci(e) : "–", r.NumPyAccuraciesEqual ? "yes" : "no", Sec(r.NumPy.Seconds)]).ToList();
        var worst = ran.Where(r => r.NumPyEarlyCostDifference is not null).MaxBy(r => r.NumPyEarlyCostDifference!.Value);
        var missed = ran.Where(r => !(r.NumPyEarlyCostDifference <= NumPyBar) || !r.NumPyAccuraciesEqual).Select(r => r.Pair.Label).ToList();
        string verdict = missed.Count == 0 ? "met" : $"NOT met by {string.Join(", ", missed)}";
        string worstText = worst is null ? "" : $" (worst {Sci(worst.NumPyEarlyCostDifference!.Value)}, {worst.Pair.Label})";
        return new ReportTable($"NumPy peer (the assignment's model() in NumPy) against scratch, {s.Settings.Iterations} epochs",
            ["optimizer", "decay", "numpy train %", "numpy test %", "final cost numpy", "max |ΔJ|/J (every 100 epochs)", $"max |ΔJ|/J (each of epochs 0–{early - 1})", "accuracies = scratch's", "time s (numpy)"],
            rows,
            [$"issue #25's bar, every epoch's cost within {Sci(NumPyBar)} of scratch's over the first {early} epochs and the same train and test accuracy: {verdict}{worstText}"]);
    }

    /// <summary>The course's momentum against torch.optim's SGD, with the setting that makes them equal.</summary>
    static ReportTable MomentumTable(MomentumComparison m, int epochs)
    {
        double? At(RunResult run, int epoch) => run.Costs.FirstOrDefault(c => c.Iteration == epoch)?.Cost;
        int last = epochs - 1;
        var rows = m.Variants.Select(v => (IReadOnlyList<string>)[v.Rule, G(v.LearningRate), v.FirstStepRatio.ToString("G10", Inv),
            G(At(v.Run, 0)), G(At(v.Run, 100)), G(At(v.Run, last)), Sci(v.MaxCostDifference), Pct(v.Run.TrainAccuracy)]).ToList();
        string b = m.Beta.ToString("G", Inv), oneMinus = G(1 - m.Beta);
        return new ReportTable($"Momentum (β {b}): the course's rule against torch.optim's SGD, same start and mini-batches",
            ["rule", "lr", "first step ÷ course's", "J epoch 0", "J epoch 100", $"J epoch {last}", "max |ΔJ|/J vs course", "train %"],
            rows,
            [
                $"PyTorch's buffer: b = g at the first step, then b = β·b + (1 − dampening)·g, and θ −= lr·b. With dampening β, b is the course's v from the second step on, but the first step is g: 1/(1 − β) = {G(1 / (1 - m.Beta))}× the course's (1 − β)·g, and no lr makes every step equal",
                $"equal: dampening 0 and lr = α·(1 − β) = α·{oneMinus}: b = Σ β^(t−k)·g_k = v/(1 − β) from the first step, so every step is the course's α·v (to rounding: the differences in the last column)",
                "first step: one step on all the training samples from the same start, ‖Δθ‖ against the course's; J at the epochs the study records (every 100)",
            ]);
    }
}
