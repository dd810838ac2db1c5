using TorchPractice.Models.Scratch;

namespace TorchPractice.GradientCheck;

/// <summary>How the check runs. Defaults are the course's: ε = 1e-7, threshold 2e-7.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>The central-difference step, in (0, <see cref="MaxEpsilon"/>].</summary>
    public double Epsilon { get; init; } = 1e-7;
    /// <summary>Largest accepted step: beyond it (θ ± ε) is no longer a small perturbation and every tensor would read as wrong.</summary>
    public const double MaxEpsilon = 1e-2;
    /// <summary>A comparison (and a tensor) passes when its difference is ≤ this.</summary>
    public double Threshold { get; init; } = 2e-7;
    /// <summary>Check only this many coordinates, drawn without replacement with <see cref="SubsetSeed"/>; null: all.</summary>
    public int? Subset { get; init; }
    /// <summary>Seeds the draw of <see cref="Subset"/>.</summary>
    public int SubsetSeed { get; init; } = 1;
    /// <summary>One perturbed forward pass at a time through the scratch model's Cost (the reference), instead of batched.</summary>
    public bool Naive { get; init; }
    /// <summary>Bound on the elements of one batched chunk's largest intermediate tensors (8 bytes each).</summary>
    public long ChunkElementBudget { get; init; } = 1L << 24;
    /// <summary>How many of the worst entries each comparison lists.</summary>
    public int WorstCount { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    /// <param name="parameterCount">How many parameters the model has (the bound of <see cref="Subset"/>).</param>
    public void Validate(int parameterCount)
    {
        if (!(Epsilon > 0 && Epsilon <= MaxEpsilon))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"{nameof(Epsilon)} must be in (0, 0.01] (a small step; the course uses 1e-7); got {Epsilon:G}");
        if (!(Threshold > 0) || double.IsInfinity(Threshold)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, $"{nameof(Threshold)} must be a finite number > 0; got {Threshold}");
        if (Subset is { } k && (k <= 0 || k > parameterCount))
            throw new ArgumentOutOfRangeException(nameof(Subset), k, $"{nameof(Subset)} must be between 1 and the number of parameters ({parameterCount}); got {k}");
        if (ChunkElementBudget <= 0) throw new ArgumentOutOfRangeException(nameof(ChunkElementBudget), ChunkElementBudget, $"{nameof(ChunkElementBudget)} must be > 0; got {ChunkElementBudget}");
        if (WorstCount < 0) throw new ArgumentOutOfRangeException(nameof(WorstCount), WorstCount, $"{nameof(WorstCount)} must be ≥ 0; got {WorstCount}");
    }
}

/// <summary>
/// One tensor's part of a comparison. Difference is the tensor's own ‖g_t − g̃_t‖ / (‖g_t‖ + ‖g̃_t‖);
/// Share is ‖g_t − g̃_t‖ / (‖g‖ + ‖g̃‖), its part of the overall difference (the shares' root-sum-square
/// is the overall difference). The verdict uses the share: a small tensor with a small gradient (a
/// single bias) has an own difference dominated by the ε-rounding noise of central differences
/// (≈ 3e-7 for a correct b1 in the course case), which would name correct tensors as wrong.
/// </summary>
/// <param name="Name">The tensor (W1, b1, …).</param>
/// <param name="Checked">How many of its entries were compared.</param>
/// <param name="Difference">Its own relative difference.</param>
/// <param name="Share">Its share of the overall difference.</param>
/// <param name="Passed">Share ≤ threshold.</param>
public sealed record TensorDifference(string Name, int Checked, double Difference, double Share, bool Passed);

/// <summary>
/// One entry where the two gradients disagree most. Analytic is the checked gradient (scratch, or
/// autograd in "autograd vs numeric"); Reference what it is checked against (numeric, or autograd).
/// Relative error is |a − r| / (|a| + |r|) (0 when both are 0).
/// </summary>
/// <param name="Name">The tensor.</param>
/// <param name="Index">Row-major flat index in it.</param>
/// <param name="Row">Row.</param>
/// <param name="Column">Column.</param>
/// <param name="Analytic">The checked gradient's value.</param>
/// <param name="Reference">The reference value.</param>
/// <param name="AbsoluteError">|a − r|.</param>
/// <param name="RelativeError">|a − r| / (|a| + |r|).</param>
public sealed record EntryError(string Name, int Index, int Row, int Column, double Analytic, double Reference, double AbsoluteError, double RelativeError);

/// <summary>One comparison, e.g. "scratch vs numeric": difference = ‖a − r‖₂ / (‖a‖₂ + ‖r‖₂) overall and per tensor.</summary>
/// <param name="Name">e.g. "scratch vs numeric".</param>
/// <param name="Analytic">The checked gradient ("scratch" or "autograd").</param>
/// <param name="Reference">What it is checked against ("numeric" or "autograd").</param>
/// <param name="Checked">How many entries were compared.</param>
/// <param name="Difference">‖a − r‖₂ / (‖a‖₂ + ‖r‖₂).</param>
/// <param name="Passed">Difference ≤ threshold.</param>
/// <param name="Tensors">The per-tensor breakdown.</param>
/// <param name="Worst">The entries that disagree most.</param>
public sealed record GradientComparison(
    string Name, string Analytic, string Reference, int Checked, double Difference, bool Passed,
    IReadOnlyList<TensorDifference> Tensors, IReadOnlyList<EntryError> Worst)
{
    /// <summary>How the verdicts were made, in words (the share rule with its threshold, or an element-wise tolerance).</summary>
    public string Criterion { get; init; } = "";

    /// <summary>The tensors whose gradient is wrong: where the mistake is.</summary>
    public IReadOnlyList<string> FailingTensors => Tensors.Where(t => !t.Passed).Select(t => t.Name).ToArray();
}

/// <summary>The result of a gradient check: three comparisons and how they were made.</summary>
/// <param name="ParameterCount">How many parameters the model has.</param>
/// <param name="CheckedCount">How many of them were checked numerically.</param>
/// <param name="Subset">True when only a seeded random subset of coordinates was checked numerically.</param>
/// <param name="SubsetSeed">The seed of that subset (null: all were checked).</param>
/// <param name="Epsilon">The central-difference step ε.</param>
/// <param name="Threshold">A difference at or below this passes.</param>
/// <param name="Lambd">The model's L2 strength λ (the check includes the L2 term).</param>
/// <param name="KeepProb">The model's keep_prob.</param>
/// <param name="DropoutMasks">"none", or "frozen": the same masks D1, D2 in every perturbed forward pass.</param>
/// <param name="Cost">Which cost formula was differentiated ("stable" or "course").</param>
/// <param name="Bug">The planted mistake in the hand-written backward pass, if any.</param>
/// <param name="NumericMethod">"batched" or "naive".</param>
/// <param name="Notes">Sentences for the reader (e.g. how dropout was handled).</param>
/// <param name="ScratchVsNumeric">The hand-written gradient against central differences.</param>
/// <param name="ScratchVsAutograd">The hand-written gradient against autograd.</param>
/// <param name="AutogradVsNumeric">Autograd against central differences.</param>
public sealed record GradientCheckReport(
    int ParameterCount,
    int CheckedCount,
    bool Subset,
    int? SubsetSeed,
    double Epsilon,
    double Threshold,
    double Lambd,
    double KeepProb,
    string DropoutMasks,
    string Cost,
    BackwardBug Bug,
    string NumericMethod,
    IReadOnlyList<string> Notes,
    GradientComparison ScratchVsNumeric,
    GradientComparison ScratchVsAutograd,
    GradientComparison AutogradVsNumeric)
{
    /// <summary>Entries at kinks (J not differentiable within ε there): listed, left out of every comparison's verdict.</summary>
    public IReadOnlyList<NonDifferentiableEntry> NonDifferentiable { get; init; } = [];

    /// <summary>The three comparisons, in the order above.</summary>
    public IReadOnlyList<GradientComparison> Comparisons => [ScratchVsNumeric, ScratchVsAutograd, AutogradVsNumeric];
    /// <summary>All three comparisons pass.</summary>
    public bool Passed => Comparisons.All(c => c.Passed);
}

/// <summary>The course's 1-D example: J(θ) = θ·x, dJ/dθ = x.</summary>
/// <param name="Gradient">dJ/dθ = x.</param>
/// <param name="Numeric">(J(θ + ε) − J(θ − ε)) / 2ε.</param>
/// <param name="Difference">The relative difference.</param>
/// <param name="Passed">Difference below the threshold.</param>
public sealed record OneDimensionalCheck(double Gradient, double Numeric, double Difference, bool Passed);
