using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Binary cross-entropy. The stable form works from the logits z3 (never log(0)): for large random
/// initialization the course's formula on a3 = σ(z3) hits log(0) = −inf once σ saturates to exactly
/// 0 or 1 in float64 and prints inf; the stable form gives the true, finite cost. Course mode
/// reproduces the notebook's formula (and its inf) so printed numbers can be compared line by line.
/// </summary>
public static class Cost
{
    /// <summary>−1/m Σ [y log σ(z) + (1−y) log(1−σ(z))] = mean(max(z,0) − z·y + log1p(e^−|z|)).</summary>
    public static Tensor Stable(Tensor z3, Tensor y) =>
        (z3.clamp_min(0) - z3 * y + (-z3.abs()).exp().log1p()).mean();

    /// <summary>The course's compute_cost: 1/m · nansum(−log(a3)·y − log(1−a3)·(1−y)).</summary>
    public static Tensor Course(Tensor a3, Tensor y) =>
        (-a3.log() * y + -(1 - a3).log() * (1 - y)).nansum() * (1.0 / y.shape[1]);

    /// <summary>λ/(2m)·Σ‖W‖², weights only.</summary>
    public static Tensor L2(IEnumerable<Tensor> weights, double lambd, long m) =>
        weights.Select(w => w.square().sum()).Aggregate((a, b) => a + b) * (lambd / (2.0 * m));
}
