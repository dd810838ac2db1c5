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
    public int SubsetSeed { get; init; } = 1;
    /// <summary>One perturbed forward pass at a time through the scratch model's Cost (the reference), instead of batched.</summary>
    public bool Naive { get; init; }
    /// <summary>Bound on the elements of one batched chunk's largest intermediate tensors (8 bytes each).</summary>
    public long ChunkElementBudget { get; init; } = 1L << 24;
    /// <summary>How many of the worst entries each comparison lists.</summary>
    public int WorstCount { get; init; } = 5;

    public void Validate(int parameterCount)
    {
        if (!(Epsilon > 0 && Epsilon <= MaxEpsilon))
            throw new ArgumentException($"--epsilon must be in (0, 0.01] (a small step; the course uses 1e-7); got {Epsilon:G}");
        if (!(Threshold > 0) || double.IsInfinity(Threshold)) throw new ArgumentException($"--threshold must be a finite number > 0; got {Threshold}");
        if (Subset is { } k && (k <= 0 || k > parameterCount))
            throw new ArgumentException($"--subset must be between 1 and the number of parameters ({parameterCount}); got {k}");
        if (ChunkElementBudget <= 0) throw new ArgumentException($"chunk element budget must be > 0; got {ChunkElementBudget}");
        if (WorstCount < 0) throw new ArgumentException($"worst-entry count must be ≥ 0; got {WorstCount}");
    }
}

/// <summary>
/// One tensor's part of a comparison. Difference is the tensor's own ‖g_t − g̃_t‖ / (‖g_t‖ + ‖g̃_t‖);
/// Share is ‖g_t − g̃_t‖ / (‖g‖ + ‖g̃‖), its part of the overall difference (the shares' root-sum-square
/// is the overall difference). The verdict uses the share: a small tensor with a small gradient (a
/// single bias) has an own difference dominated by the ε-rounding noise of central differences
/// (≈ 3e-7 for a correct b1 in the course case), which would name correct tensors as wrong.
/// </summary>
public sealed record TensorDifference(string Name, int Checked, double Difference, double Share, bool Passed);

/// <summary>
/// One entry where the two gradients disagree most. Analytic is the checked gradient (scratch, or
/// autograd in "autograd vs numeric"); Reference what it is checked against (numeric, or autograd).
/// Relative error is |a − r| / (|a| + |r|) (0 when both are 0).
/// </summary>
public sealed record EntryError(string Name, int Index, int Row, int Column, double Analytic, double Reference, double AbsoluteError, double RelativeError);

/// <summary>One comparison, e.g. "scratch vs numeric": difference = ‖a − r‖₂ / (‖a‖₂ + ‖r‖₂) overall and per tensor.</summary>
public sealed record GradientComparison(
    string Name, string Analytic, string Reference, int Checked, double Difference, bool Passed,
    IReadOnlyList<TensorDifference> Tensors, IReadOnlyList<EntryError> Worst)
{
    /// <summary>The tensors whose gradient is wrong: where the mistake is.</summary>
    public IReadOnlyList<string> FailingTensors => Tensors.Where(t => !t.Passed).Select(t => t.Name).ToArray();
}

/// <summary>The result of a gradient check: three comparisons and how they were made.</summary>
public sealed record GradientCheckReport(
    int ParameterCount,
    int CheckedCount,
    /// <summary>True when only a seeded random subset of coordinates was checked numerically.</summary>
    bool Subset,
    int? SubsetSeed,
    double Epsilon,
    double Threshold,
    double Lambd,
    double KeepProb,
    /// <summary>"none", or "frozen": the same masks D1, D2 in every perturbed forward pass.</summary>
    string DropoutMasks,
    string Cost,
    BackwardBug Bug,
    /// <summary>"batched" or "naive".</summary>
    string NumericMethod,
    IReadOnlyList<string> Notes,
    GradientComparison ScratchVsNumeric,
    GradientComparison ScratchVsAutograd,
    GradientComparison AutogradVsNumeric)
{
    public IReadOnlyList<GradientComparison> Comparisons => [ScratchVsNumeric, ScratchVsAutograd, AutogradVsNumeric];
    /// <summary>All three comparisons pass.</summary>
    public bool Passed => Comparisons.All(c => c.Passed);
}

/// <summary>The course's 1-D example: J(θ) = θ·x, dJ/dθ = x.</summary>
public sealed record OneDimensionalCheck(double Gradient, double Numeric, double Difference, bool Passed);
