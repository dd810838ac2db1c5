using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// The cost's formulas: binary cross-entropy and the L2 term. The stable form works from the output layer's logits
/// z_L (never log(0)): for large random initialization the course's formula on a_L = σ(z_L) hits log(0) = −inf once σ saturates to exactly
/// 0 or 1 in float64 and prints inf; the stable form gives the true, finite cost. Course mode
/// reproduces the notebook's formula (and its inf) so printed numbers can be compared line by line.
/// </summary>
public static class CostFormulas
{
    // The numbers are explicit Scalars held to the end of each method, and sums pass alpha explicitly: an
    // implicit Scalar can be freed by its finalizer while libtorch still reads it when another thread starts
    // a GC (see HeldScalars). The same operations in the same order as the formulas in the comments.

    /// <summary>−1/m Σ [y log σ(z) + (1−y) log(1−σ(z))] = mean(max(z,0) − z·y + log1p(e^−|z|)).</summary>
    public static Tensor Stable(Tensor zL, Tensor y)
    {
        using Scalar zero = 0.0;
        return (zL.clamp_min(zero) - zL * y).add_((-zL.abs()).exp().log1p(), HeldScalars.One).mean();
    }

    /// <summary>The course's compute_cost: 1/m · nansum(−log(aL)·y − log(1−aL)·(1−y)).</summary>
    public static Tensor Course(Tensor aL, Tensor y)
    {
        using Scalar invM = 1.0 / y.shape[1];
        static Tensor OneMinus(Tensor t) => t.neg().add_(HeldScalars.One, HeldScalars.One); // 1 − t, the same bits
        return (-aL.log() * y).add_(-OneMinus(aL).log() * OneMinus(y), HeldScalars.One).nansum().mul_(invM);
    }

    /// <summary>λ/(2m)·Σ‖W‖², weights only.</summary>
    public static Tensor L2(IEnumerable<Tensor> weights, double lambd, long m)
    {
        using Scalar factor = lambd / (2.0 * m);
        return weights.Select(w => w.mul(w).sum()).Aggregate((a, b) => a.add(b, HeldScalars.One)).mul_(factor);
    }
}
