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

    /// <summary>‖a − b‖₂ / (‖a‖₂ + ‖b‖₂); 0 when both are zero (<see cref="GradientComparer.Difference"/>).</summary>
    public static double Difference(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => GradientComparer.Difference(a, b);

    /// <summary>
    /// Checks the scratch model (with <paramref name="bug"/> planted) and the autograd model at
    /// <paramref name="parameters"/> on (x, y). With dropout, <paramref name="frozenMasks"/> (D_1 … D_{L−1}, each
    /// (n_l, m), 1 = keep) are used in every forward pass, perturbed or not: J is then one fixed function of θ.
    /// Runs in float64 on the parameters' device; a float32 model is upcast, and the report says so in a note.
    /// </summary>
    public static GradientCheckReport Check(ModelOptions model, ParameterSet parameters, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? frozenMasks, BackwardBug bug, GradientCheckOptions options)
    {
        var o = model with { DType = ScalarType.Float64 };
        o.Validate();
        if (PlantedBugs.Unplantable(bug, o) is { } why) throw new ArgumentException(why, nameof(bug));
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
        RejectEpsilonThatDoesNotMove(vector, coords, options.Epsilon);

        IMaskSource? Masks() => masks is null ? null : new FixedMasks(masks);
        double[] scratchGrad, autogradGrad;
        using (var scratch = new ScratchModel(o, theta, Masks(), bug == BackwardBug.None ? null : (g, kp) => new PlantedBugNetwork(bug, o.LayerCount, g, kp)))
        using (var g = scratch.Gradients(xs, ys, Masks())) scratchGrad = vector.Flatten(g);
        using (var autograd = new AutogradModel(o, theta, Masks()))
        using (var g = autograd.Gradients(xs, ys, Masks())) autogradGrad = vector.Flatten(g);

        // J(θ) for the kink test: the scratch model's cost, which every perturbed cost reproduces bit for bit at ε = 0.
        double j0;
        using (var scratch = new ScratchModel(o, theta, Masks())) j0 = scratch.Cost(xs, ys, Masks());
        var numericResult = FiniteDifferences.Scalar(vector, coords, options.Epsilon, j0, options.Naive
            ? NaiveCosts(o, vector, xs, ys, masks, device)
            : BatchedCosts(o, theta, vector, xs, ys, masks, options.ChunkElementBudget));
        var numeric = numericResult.Central;
        var kinks = numericResult.KinkCoordinates;

        var all = Enumerable.Range(0, vector.Count).ToArray();
        // What a wrong tensor's mistake looks like (a ratio, an L2 term, rows of units whose ReLU is off, …).
        DiagnosisContext? context = null;
        GradientComparison Diagnosed(GradientComparison c, double[] analytic, double[] reference)
        {
            if (c.Tensors.All(t => t.Passed)) return c;
            context ??= ModelDiagnosisContext.Create(o, theta, xs, ys, masks);
            return GradientDiagnoser.Annotate(c, vector, analytic, reference, kinks, context);
        }
        var notes = new List<string>();
        if (model.DType != ScalarType.Float64)
            notes.Add($"the model is {model.DType.ToString().ToLowerInvariant()}: checked in float64 (its parameters upcast), because in float32 " +
                      $"the change ε = {options.Epsilon:G3} makes in J is mostly rounding, so the numeric gradient would be noise");
        if (o.UsesDropout)
            notes.Add($"dropout masks frozen: the same D_l (keep_prob {o.KeepProb}) in every perturbed forward pass; " +
                      "with masks redrawn per pass (as in training) J changes with every draw and the check cannot work, as the course warns");
        if (o.Lambd > 0) notes.Add($"J includes the L2 term λ/(2m)·Σ‖W‖² with λ = {o.Lambd}");
        if (kinks.Count > 0)
            notes.Add($"{kinks.Count} entries sit on a kink (J not differentiable within ε: the one-sided differences disagree, also at ε/8); " +
                      "listed as non-differentiable and left out of the verdict");
        if (options.Subset is { } s)
            notes.Add($"numeric comparisons cover a random subset of {s} of {vector.Count} coordinates (seed {options.SubsetSeed}); scratch vs autograd covers all");
        var report = new GradientCheckReport(
            vector.Count, coords.Length, options.Subset is not null, options.Subset is null ? null : options.SubsetSeed,
            options.Epsilon, options.Threshold, o.Lambd, o.KeepProb, o.UsesDropout ? "frozen" : "none",
            o.CourseCost ? "course" : "stable", bug, options.Naive ? "naive" : "batched", notes,
            Diagnosed(Compare("scratch vs numeric", "scratch", "numeric", vector, scratchGrad, numeric, coords, options, kinks), scratchGrad, numeric),
            Diagnosed(Compare("scratch vs autograd", "scratch", "autograd", vector, scratchGrad, autogradGrad, all, options, kinks), scratchGrad, autogradGrad),
            Diagnosed(Compare("autograd vs numeric", "autograd", "numeric", vector, autogradGrad, numeric, coords, options, kinks), autogradGrad, numeric))
        {
            NonDifferentiable = numericResult.Kinks,
            Gradients = new Dictionary<string, double[]> { ["scratch"] = scratchGrad, ["autograd"] = autogradGrad, ["numeric"] = numeric },
            Layout = vector,
        };
        return report with { Inconclusive = Inconclusive(coords, kinks, numeric, scratchGrad, autogradGrad, options.Epsilon) };
    }

    /// <summary>
    /// The smallest step that still moves θ: θ ± ε must differ from θ in float64 by ε to within 2⁻⁸ (about 8 bits of
    /// the step survive the rounding of θ ± ε), at the largest |θ| checked. Below it J(θ ± ε) = J(θ) and the numeric
    /// gradient is zero or noise, whatever the backward pass.
    /// </summary>
    static void RejectEpsilonThatDoesNotMove(ParameterVector vector, IReadOnlyList<int> coords, double epsilon)
    {
        double largest = 0;
        foreach (int i in coords) largest = Math.Max(largest, Math.Abs(vector.Values[i]));
        double smallest = Math.Max(largest * Math.Pow(2, -44), double.Epsilon);
        if (epsilon >= smallest) return;
        throw new ArgumentOutOfRangeException(nameof(GradientCheckOptions.Epsilon), epsilon,
            $"Epsilon {epsilon:G3} does not move θ in float64: parameters reach |θ| = {largest:G3}, where θ ± ε rounds to (almost) θ; use at least {smallest:G2}");
    }

    /// <summary>Why the comparisons say nothing about the backward pass (non-finite values, a numeric gradient that is all zero), or null.</summary>
    static string? Inconclusive(IReadOnlyList<int> coords, IReadOnlySet<int> kinks, double[] numeric, double[] scratch, double[] autograd, double epsilon)
    {
        var used = coords.Where(i => !kinks.Contains(i)).ToArray();
        if (used.Length == 0) return null;
        string? NonFinite(string what, double[] g) => used.Any(i => !double.IsFinite(g[i])) ? what : null;
        var bad = new[] { NonFinite("numeric", numeric), NonFinite("hand-written", scratch), NonFinite("autograd", autograd) }.OfType<string>().ToArray();
        if (bad.Length > 0)
            return $"the {string.Join(", ", bad)} gradient is not finite (NaN or ∞): J or its gradient overflows at these parameters and data (values near 1e308?), so the comparison cannot be made";
        if (used.All(i => numeric[i] == 0) && used.Any(i => scratch[i] != 0 || autograd[i] != 0))
            return $"the numeric gradient is zero at every checked coordinate: J(θ ± ε) = J(θ), so ε {epsilon:G3} is too small to change J (or J is flat); the comparison cannot be made";
        return null;
    }

    /// <summary>
    /// The reference: one coordinate at a time, θ ± ε e_i copied into a scratch model and J taken with its
    /// Cost (two forward passes per coordinate). Entries not in <paramref name="coords"/> are NaN.
    /// </summary>
    public static double[] NumericNaive(ModelOptions o, ParameterVector theta, Tensor x, Tensor y, IReadOnlyList<Tensor>? masks,
        double epsilon, IReadOnlyList<int> coords, Device device) =>
        Central(theta, coords, epsilon, NaiveCosts(o, theta, x, y, masks, device));

    /// <summary>
    /// The same numbers as <see cref="NumericNaive"/>, many perturbations per tensor computation: the
    /// coordinates of each tensor are taken in chunks, θ + ε and θ − ε of a chunk in one batched forward pass.
    /// </summary>
    public static double[] NumericBatched(ModelOptions o, ParameterSet theta, ParameterVector layout, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? masks, double epsilon, IReadOnlyList<int> coords, long chunkElementBudget) =>
        Central(layout, coords, epsilon, BatchedCosts(o, theta, layout, x, y, masks, chunkElementBudget));

    static double[] Central(ParameterVector layout, IReadOnlyList<int> coords, double epsilon, Func<IReadOnlyList<FiniteDifferences.Request>, double[]> costs)
    {
        var requests = coords.Select(i => new FiniteDifferences.Request(i, layout.Values[i] + epsilon))
            .Concat(coords.Select(i => new FiniteDifferences.Request(i, layout.Values[i] - epsilon))).ToArray();
        var j = costs(requests);
        var result = Filled(layout.Count, double.NaN);
        for (int k = 0; k < coords.Count; k++) result[coords[k]] = (j[k] - j[coords.Count + k]) / (2 * epsilon);
        return result;
    }

    /// <summary>J for each request (one coordinate set to a value), one scratch-model forward pass each.</summary>
    static Func<IReadOnlyList<FiniteDifferences.Request>, double[]> NaiveCosts(ModelOptions o, ParameterVector theta, Tensor x, Tensor y,
        IReadOnlyList<Tensor>? masks, Device device) => requests =>
    {
        var values = (double[])theta.Values.Clone();
        using var start = theta.ToParameters(device, float64);
        using var model = new ScratchModel(o, start, masks is null ? null : new FixedMasks(masks));
        var costs = new double[requests.Count];
        for (int k = 0; k < requests.Count; k++)
        {
            var (i, v) = (requests[k].Coordinate, requests[k].Value);
            values[i] = v;
            using (var p = theta.ToParameters(values, device, float64)) model.LoadParameters(p);
            costs[k] = model.Cost(x, y, masks is null ? null : new FixedMasks(masks));
            values[i] = theta.Values[i];
        }
        return costs;
    };

    /// <summary>J for each request, the requests of each tensor in chunks, each chunk one batched forward pass (<see cref="BatchedCost"/>).</summary>
    static Func<IReadOnlyList<FiniteDifferences.Request>, double[]> BatchedCosts(ModelOptions o, ParameterSet theta, ParameterVector layout,
        Tensor x, Tensor y, IReadOnlyList<Tensor>? masks, long chunkElementBudget) => requests =>
    {
        var costs = new double[requests.Count];
        int chunk = Math.Max(1, BatchedCost.ChunkSize(o, y.shape[1], chunkElementBudget));
        foreach (var group in Enumerable.Range(0, requests.Count).GroupBy(k => layout.Entries[requests[k].Coordinate].Name))
        {
            var ids = group.ToArray();
            for (int start = 0; start < ids.Length; start += chunk)
            {
                var part = ids.AsSpan(start, Math.Min(chunk, ids.Length - start)).ToArray();
                var flat = part.Select(k => (long)layout.Entries[requests[k].Coordinate].Index).ToArray();
                var values = part.Select(k => requests[k].Value).ToArray();
                var c = BatchedCost.Costs(o, theta, x, y, masks, group.Key, flat, values);
                for (int j = 0; j < part.Length; j++) costs[part[j]] = c[j];
            }
        }
        return costs;
    };

    /// <summary>Compares two gradients over the given coordinates, kinks left out: overall, per tensor, and the worst entries (<see cref="GradientComparer.Compare"/>).</summary>
    public static GradientComparison Compare(string name, string analyticName, string referenceName, ParameterVector layout,
        double[] analytic, double[] reference, IReadOnlyList<int> coords, GradientCheckOptions options, IReadOnlySet<int>? nonDifferentiable = null) =>
        GradientComparer.Compare(name, analyticName, referenceName, layout, analytic, reference, coords, options.Threshold, options.WorstCount, nonDifferentiable);

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
