namespace TorchPractice.GradientCheck;

/// <summary>One comparison, e.g. "scratch vs numeric": difference = ‖a − r‖₂ / (‖a‖₂ + ‖r‖₂) overall and per tensor.</summary>
/// <param name="Name">e.g. "scratch vs numeric".</param>
/// <param name="Analytic">The checked gradient ("scratch" or "autograd").</param>
/// <param name="Reference">What it is checked against ("numeric" or "autograd").</param>
/// <param name="Checked">How many entries were compared.</param>
/// <param name="Difference">‖a − r‖₂ / (‖a‖₂ + ‖r‖₂).</param>
/// <param name="Passed">Difference ≤ threshold (false when nothing was compared: see <see cref="NotChecked"/>).</param>
/// <param name="Tensors">The per-tensor breakdown.</param>
/// <param name="Worst">The entries that disagree most.</param>
public sealed record GradientComparison(
    string Name, string Analytic, string Reference, int Checked, double Difference, bool Passed,
    IReadOnlyList<TensorDifference> Tensors, IReadOnlyList<EntryError> Worst)
{
    /// <summary>How the verdicts were made, in words (the share rule with its threshold, or an element-wise tolerance).</summary>
    public string Criterion { get; init; } = "";

    /// <summary>No entry was compared (all at kinks, or none selected): neither a pass nor a failure, and no evidence.</summary>
    public bool NotChecked => Checked == 0;

    /// <summary>The tensors whose gradient is wrong: where the mistake is.</summary>
    public IReadOnlyList<string> FailingTensors => Tensors.Where(t => !t.Passed).Select(t => t.Name).ToArray();
}
