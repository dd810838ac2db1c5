using TorchPractice.Models.Scratch;

namespace TorchPractice.GradientCheck;

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

    /// <summary>
    /// The gradients compared, flat in <see cref="Layout"/>'s order: "scratch", "autograd", "numeric" (NaN where not
    /// checked), e.g. for a heat map of the relative error per entry.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> Gradients { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Names and shapes behind <see cref="Gradients"/>' flat arrays (null when not recorded).</summary>
    public ParameterVector? Layout { get; init; }

    /// <summary>
    /// A tensor's relative error |a − r| / (|a| + |r|) per entry (row-major; 0 where both are 0, NaN where not checked or
    /// at a kink) between two of <see cref="Gradients"/>, e.g. "scratch" and "numeric".
    /// </summary>
    public double[] RelativeErrors(string tensor, string analytic = "scratch", string reference = "numeric")
    {
        if (Layout is null) throw new InvalidOperationException("the report has no gradients");
        var seg = Layout.Segment(tensor);
        var a = Gradients[analytic];
        var r = Gradients[reference];
        var kinks = NonDifferentiable.Where(k => k.Name == tensor).Select(k => k.Index).ToHashSet();
        var e = new double[seg.Length];
        for (int i = 0; i < seg.Length; i++)
        {
            double x = a[seg.Offset + i], y = r[seg.Offset + i], den = Math.Abs(x) + Math.Abs(y);
            e[i] = kinks.Contains(i) || double.IsNaN(x) || double.IsNaN(y) ? double.NaN : den == 0 ? 0 : Math.Abs(x - y) / den;
        }
        return e;
    }

    /// <summary>
    /// Why the comparisons say nothing about the backward pass, or null: a non-finite gradient (J overflows), or a
    /// numeric gradient that is zero everywhere (θ ± ε did not change J). Not a mistake in the backward pass.
    /// </summary>
    public string? Inconclusive { get; init; }

    /// <summary>The three comparisons, in the order above.</summary>
    public IReadOnlyList<GradientComparison> Comparisons => [ScratchVsNumeric, ScratchVsAutograd, AutogradVsNumeric];
    /// <summary>
    /// What each wrong tensor's mistake looks like (<see cref="Diagnosis"/>), one per tensor: scratch vs numeric's
    /// first, then those only the other comparisons found.
    /// </summary>
    public IReadOnlyList<Diagnosis> Diagnoses =>
        Comparisons.SelectMany(c => c.Tensors).Select(t => t.Diagnosis).OfType<Diagnosis>().DistinctBy(d => d.Tensor).ToArray();

    /// <summary>All three comparisons pass.</summary>
    public bool Passed => Comparisons.All(c => c.Passed);
}
