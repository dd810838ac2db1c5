using TorchPractice.Models;
using TorchPractice.Models.Autograd;
using TorchPractice.Models.Scratch;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// Gradient checking (the course's gradient_check_n, made to localise mistakes and to work with L2 and
/// dropout): central differences g̃_i = (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε in float64, compared with the
/// hand-written and the autograd gradients by difference = ‖g − g̃‖₂ / (‖g‖₂ + ‖g̃‖₂), overall and per tensor.
/// </summary>
public static class GradientChecker
{
    /// <summary>The course's 1-D example: J(θ) = θ·x, dJ/dθ = x.</summary>
    public static OneDimensionalCheck OneDimensional(double x, double theta, double epsilon = 1e-7, double threshold = 2e-7)
    {
        static double J(double t, double x) => t * x;
        double numeric = (J(theta + epsilon, x) - J(theta - epsilon, x)) / (2 * epsilon);
        double grad = x;
        double d = Difference([grad], [numeric]);
        return new(grad, numeric, d, d <= threshold);
    }

    /// <summary>‖a − b‖₂ / (‖a‖₂ + ‖b‖₂); 0 when both are zero.</summary>
    public static double Difference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double num = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { num += (a[i] - b[i]) * (a[i] - b[i]); na += a[i] * a[i]; nb += b[i] * b[i]; }
        double den = Math.Sqrt(na) + Math.Sqrt(nb);
        return den == 0 ? 0 : Math.Sqrt(num) / den;
    }

    /// <summary>
    /// Checks the scratch model (with <paramref name="bug"/> planted) and the autograd model at
    /// <paramref name="parameters"/> on (x, y). With dropout, <paramref name="frozenMasks"/> (D1, D2, each
    /// (n_l, m), 1 = keep) are used in every forward pass, perturbed or not: J is then one fixed function of θ.
    /// Runs in float64 on the parameters' device; a float32 model is upcast, and the report says so in a note.
    /// </summary>
    public static GradientCheckReport Check(ModelOptions model, ParameterSet parameters, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? frozenMasks, BackwardBug bug, GradientCheckOptions options)
    {
        var o = model with { DType = ScalarType.Float64 };
        o.Validate();
        if (o.UsesDropout && frozenMasks is null)
            throw new ArgumentException("gradient checking with dropout (keep_prob < 1) needs frozen masks: redrawn masks make J a different function at every perturbation");
        var device = parameters["W1"].device;
        using var scope = NewDisposeScope();
        using var theta = parameters.To(device, float64);
        var xs = x.to(float64, device);
        var ys = y.to(float64, device);
        var masks = o.UsesDropout ? frozenMasks!.Select(d => d.to(float64, device)).ToArray() : null;

        var vector = ParameterVector.From(theta);
        options.Validate(vector.Count);
        int[] coords = options.Subset is { } k ? Sample(vector.Count, k, options.SubsetSeed) : Enumerable.Range(0, vector.Count).ToArray();

        IMaskSource? Masks() => masks is null ? null : new FixedMasks(masks);
        double[] scratchGrad, autogradGrad;
        using (var scratch = new ScratchModel(o, theta, Masks(), bug))
        using (var g = scratch.Gradients(xs, ys, Masks())) scratchGrad = vector.Flatten(g);
        using (var autograd = new AutogradModel(o, theta, Masks()))
        using (var g = autograd.Gradients(xs, ys, Masks())) autogradGrad = vector.Flatten(g);

        var numeric = options.Naive
            ? NumericNaive(o, vector, xs, ys, masks, options.Epsilon, coords, device)
            : NumericBatched(o, theta, vector, xs, ys, masks, options.Epsilon, coords, options.ChunkElementBudget);

        var all = Enumerable.Range(0, vector.Count).ToArray();
        var notes = new List<string>();
        if (model.DType != ScalarType.Float64)
            notes.Add($"the model is {model.DType.ToString().ToLowerInvariant()}: checked in float64 (its parameters upcast), because in float32 " +
                      $"the change ε = {options.Epsilon:G3} makes in J is mostly rounding, so the numeric gradient would be noise");
        if (o.UsesDropout)
            notes.Add($"dropout masks frozen: the same D1, D2 (keep_prob {o.KeepProb}) in every perturbed forward pass; " +
                      "with masks redrawn per pass (as in training) J changes with every draw and the check cannot work, as the course warns");
        if (o.Lambd > 0) notes.Add($"J includes the L2 term λ/(2m)·Σ‖W‖² with λ = {o.Lambd}");
        if (options.Subset is { } s)
            notes.Add($"numeric comparisons cover a random subset of {s} of {vector.Count} coordinates (seed {options.SubsetSeed}); scratch vs autograd covers all");
        return new GradientCheckReport(
            vector.Count, coords.Length, options.Subset is not null, options.Subset is null ? null : options.SubsetSeed,
            options.Epsilon, options.Threshold, o.Lambd, o.KeepProb, o.UsesDropout ? "frozen" : "none",
            o.CourseCost ? "course" : "stable", bug, options.Naive ? "naive" : "batched", notes,
            Compare("scratch vs numeric", "scratch", "numeric", vector, scratchGrad, numeric, coords, options),
            Compare("scratch vs autograd", "scratch", "autograd", vector, scratchGrad, autogradGrad, all, options),
            Compare("autograd vs numeric", "autograd", "numeric", vector, autogradGrad, numeric, coords, options));
    }

    /// <summary>
    /// The reference: one coordinate at a time, θ ± ε e_i copied into a scratch model and J taken with its
    /// Cost (two forward passes per coordinate). Entries not in <paramref name="coords"/> are NaN.
    /// </summary>
    public static double[] NumericNaive(ModelOptions o, ParameterVector theta, Tensor x, Tensor y, IReadOnlyList<Tensor>? masks,
        double epsilon, IReadOnlyList<int> coords, Device device)
    {
        var result = Filled(theta.Count, double.NaN);
        var values = (double[])theta.Values.Clone();
        using var start = theta.ToParameters(device, float64);
        using var model = new ScratchModel(o, start, masks is null ? null : new FixedMasks(masks));
        double CostAt(int i, double v)
        {
            values[i] = v;
            using var p = theta.ToParameters(values, device, float64);
            model.LoadParameters(p);
            return model.Cost(x, y, masks is null ? null : new FixedMasks(masks));
        }
        foreach (int i in coords)
        {
            double t = theta.Values[i];
            double plus = CostAt(i, t + epsilon), minus = CostAt(i, t - epsilon);
            values[i] = t;
            result[i] = (plus - minus) / (2 * epsilon);
        }
        return result;
    }

    /// <summary>
    /// The same numbers as <see cref="NumericNaive"/>, many perturbations per tensor computation: the
    /// coordinates of each tensor are taken in chunks, θ + ε and θ − ε of a chunk in one batched forward pass.
    /// </summary>
    public static double[] NumericBatched(ModelOptions o, ParameterSet theta, ParameterVector layout, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? masks, double epsilon, IReadOnlyList<int> coords, long chunkElementBudget)
    {
        var result = Filled(layout.Count, double.NaN);
        int chunk = Math.Max(1, BatchedCost.ChunkSize(o, y.shape[1], chunkElementBudget) / 2);
        foreach (var group in coords.GroupBy(i => layout.Entries[i].Name))
        {
            var ids = group.ToArray();
            for (int start = 0; start < ids.Length; start += chunk)
            {
                var part = ids.AsSpan(start, Math.Min(chunk, ids.Length - start)).ToArray();
                int k = part.Length;
                // Entries 0..k−1 are θ_i + ε, k..2k−1 are θ_i − ε.
                var flat = new long[2 * k];
                var values = new double[2 * k];
                for (int j = 0; j < k; j++)
                {
                    flat[j] = flat[k + j] = layout.Entries[part[j]].Index;
                    values[j] = layout.Values[part[j]] + epsilon;
                    values[k + j] = layout.Values[part[j]] - epsilon;
                }
                var costs = BatchedCost.Costs(o, theta, x, y, masks, group.Key, flat, values);
                for (int j = 0; j < k; j++) result[part[j]] = (costs[j] - costs[k + j]) / (2 * epsilon);
            }
        }
        return result;
    }

    /// <summary>Compares two gradients over the given coordinates: overall, per tensor, and the worst entries.</summary>
    public static GradientComparison Compare(string name, string analyticName, string referenceName, ParameterVector layout,
        double[] analytic, double[] reference, IReadOnlyList<int> coords, GradientCheckOptions options)
    {
        double Diff(IEnumerable<int> ids)
        {
            var list = ids.ToArray();
            return Difference(list.Select(i => analytic[i]).ToArray(), list.Select(i => reference[i]).ToArray());
        }
        double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(d => d * d));
        bool Pass(double d) => d <= options.Threshold; // NaN fails
        double overall = Diff(coords);
        double scale = Norm(coords.Select(i => analytic[i])) + Norm(coords.Select(i => reference[i]));
        var tensors = layout.Segments
            .Select(s => (s.Name, Ids: coords.Where(i => layout.Entries[i].Name == s.Name).ToArray()))
            .Where(t => t.Ids.Length > 0)
            .Select(t =>
            {
                double share = scale == 0 ? 0 : Norm(t.Ids.Select(i => analytic[i] - reference[i])) / scale;
                return new TensorDifference(t.Name, t.Ids.Length, Diff(t.Ids), share, Pass(share));
            })
            .ToArray();
        var worst = coords
            .Select(i =>
            {
                var e = layout.Entries[i];
                double abs = Math.Abs(analytic[i] - reference[i]), den = Math.Abs(analytic[i]) + Math.Abs(reference[i]);
                return new EntryError(e.Name, e.Index, e.Row, e.Column, analytic[i], reference[i], abs, den == 0 ? 0 : abs / den);
            })
            .OrderByDescending(e => double.IsNaN(e.AbsoluteError) ? double.PositiveInfinity : e.AbsoluteError)
            .Take(options.WorstCount)
            .ToArray();
        return new GradientComparison(name, analyticName, referenceName, coords.Count, overall, Pass(overall), tensors, worst);
    }

    /// <summary>k distinct coordinates out of n, drawn with a seeded partial Fisher–Yates shuffle, in increasing order.</summary>
    public static int[] Sample(int n, int k, int seed)
    {
        var rng = new System.Random(seed);
        var all = Enumerable.Range(0, n).ToArray();
        for (int i = 0; i < k; i++)
        {
            int j = rng.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all.Take(k).Order().ToArray();
    }

    static double[] Filled(int n, double v)
    {
        var a = new double[n];
        Array.Fill(a, v);
        return a;
    }
}
