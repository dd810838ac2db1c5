namespace TorchPractice.GradientCheck;

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
public sealed record TensorDifference(string Name, int Checked, double Difference, double Share, bool Passed)
{
    /// <summary>For a wrong tensor: what the mistake looks like (<see cref="GradientDiagnoser"/>); null when it passed, in fast mode, or when not diagnosed.</summary>
    public Diagnosis? Diagnosis { get; init; }
}
