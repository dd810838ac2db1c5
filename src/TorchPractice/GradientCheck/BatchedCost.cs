using TorchPractice.Runtime;
using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// J(θ + δ) for many single-coordinate perturbations δ of one tensor in one pass: the perturbed
/// tensor becomes a batch (k, n_l, n_prev) (or (k, n_l, 1) for a bias) and every later layer runs on
/// (k, n, m) activations with broadcast matmul. Layers before the perturbed one do not depend on it
/// and are computed once. The operations are the scratch model's (Z = W·A + b, ReLU, A·D/keep_prob
/// with the frozen masks) and each cost is taken with the same <see cref="Models.Cost"/> helpers on
/// its own (1, m) slice, so a perturbation costs the same number as ScratchModel.Cost gives.
/// </summary>
static class BatchedCost
{
    /// <summary>The costs J(θ) with tensor <paramref name="name"/>'s entries set one at a time.</summary>
    /// <param name="o">The model's options (λ, keep_prob, cost formula).</param>
    /// <param name="p">The unperturbed parameters θ.</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="masks">The frozen dropout masks D1, D2 (null: no dropout).</param>
    /// <param name="name">The perturbed tensor (W1, b1, …).</param>
    /// <param name="flatIndices">Row-major positions in tensor <paramref name="name"/>.</param>
    /// <param name="values">The value each position takes (θ_i ± ε), one per batch entry.</param>
    /// <returns>k costs, float64 on the CPU.</returns>
    public static double[] Costs(ModelOptions o, ParameterSet p, Tensor x, Tensor y, IReadOnlyList<Tensor>? masks,
                                 string name, long[] flatIndices, double[] values)
    {
        using var scope = NewDisposeScope();
        using Scalar keepProb = o.KeepProb; // held (see HeldScalars)
        int k = values.Length;
        int layer = int.Parse(name.AsSpan(1));
        bool isWeight = name[0] == 'W';
        int layers = o.Layers.Length - 1;
        long m = y.shape[1];
        var device = p["W1"].device;

        // The perturbed tensor, k times, entry i with position flatIndices[i] set to values[i].
        var original = p[name];
        var batch = original.unsqueeze(0).expand([k, .. original.shape]).clone();
        batch.view(k, -1).index_put_(tensor(values, dtype: float64).to(original.dtype, device),
            arange(k, int64, device), tensor(flatIndices, dtype: int64).to(device));

        var a = x;
        for (int l = 1; l <= layers; l++)
        {
            var w = isWeight && l == layer ? batch : p[ParameterSet.W(l)];
            var b = !isWeight && l == layer ? batch : p[ParameterSet.B(l)];
            // (n_l, m) before the perturbed layer, (k, n_l, m) from it on. bmm, not broadcast matmul: bmm
            // multiplies each batch entry with the same 2-D product as the scratch model's W·A.
            var z = a.dim() == 2 && w.dim() == 2 ? w.matmul(a)
                : w.expand(k, w.shape[^2], w.shape[^1]).bmm(a.expand(k, a.shape[^2], a.shape[^1]));
            z = z.add(b, HeldScalars.One);
            if (l == layers)
            {
                // (k, 1, m): one cost per slice, with the scratch model's helpers on a (1, m) tensor each.
                if (z.dim() == 2) z = z.unsqueeze(0).expand(k, -1, -1);
                var costs = new Tensor[k];
                for (int i = 0; i < k; i++)
                {
                    var zi = z[i];
                    var ce = o.CourseCost ? Cost.Course(zi.sigmoid(), y) : Cost.Stable(zi, y);
                    if (o.Lambd > 0)
                    {
                        var weights = Enumerable.Range(1, layers).Select(j =>
                            isWeight && j == layer ? batch[i] : p[ParameterSet.W(j)]);
                        ce = ce.add(Cost.L2(weights, o.Lambd, m), HeldScalars.One);
                    }
                    costs[i] = ce;
                }
                return stack(costs).cpu().data<double>().ToArray();
            }
            a = z.relu();
            if (masks is not null && o.UsesDropout) a = a.mul(masks[l - 1]).div(keepProb);
        }
        throw new InvalidOperationException("unreachable: the last layer returns");
    }

    /// <summary>How many perturbations fit one chunk: the largest per-perturbation tensors times k within the budget.</summary>
    public static int ChunkSize(ModelOptions o, long m, long elementBudget)
    {
        long perPerturbation = 0;
        for (int l = 1; l < o.Layers.Length; l++) perPerturbation += 2L * o.Layers[l] * m + (long)o.Layers[l] * o.Layers[l - 1];
        return (int)Math.Clamp(elementBudget / Math.Max(1, perPerturbation), 1, 4096);
    }
}
