namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Scratch against autograd at iteration 0 of one configuration, from the same parameters: how far their costs are
/// apart, next to how much the network amplifies a last-bit change. The two forward passes round differently
/// (W·A + b against x·Wᵀ + b); a deep net amplifies that rounding as it amplifies any perturbation, so the difference
/// grows with depth without either being wrong.
/// </summary>
/// <param name="Dataset">circles or fraud.</param>
/// <param name="Activation">The hidden layers' activation.</param>
/// <param name="Init">The initialization's name.</param>
/// <param name="Depth">L.</param>
/// <param name="CostDifference">|J_scratch − J_autograd| / |J_scratch| at iteration 0 (null: a cost was not finite).</param>
/// <param name="Amplification">
/// |J(W ⊙ (1 + ε·s)) − J(W)| / (|J(W)|·ε) for float64's ε and a seeded random sign s per weight: the relative change of
/// the cost per relative last-bit change of every weight (null: not finite, or J = 0).
/// </param>
public sealed record DepthRounding(string Dataset, string Activation, string Init, int Depth, double? CostDifference, double? Amplification)
{
    /// <summary>float64's machine epsilon, the size of the perturbation behind <see cref="Amplification"/>.</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// CostDifference / (ε·max(1, Amplification)): how many amplified last bits the two implementations are apart
    /// (of order L for rounding at every layer; a different computation is orders of magnitude more).
    /// </summary>
    public double? Bits => CostDifference is double d && Amplification is double a ? d / (Epsilon * Math.Max(1, a)) : null;
}
