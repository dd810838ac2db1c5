using TorchPractice.Runtime;

namespace TorchPractice.Comparison.Studies;

/// <summary>How many iterations each kind of run gets. <see cref="Full"/> and <see cref="Quick"/> are the two presets.</summary>
public sealed record IterationBudget
{
    /// <summary>Initialization study runs (the course: 15 000).</summary>
    public int Init { get; init; } = 15_000;
    /// <summary>Regularization study runs (the course: 30 000).</summary>
    public int Reg { get; init; } = 30_000;
    /// <summary>λ and keep_prob sweep runs (scratch step, each sweep batched; the course's 30 000 shows overfitting).</summary>
    public int Sweep { get; init; } = 30_000;
    /// <summary>Iterations whose per-layer gradient norms are recorded, per initialization.</summary>
    public int GradientNorms { get; init; } = 100;
    /// <summary>Record the cost every this many iterations (cost curves and the course's printout).</summary>
    public int PrintEvery { get; init; } = 1000;
    /// <summary>Depth study: iterations of every (dataset, activation, depth, init) run, per implementation.</summary>
    public int Depth { get; init; } = 150;
    /// <summary>Depth study: iterations whose per-layer gradient norms are recorded (the heat maps; "after a short training").</summary>
    public int DepthGradientNorms { get; init; } = 40;
    /// <summary>The optimization study's epochs (the assignment's 5 000).</summary>
    public int Optimization { get; init; } = 5_000;
    /// <summary>Depth study: the depths L (layers with weights) trained; null: <see cref="DepthStudy.FullDepths"/>.</summary>
    public IReadOnlyList<int>? Depths { get; init; }

    /// <summary>The full study's budget (the course's iterations).</summary>
    public static IterationBudget Full { get; } = new();
    /// <summary>The --quick budget.</summary>
    public static IterationBudget Quick { get; } = new()
    {
        Init = 1500, Reg = 2500, Sweep = 2500, GradientNorms = 50, PrintEvery = 100,
        Depth = 60, DepthGradientNorms = 20, Depths = DepthStudy.QuickDepths, Optimization = 500,
    };

    /// <summary>The depth study's depths: <see cref="Depths"/>, else the full study's.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<int> DepthList => Depths ?? DepthStudy.FullDepths;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first count out of range.</summary>
    public void Validate()
    {
        if (Init < 1 || Reg < 1 || Sweep < 1 || GradientNorms < 1 || PrintEvery < 1 || Depth < 1 || DepthGradientNorms < 1 || Optimization < 1)
            throw new ArgumentException($"iteration counts must be ≥ 1 (init {Init}, reg {Reg}, sweep {Sweep}, gradient norms {GradientNorms}, print every {PrintEvery}, depth {Depth}, depth gradient norms {DepthGradientNorms}, optimization {Optimization})");
        if (Depths is { } d && (d.Count == 0 || d.Any(l => l < 2)))
            throw new ArgumentException($"the depth study's depths must be ≥ 2 layers (at least one hidden layer); got {string.Join(",", d)}");
    }
}
