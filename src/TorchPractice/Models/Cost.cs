using TorchPractice.Runtime;
using TorchSharp;
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
    // The numbers are explicit Scalars held to the end of each method, and sums pass alpha explicitly: an
    // implicit Scalar can be freed by its finalizer while libtorch still reads it when another thread starts
    // a GC (see HeldScalars). The same operations in the same order as the formulas in the comments.

    /// <summary>−1/m Σ [y log σ(z) + (1−y) log(1−σ(z))] = mean(max(z,0) − z·y + log1p(e^−|z|)).</summary>
    public static Tensor Stable(Tensor z3, Tensor y)
    {
        using Scalar zero = 0.0;
        return (z3.clamp_min(zero) - z3 * y).add_((-z3.abs()).exp().log1p(), HeldScalars.One).mean();
    }

    /// <summary>The course's compute_cost: 1/m · nansum(−log(a3)·y − log(1−a3)·(1−y)).</summary>
    public static Tensor Course(Tensor a3, Tensor y)
    {
        using Scalar invM = 1.0 / y.shape[1];
        static Tensor OneMinus(Tensor t) => t.neg().add_(HeldScalars.One, HeldScalars.One); // 1 − t, the same bits
        return (-a3.log() * y).add_(-OneMinus(a3).log() * OneMinus(y), HeldScalars.One).nansum().mul_(invM);
    }

    /// <summary>λ/(2m)·Σ‖W‖², weights only.</summary>
    public static Tensor L2(IEnumerable<Tensor> weights, double lambd, long m)
    {
        using Scalar factor = lambd / (2.0 * m);
        return weights.Select(w => w.mul(w).sum()).Aggregate((a, b) => a.add(b, HeldScalars.One)).mul_(factor);
    }
}
