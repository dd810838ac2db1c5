using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// J(θ + δ) for many single-coordinate perturbations δ of one tensor in one pass: the perturbed tensor becomes a
/// batch (k, n_l, n_prev) (or (k, n_l, 1) for a bias) and the scratch model's own network (ScratchNetwork) runs
/// forward with it: the other tensors stay 2-D and stand for all k, so layers before the perturbed one are computed
/// once, every later layer runs on (k, n, m) activations. Each cost is taken with the same SigmoidCrossEntropy.Cost on its own (1, m)
/// slice, so a perturbation costs the same number as ScratchModel.Cost gives.
/// </summary>
static class BatchedCost
{
    /// <summary>The costs J(θ) with tensor <paramref name="name"/>'s entries set one at a time.</summary>
    /// <param name="o">The model's options (activation, λ, keep_prob, cost formula).</param>
    /// <param name="p">The unperturbed parameters θ.</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="masks">The frozen dropout masks D_1 … D_{L−1} (null: no dropout).</param>
    /// <param name="name">The perturbed tensor (W1, b1, …).</param>
    /// <param name="flatIndices">Row-major positions in tensor <paramref name="name"/>.</param>
    /// <param name="values">The value each position takes (θ_i ± ε), one per batch entry.</param>
    /// <returns>k costs, float64 on the CPU.</returns>
    public static double[] Costs(ModelOptions o, ParameterSet p, Tensor x, Tensor y, IReadOnlyList<Tensor>? masks,
                                 string name, long[] flatIndices, double[] values)
    {
        using var scope = NewDisposeScope();
        int k = values.Length, layers = o.LayerCount;
        using Scalar first = 0, stop = k, step = 1; // held (see HeldScalars; arange without a step passes an implicit 1)
        var device = p["W1"].device;

        // The perturbed tensor, k times, entry i with position flatIndices[i] set to values[i].
        var original = p[name];
        var batch = original.unsqueeze(0).expand([k, .. original.shape]).clone();
        batch.view(k, -1).index_put_(tensor(values, dtype: float64).to(original.dtype, device),
            arange(first, stop, step, int64, device), tensor(flatIndices, dtype: int64).to(device));

        Tensor[] Stack(Func<int, string> nameOf) =>
            Enumerable.Range(1, layers).Select(l => nameOf(l) == name ? batch : p[nameOf(l)]).ToArray();
        var w = Stack(ParameterSet.W);
        var b = Stack(ParameterSet.B);
        var network = new ScratchNetwork(o.Activation, tensor(o.KeepProb, original.dtype, device).reshape(1, 1));
        var zL = network.Forward(x, w, b, masks is not null && o.UsesDropout ? masks : null).ZL; // (k, 1, m): the perturbed layer on is batched

        // (k, 1, m): one cost per slice, σ and the cost on a (1, m) tensor each as the single model takes them (libtorch
        // may round a vector loop's tail differently, so σ of the whole batch could differ from σ of one row).
        var costs = new Tensor[k];
        for (int i = 0; i < k; i++)
        {
            var zi = zL[i];
            costs[i] = SigmoidCrossEntropy.Cost(zi, SigmoidCrossEntropy.Forward(zi), y, w.Select(wl => wl.dim() == 3 ? wl[i] : wl), o.Lambd, o.CourseCost);
        }
        return stack(costs).cpu().data<double>().ToArray();
    }

    /// <summary>
    /// The numeric side's evaluator (<see cref="CostCheck.Evaluator"/>): J for each request, the requests of each tensor in
    /// chunks of at most <paramref name="chunkElementBudget"/> elements of intermediate tensors, each chunk one batched forward pass.
    /// </summary>
    public static CostCheck.Evaluator Evaluator(ModelOptions o, ParameterSet theta, ParameterVector layout, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? masks, long chunkElementBudget) => requests =>
    {
        var costs = new double[requests.Count];
        int chunk = Math.Max(1, ChunkSize(o, y.shape[1], chunkElementBudget));
        foreach (var group in Enumerable.Range(0, requests.Count).GroupBy(k => layout.Entries[requests[k].Coordinate].Name))
        {
            var ids = group.ToArray();
            for (int start = 0; start < ids.Length; start += chunk)
            {
                var part = ids.AsSpan(start, Math.Min(chunk, ids.Length - start)).ToArray();
                var flat = part.Select(k => (long)layout.Entries[requests[k].Coordinate].Index).ToArray();
                var values = part.Select(k => requests[k].Value).ToArray();
                var c = Costs(o, theta, x, y, masks, group.Key, flat, values);
                for (int j = 0; j < part.Length; j++) costs[part[j]] = c[j];
            }
        }
        return costs;
    };

    /// <summary>How many perturbations fit one chunk: the largest per-perturbation tensors times k within the budget.</summary>
    public static int ChunkSize(ModelOptions o, long m, long elementBudget)
    {
        long perPerturbation = 2 * ScratchNetwork.ActivationElements(o.Layers, m); // Z_l and A_l of every layer, per perturbation
        for (int l = 1; l < o.Layers.Length; l++) perPerturbation += (long)o.Layers[l] * o.Layers[l - 1];       // and its copy of W_l
        return (int)Math.Clamp(elementBudget / Math.Max(1, perPerturbation), 1, 4096);
    }
}
