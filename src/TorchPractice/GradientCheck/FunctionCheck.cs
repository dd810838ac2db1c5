using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// PyTorch's gradcheck for y = f(x₀, x₁, …): the numeric Jacobian (central differences, one input entry at a time)
/// against the analytic one (one vector–Jacobian product per output entry), block by block "output i w.r.t. input j",
/// element-wise |a − n| ≤ atol + rtol·|n|; fast mode compares vᵀJu instead. Everything runs on float64 copies of the
/// inputs: the caller's tensors are never changed.
/// </summary>
static class FunctionCheck
{
    /// <summary>What one Jacobian check found; the second-order check adds its own.</summary>
    sealed class Findings
    {
        public List<GradientComparison> Comparisons { get; } = [];
        public List<string> Wrong { get; } = [];
        public List<NonDifferentiableEntry> Kinks { get; } = [];
        /// <summary>Inputs whose two backward passes disagreed beyond NondetTol, with the largest disagreement.</summary>
        public Dictionary<string, double> NonReentrant { get; } = [];
        public Dictionary<string, double[]> Gradients { get; } = [];
        public ParameterVector? Layout { get; set; }
    }

    public static GradCheckResult Run(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions o, bool singleOutput)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        o.Validate();
        if (inputs.Length == 0) throw new ArgumentException("GradCheck.Function needs at least one input");
        using var scope = NewDisposeScope();
        var notes = new List<string>();
        var names = Enumerable.Range(0, inputs.Length).Select(j => $"input {j}").ToArray();
        var leaves = new Tensor[inputs.Length];
        var values = new Tensor[inputs.Length];
        var diff = new List<int>();
        for (int j = 0; j < inputs.Length; j++)
        {
            var x = inputs[j];
            if (x is null || x.IsInvalid) throw new ArgumentException($"{names[j]} is null or disposed");
            bool requiresGrad = x.requires_grad;
            if (requiresGrad && x.is_complex()) throw new ArgumentException($"{names[j]} is complex ({x.dtype}): complex gradients are not supported");
            if (requiresGrad && !x.is_floating_point()) throw new ArgumentException($"{names[j]} requires grad but is {x.dtype}, not a floating-point tensor");
            var v = x.detach();
            if (x.is_floating_point() && x.dtype != ScalarType.Float64)
            {
                v = v.to(float64);
                notes.Add($"{names[j]} is {x.dtype}: checked on a float64 copy (central differences in {x.dtype} are too coarse)");
            }
            values[j] = v.clone();
            leaves[j] = requiresGrad ? v.clone().requires_grad_(true) : values[j];
            if (requiresGrad) diff.Add(j);
        }
        if (diff.Count == 0)
            throw new ArgumentException("no input requires grad: mark the inputs to check with requires_grad (the others are constants)");

        var found = new Findings();
        Check(f, leaves, values, diff.ToArray(), names, singleOutput ? null : "", allowConstantOutputs: false, o, "", found, notes);
        if (o.GradGrad) SecondOrder(f, leaves, values, diff.ToArray(), names, o, found, notes);
        if (o.FastMode) notes.Add($"fast mode: one random direction per input and output (seed {o.Seed}); run the slow check for the worst entries");
        long count = diff.Sum(j => values[j].numel());
        return new GradCheckResult
        {
            Passed = found.Comparisons.All(c => c.Passed) && found.NonReentrant.Count == 0,
            Wrong = found.Wrong.Concat(found.NonReentrant.Keys).Distinct().ToArray(),
            NonDifferentiable = found.Kinks,
            Comparisons = found.Comparisons,
            Failures = found.NonReentrant.Select(n =>
                $"backward is not re-entrant for {n.Key}: two backward passes with the same vector differ by up to {n.Value:G3} (NondetTol {o.NondetTol:G3})").ToArray(),
            Notes = notes,
            Mode = o.FastMode ? "fast" : "slow",
            ParameterCount = count,
            Options = o,
            Gradients = found.Gradients,
            Layout = found.Layout,
        };
    }

    /// <summary>f's outputs under autograd at the leaves; validated (floating point; requiring grad unless allowed).</summary>
    static Tensor[] Outputs(Func<Tensor[], Tensor[]> f, Tensor[] args, bool allowConstant, string prefix)
    {
        Tensor[] outs;
        using (enable_grad()) outs = f(args);
        if (outs is null || outs.Length == 0) throw new ArgumentException($"{prefix}the function returned no outputs");
        for (int i = 0; i < outs.Length; i++)
        {
            var y = outs[i];
            if (y is null || y.IsInvalid) throw new ArgumentException($"{prefix}output {i} is null or disposed");
            if (y.is_complex()) throw new ArgumentException($"{prefix}output {i} is complex ({y.dtype}): complex gradients are not supported");
            if (!y.is_floating_point()) throw new ArgumentException($"{prefix}output {i} is {y.dtype}, not a floating-point tensor");
            if (!allowConstant && !y.requires_grad)
                throw new ArgumentException($"output {i} does not require grad: it does not depend on an input that requires grad through " +
                    "autograd (computed under no_grad, detached, or rebuilt from .data/.item?), so its gradient cannot be checked");
        }
        return outs;
    }

    /// <summary>f at <paramref name="args"/> without building a graph (f may enable grad inside), as flat float64 arrays.</summary>
    static double[][] Evaluate(Func<Tensor[], Tensor[]> f, Tensor[] args, int expected)
    {
        using var scope = NewDisposeScope();
        Tensor[] outs;
        using (no_grad()) outs = f(args);
        if (outs is null || outs.Length != expected) throw new ArgumentException($"the function returned {outs?.Length ?? 0} outputs; it returned {expected} at the unperturbed inputs");
        return outs.Select(FiniteDifferences.Values).ToArray();
    }

    static void Check(Func<Tensor[], Tensor[]> f, Tensor[] leaves, Tensor[] values, int[] diff, string[] names, string? multiOutputs,
        bool allowConstantOutputs, GradCheckOptions o, string prefix, Findings found, List<string> notes)
    {
        var outs = Outputs(f, leaves, allowConstantOutputs, prefix);
        int nOut = outs.Length;
        // Single-output functions name blocks by input only ("input j"), as the contract asks.
        string Block(int i, int j) => prefix + (multiOutputs is null ? names[j] : $"output {i} w.r.t. {names[j]}");
        var outNames = Enumerable.Range(0, nOut).Select(i => $"{prefix}output {i}").ToArray();
        var diffLeaves = diff.Select(j => leaves[j]).ToArray();
        var diffNames = diff.Select(j => prefix + names[j]).ToArray();
        var zero = Evaluate(f, values, nOut);
        if (o.FastMode) Fast(f, outs, values, diff, zero, diffLeaves, diffNames, outNames, Block, o, found);
        else Slow(f, outs, values, diff, zero, diffLeaves, diffNames, outNames, Block, o, found);
    }

    static void Slow(Func<Tensor[], Tensor[]> f, Tensor[] outs, Tensor[] values, int[] diff, double[][] zero, Tensor[] diffLeaves,
        string[] diffNames, string[] outNames, Func<int, int, string> block, GradCheckOptions o, Findings found)
    {
        int nOut = outs.Length;
        long[] outSize = outs.Select(y => y.numel()).ToArray();
        long[] inSize = diff.Select(j => values[j].numel()).ToArray();
        var layout = ParameterVector.FromShapes(
            from i in Enumerable.Range(0, nOut) from d in Enumerable.Range(0, diff.Length) select (block(i, diff[d]), new[] { outSize[i], inSize[d] }));
        int Offset(int i, int d) => layout.Segment(block(i, diff[d])).Offset;
        var numeric = new double[layout.Count];
        var analytic = new double[layout.Count];
        var kinkSet = new HashSet<int>();
        double eps = o.Epsilon, eps2 = eps / FiniteDifferences.KinkStepRatio;

        // Numeric: column e of block (i, j) from f(x_j ± ε e_e).
        long done = 0, total = inSize.Sum();
        for (int d = 0; d < diff.Length; d++)
        {
            var flat = values[diff[d]].view(-1);
            var original = FiniteDifferences.Values(flat);
            for (int e = 0; e < inSize[d]; e++)
            {
                o.Cancellation.ThrowIfCancellationRequested();
                o.Progress?.Report((double)done++ / total);
                double[][] At(double value) { Set(flat, e, value); return Evaluate(f, values, nOut); }
                var plus = At(original[e] + eps);
                var minus = At(original[e] - eps);
                Set(flat, e, original[e]);
                double[][]? plus2 = null, minus2 = null;
                for (int i = 0; i < nOut; i++)
                    for (int k = 0; k < outSize[i]; k++)
                    {
                        int at = Offset(i, d) + (int)(k * inSize[d] + e);
                        double p = plus[i][k], m = minus[i][k], z = zero[i][k];
                        numeric[at] = (p - m) / (2 * eps);
                        if (!FiniteDifferences.Suspect(p, z, m, eps, Math.Abs(p) + Math.Abs(z) + Math.Abs(m))) continue;
                        if (plus2 is null)
                        {
                            plus2 = At(original[e] + eps2);
                            minus2 = At(original[e] - eps2);
                            Set(flat, e, original[e]);
                        }
                        double p2 = plus2[i][k], m2 = minus2![i][k];
                        if (!FiniteDifferences.Kink(p, z, m, eps, p2, m2, Math.Abs(p2) + Math.Abs(z) + Math.Abs(m2))) continue;
                        kinkSet.Add(at);
                        found.Kinks.Add(new NonDifferentiableEntry(block(i, diff[d]), (int)(k * inSize[d] + e), k, e, (z - m) / eps, (p - z) / eps));
                    }
            }
        }

        // Analytic: row k of every block (i, ·) from one vector–Jacobian product with the one-hot vector e_k.
        for (int i = 0; i < nOut; i++)
        {
            if (!outs[i].requires_grad) continue; // a constant output (second order only): its Jacobian is zero
            for (int k = 0; k < outSize[i]; k++)
            {
                using var step = NewDisposeScope();
                var onehot = zeros(outSize[i], float64);
                Set(onehot, k, 1.0);
                var rows = Vjp(outs[i], outNames[i], onehot.reshape(outs[i].shape), diffLeaves, diffNames, o, found);
                for (int d = 0; d < diff.Length; d++) Array.Copy(rows[d], 0, analytic, Offset(i, d) + k * inSize[d], inSize[d]);
            }
        }

        double atol = o.Atol, rtol = o.Rtol;
        var all = Enumerable.Range(0, layout.Count).ToArray();
        var c = GradientComparer.Compare(block(0, diff[0]).StartsWith("second order", StringComparison.Ordinal) ? "second order: analytic vs numeric" : "analytic vs numeric",
            "analytic", "numeric", layout, analytic, numeric, all, o.Threshold, o.WorstCount, kinkSet,
            (_, a, n) => Math.Abs(a - n) <= atol + rtol * Math.Abs(n), $"each entry |a − n| ≤ atol {atol:G3} + rtol {rtol:G3}·|n|");
        Record(found, c, layout, analytic, numeric);
    }

    static void Fast(Func<Tensor[], Tensor[]> f, Tensor[] outs, Tensor[] values, int[] diff, double[][] zero, Tensor[] diffLeaves,
        string[] diffNames, string[] outNames, Func<int, int, string> block, GradCheckOptions o, Findings found)
    {
        int nOut = outs.Length;
        var rng = new System.Random(o.Seed);
        // u per input, v per output: standard normal, unit norm (PyTorch's fast_mode).
        static double[] Unit(double[] a) { double n = Math.Sqrt(a.Sum(x => x * x)); return n == 0 ? a : a.Select(x => x / n).ToArray(); }
        var u = diff.Select(j => Unit(FiniteDifferences.Normal(rng, values[j].numel()))).ToArray();
        var v = outs.Select(y => Unit(FiniteDifferences.Normal(rng, y.numel()))).ToArray();
        var layout = ParameterVector.FromShapes(
            from i in Enumerable.Range(0, nOut) from d in Enumerable.Range(0, diff.Length) select (block(i, diff[d]), new[] { 1L, 1L }));
        var numeric = new double[layout.Count];
        var analytic = new double[layout.Count];
        var tolerance = new double[layout.Count];
        var kinkSet = new HashSet<int>();
        double eps = o.Epsilon, eps2 = eps / FiniteDifferences.KinkStepRatio;
        static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
        static double AbsDot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += Math.Abs(a[i] * b[i]); return s; }

        for (int d = 0; d < diff.Length; d++)
        {
            var x = values[diff[d]];
            using var original = x.clone();
            using var direction = tensor(u[d], dtype: float64).reshape(x.shape).to(x.device);
            double[][] At(double step)
            {
                using Scalar alpha = step; // held (see HeldScalars)
                using (no_grad()) { x.copy_(original); x.add_(direction, alpha); }
                return Evaluate(f, values, nOut);
            }
            var plus = At(eps);
            var minus = At(-eps);
            double[][]? plus2 = null, minus2 = null;
            for (int i = 0; i < nOut; i++)
            {
                int at = layout.Segment(block(i, diff[d])).Offset;
                double p = Dot(v[i], plus[i]), m = Dot(v[i], minus[i]), z = Dot(v[i], zero[i]);
                double magnitude = AbsDot(v[i], plus[i]) + AbsDot(v[i], zero[i]) + AbsDot(v[i], minus[i]);
                numeric[at] = (p - m) / (2 * eps);
                // PyTorch's adjusted atol (atol · Σu · Σv: the element-wise tolerance seen through u and v), plus rounding.
                tolerance[at] = o.Atol * Math.Abs(u[d].Sum() * v[i].Sum()) + FiniteDifferences.Noise(2 * eps, 2 * magnitude);
                if (!FiniteDifferences.Suspect(p, z, m, eps, magnitude)) continue;
                plus2 ??= At(eps2);
                minus2 ??= At(-eps2);
                double p2 = Dot(v[i], plus2[i]), m2 = Dot(v[i], minus2[i]);
                if (!FiniteDifferences.Kink(p, z, m, eps, p2, m2, AbsDot(v[i], plus2[i]) + AbsDot(v[i], zero[i]) + AbsDot(v[i], minus2[i]))) continue;
                kinkSet.Add(at);
                found.Kinks.Add(new NonDifferentiableEntry(block(i, diff[d]), -1, -1, -1, (z - m) / eps, (p - z) / eps));
            }
            using (no_grad()) x.copy_(original);
            o.Cancellation.ThrowIfCancellationRequested();
            o.Progress?.Report((d + 1.0) / diff.Length);
        }

        for (int i = 0; i < nOut; i++)
        {
            if (!outs[i].requires_grad) continue;
            using var step = NewDisposeScope();
            var vi = tensor(v[i], dtype: float64).reshape(outs[i].shape);
            var rows = Vjp(outs[i], outNames[i], vi, diffLeaves, diffNames, o, found);
            for (int d = 0; d < diff.Length; d++) analytic[layout.Segment(block(i, diff[d])).Offset] = Dot(rows[d], u[d]);
        }

        double rtol = o.Rtol;
        var all = Enumerable.Range(0, layout.Count).ToArray();
        var c = GradientComparer.Compare(block(0, diff[0]).StartsWith("second order", StringComparison.Ordinal) ? "second order: analytic vs numeric" : "analytic vs numeric",
            "analytic", "numeric", layout, analytic, numeric, all, o.Threshold, o.WorstCount, kinkSet,
            (at, a, n) => Math.Abs(a - n) <= tolerance[at] + rtol * Math.Abs(n),
            $"fast mode: |vᵀJ·u − vᵀ(Ju)| ≤ atol {o.Atol:G3}·|Σu·Σv| + rtol {rtol:G3}·|n| + rounding");
        Record(found, c, layout, analytic, numeric);
    }

    /// <summary>vᵀ ∂output/∂x for each input, twice: the two must agree within NondetTol (re-entrancy), else the input is recorded.</summary>
    static double[][] Vjp(Tensor output, string outName, Tensor v, Tensor[] diffLeaves, string[] diffNames, GradCheckOptions o, Findings found)
    {
        var first = SafeAutograd.Grad([output], [outName], diffLeaves, diffNames, [v], createGraph: false).Select(FiniteDifferences.Values).ToArray();
        var second = SafeAutograd.Grad([output], [outName], diffLeaves, diffNames, [v], createGraph: false).Select(FiniteDifferences.Values).ToArray();
        for (int d = 0; d < diffLeaves.Length; d++)
        {
            double nondet = first[d].Zip(second[d], (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
            if (nondet <= o.NondetTol) continue;
            if (double.IsNaN(nondet)) nondet = double.PositiveInfinity;
            found.NonReentrant[diffNames[d]] = Math.Max(nondet, found.NonReentrant.GetValueOrDefault(diffNames[d]));
        }
        return first;
    }

    static void Record(Findings found, GradientComparison c, ParameterVector layout, double[] analytic, double[] numeric)
    {
        found.Comparisons.Add(c);
        found.Wrong.AddRange(c.Tensors.Where(t => !t.Passed).Select(t => t.Name));
        if (found.Layout is not null) return;
        found.Layout = layout;
        found.Gradients["analytic"] = analytic;
        found.Gradients["numeric"] = numeric;
    }

    /// <summary>
    /// gradgradcheck: g(x, v) = vᵀ ∂f/∂x built with create_graph, checked as a function of the inputs and of v (random,
    /// seeded). A backward pass that is right but detached from x gives zero second derivatives and fails here only.
    /// </summary>
    static void SecondOrder(Func<Tensor[], Tensor[]> f, Tensor[] leaves, Tensor[] values, int[] diff, string[] names,
        GradCheckOptions o, Findings found, List<string> notes)
    {
        var outs = Outputs(f, leaves, false, "");
        var rng = new System.Random(o.Seed + 7919);
        int nd = diff.Length;
        var gradOutputs = outs.Select(y => tensor(FiniteDifferences.Normal(rng, y.numel()), dtype: float64).reshape(y.shape).to(y.device)).ToArray();
        var innerNames = diff.Select(j => names[j]).Concat(outs.Select((_, i) => $"grad_output {i}")).ToArray();
        var innerLeaves = diff.Select(j => leaves[j]).Concat(gradOutputs.Select(g => g.clone().requires_grad_(true))).ToArray();
        var innerValues = diff.Select(j => values[j]).Concat(gradOutputs.Select(g => g.clone())).ToArray();
        var outNames = outs.Select((_, i) => $"output {i}").ToArray();
        Tensor[] G(Tensor[] args)
        {
            using var grad = enable_grad();
            var full = (Tensor[])leaves.Clone();
            var xs = new Tensor[nd];
            for (int d = 0; d < nd; d++) full[diff[d]] = xs[d] = args[d].requires_grad ? args[d] : args[d].detach().requires_grad_(true);
            var ys = f(full);
            return SafeAutograd.Grad(ys, outNames, xs, diff.Select(j => names[j]).ToArray(), args[nd..], createGraph: true);
        }
        var gNames = diff.Select(j => $"second order: gradient of {names[j]}").ToArray();
        // The inner outputs are named by what they are the gradient of; blocks "… w.r.t. input j / grad_output i".
        var innerDiff = Enumerable.Range(0, innerLeaves.Length).ToArray();
        var inner = new Findings();
        CheckInner(G, innerLeaves, innerValues, innerDiff, innerNames, gNames, o, inner);
        found.Comparisons.AddRange(inner.Comparisons);
        found.Wrong.AddRange(inner.Wrong);
        found.Kinks.AddRange(inner.Kinks);
        foreach (var (name, value) in inner.NonReentrant) found.NonReentrant[name] = value;
        notes.Add($"second order: the backward pass (create_graph) checked as a function of the inputs and of random output gradients (seed {o.Seed})");
    }

    static void CheckInner(Func<Tensor[], Tensor[]> g, Tensor[] leaves, Tensor[] values, int[] diff, string[] names, string[] gNames,
        GradCheckOptions o, Findings found)
    {
        var outs = Outputs(g, leaves, allowConstant: true, "second order: ");
        string Block(int i, int j) => $"{gNames[i]} w.r.t. {names[j]}";
        var outNames = gNames;
        var diffLeaves = diff.Select(j => leaves[j]).ToArray();
        var diffNames = diff.Select(j => "second order: " + names[j]).ToArray();
        var zero = Evaluate(g, values, outs.Length);
        if (o.FastMode) Fast(g, outs, values, diff, zero, diffLeaves, diffNames, outNames, Block, o, found);
        else Slow(g, outs, values, diff, zero, diffLeaves, diffNames, outNames, Block, o, found);
    }

    static void Set(Tensor flat, long index, double value)
    {
        using Scalar s = value;
        using var _ = no_grad();
        using var element = flat[index];
        element.fill_(s);
    }
}
