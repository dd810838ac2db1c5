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
        /// <summary>Failures that are not a comparison of values: autograd could not differentiate, a jump in value, "cannot tell".</summary>
        public List<string> Failures { get; } = [];
        /// <summary>Why autograd cannot be run on this graph (a custom backward that throws): every analytic block is NaN.</summary>
        public string? BackwardError { get; set; }
    }

    public static GradCheckResult Run(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions o, bool singleOutput)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(inputs);
        o.Validate();
        if (inputs.Length == 0) throw new ArgumentException("GradCheck.Function needs at least one input");
        using var scope = NewDisposeScope();
        var notes = new List<string>();
        double unit = FiniteDifferences.Float64Unit;
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
            if (x.is_floating_point() && x.dtype != ScalarType.Float64 && !o.CheckInDtype)
            {
                v = v.to(float64);
                notes.Add($"{names[j]} is {x.dtype}: this checked a float64 copy of it, i.e. the function computed in float64, not in {x.dtype} " +
                    $"(central differences in {x.dtype} are too coarse at ε {o.Epsilon:G3}); to check the {x.dtype} function itself, use GradCheckOptions.Float32");
            }
            else if (x.is_floating_point() && x.dtype != ScalarType.Float64)
            {
                unit = Math.Max(unit, UnitRoundoff(x.dtype));
                notes.Add($"{names[j]} is {x.dtype}: checked in {x.dtype} itself (CheckInDtype), ε {o.Epsilon:G3}, atol {o.Atol:G3}, rtol {o.Rtol:G3}");
            }
            // Contiguous copies: the numeric side perturbs entries through a flat view (a transposed input has none).
            values[j] = v.contiguous().clone();
            leaves[j] = requiresGrad ? v.contiguous().clone().requires_grad_(true) : values[j];
            if (requiresGrad) diff.Add(j);
        }
        if (diff.Count == 0)
            throw new ArgumentException("no input requires grad: mark the inputs to check with requires_grad (the others are constants)");

        var found = new Findings();
        Check(f, leaves, values, diff.ToArray(), names, singleOutput ? null : "", o, "", found, notes, unit);
        if (o.GradGrad && found.Failures.Count == 0 && found.BackwardError is null) SecondOrder(f, leaves, values, diff.ToArray(), names, o, found, notes, unit);
        if (o.FastMode) notes.Add($"fast mode: one random direction per input and output (seed {o.Seed}); run the slow check for the worst entries");
        long count = diff.Sum(j => values[j].numel());
        bool anyChecked = found.Comparisons.Any(c => c.Checked > 0);
        if (!anyChecked) notes.Add("not checked: no entry was compared (no outputs, or every entry at a kink), so this is no evidence either way");
        return new GradCheckResult
        {
            Passed = anyChecked && found.Comparisons.All(c => c.Passed || c.Checked == 0) && found.NonReentrant.Count == 0 && found.Failures.Count == 0,
            Wrong = found.Wrong.Concat(found.NonReentrant.Keys).Distinct().ToArray(),
            NonDifferentiable = found.Kinks,
            Comparisons = found.Comparisons,
            Failures = found.Failures.Concat(found.NonReentrant.Select(n =>
                $"backward is not re-entrant for {n.Key}: two backward passes with the same vector differ by up to {n.Value:G3} (NondetTol {o.NondetTol:G3})")).ToArray(),
            Notes = notes,
            Mode = o.FastMode ? "fast" : "slow",
            ParameterCount = count,
            Options = o,
            Gradients = found.Gradients,
            Layout = found.Layout,
        };
    }

    /// <summary>
    /// f's outputs under autograd at the leaves; validated (not complex). Outputs that are not differentiable (integer
    /// or bool, or not requiring grad) are allowed: as in PyTorch, their numeric Jacobian must be zero. A custom
    /// Function's backward that throws is found here (<see cref="CustomBackwardProbe"/>) and recorded.
    /// </summary>
    static Tensor[] Outputs(Func<Tensor[], Tensor[]> f, Tensor[] args, string prefix, Findings found)
    {
        Tensor[] outs;
        var before = CustomBackwardProbe.Snapshot();
        try
        {
            using (enable_grad()) outs = f(args);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new ArgumentException($"{prefix}the function failed at the inputs: {SafeAutograd.FirstLine(e.Message)}", e);
        }
        if (outs is null) throw new ArgumentException($"{prefix}the function returned null");
        for (int i = 0; i < outs.Length; i++)
        {
            var y = outs[i];
            if (y is null || y.IsInvalid) throw new ArgumentException($"{prefix}output {i} is null or disposed");
            if (y.is_complex()) throw new ArgumentException($"{prefix}output {i} is complex ({y.dtype}): complex gradients are not supported");
        }
        if (CustomBackwardProbe.Failure(before) is { } error) found.BackwardError ??= error;
        return outs;
    }

    /// <summary>f at <paramref name="args"/> without building a graph (f may enable grad inside), as flat float64 arrays.</summary>
    static double[][] Evaluate(Func<Tensor[], Tensor[]> f, Tensor[] args, int expected)
    {
        using var scope = NewDisposeScope();
        Tensor[] outs;
        try
        {
            using (no_grad()) outs = f(args);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new ArgumentException($"the function failed at perturbed inputs: {SafeAutograd.FirstLine(e.Message)}", e);
        }
        if (outs is null || outs.Length != expected) throw new ArgumentException($"the function returned {outs?.Length ?? 0} outputs; it returned {expected} at the unperturbed inputs");
        return outs.Select(FiniteDifferences.Values).ToArray();
    }

    static void Check(Func<Tensor[], Tensor[]> f, Tensor[] leaves, Tensor[] values, int[] diff, string[] names, string? multiOutputs,
        GradCheckOptions o, string prefix, Findings found, List<string> notes, double unit)
    {
        // f must leave its inputs alone: the numeric side calls it many times on the same tensors, and a tensor it
        // saved for backward and then changed makes autograd fail.
        var before = values.Select(v => v.clone()).ToArray();
        var outs = Outputs(f, leaves, prefix, found);
        for (int j = 0; j < values.Length; j++)
        {
            using (var step = NewDisposeScope())
            {
                var same = values[j].eq(before[j]);
                if (values[j].is_floating_point()) same = same.logical_or(values[j].isnan().logical_and(before[j].isnan()));
                if (same.all().item<bool>()) continue;
            }
            found.Failures.Add($"{prefix}the function changes {names[j]} in place (e.g. add_ on an input): a checked function must leave its inputs " +
                "unchanged, since the numeric side calls it many times on the same tensors and autograd needs the values it saved");
            found.Wrong.Add(prefix + names[j]);
            return;
        }
        int nOut = outs.Length;
        // Single-output functions name blocks by input only ("input j"), as the contract asks.
        string Block(int i, int j) => prefix + (multiOutputs is null ? names[j] : $"output {i} w.r.t. {names[j]}");
        var outNames = Enumerable.Range(0, nOut).Select(i => $"{prefix}output {i}").ToArray();
        for (int i = 0; i < nOut; i++)
            if (!outs[i].requires_grad)
                notes.Add($"{outNames[i]} ({outs[i].dtype}) is not differentiable (integer, or it does not require grad): its numeric Jacobian must be zero, as in PyTorch");
        if (nOut == 0) return;
        Blocks(f, outs, leaves, values, diff, names, prefix, outNames, Block, o, found, unit);
    }

    /// <summary>The Jacobian check proper (slow or fast) and PyTorch's check that the backward is multiplied by grad_output.</summary>
    static void Blocks(Func<Tensor[], Tensor[]> f, Tensor[] outs, Tensor[] leaves, Tensor[] values, int[] diff, string[] names, string prefix,
        string[] outNames, Func<int, int, string> block, GradCheckOptions o, Findings found, double unit)
    {
        var diffLeaves = diff.Select(j => leaves[j]).ToArray();
        var diffNames = diff.Select(j => prefix + names[j]).ToArray();
        var zero = Evaluate(f, values, outs.Length);
        if (found.BackwardError is { } error)
            found.Failures.Add($"{prefix}autograd cannot differentiate the function: {error}");
        if (o.FastMode) Fast(f, outs, values, diff, zero, diffLeaves, diffNames, outNames, block, o, found, unit);
        else Slow(f, outs, values, diff, zero, diffLeaves, diffNames, outNames, block, o, found, unit);
        if (found.BackwardError is null) ZeroGradOutput(outs, outNames, diffLeaves, diff, block, found);
    }

    /// <summary>
    /// PyTorch's test_backward_mul_by_grad_output: a zero grad_output must give zero gradients. A backward that adds a
    /// constant (g + 0.01 instead of g·∂f/∂x) can pass the Jacobian check at a loose atol; it fails here.
    /// </summary>
    static void ZeroGradOutput(Tensor[] outs, string[] outNames, Tensor[] diffLeaves, int[] diff, Func<int, int, string> block, Findings found)
    {
        for (int i = 0; i < outs.Length; i++)
        {
            if (!outs[i].requires_grad) continue;
            using var step = NewDisposeScope();
            Tensor[] grads;
            try
            {
                grads = SafeAutograd.Grad([outs[i]], [outNames[i]], diffLeaves, diffLeaves.Select((_, d) => block(i, diff[d])).ToArray(),
                    [zeros_like(outs[i])], createGraph: false);
            }
            catch (BackwardFailedException) { continue; } // already reported by the Jacobian check
            for (int d = 0; d < diff.Length; d++)
            {
                double max = grads[d].abs().max().to(float64).item<double>();
                if (max == 0) continue;
                found.Failures.Add($"{block(i, diff[d])}: the backward is not multiplied by grad_output: with a zero grad_output the gradient is up to {max:G3}, not 0");
                found.Wrong.Add(block(i, diff[d]));
            }
        }
    }

    static void Slow(Func<Tensor[], Tensor[]> f, Tensor[] outs, Tensor[] values, int[] diff, double[][] zero, Tensor[] diffLeaves,
        string[] diffNames, string[] outNames, Func<int, int, string> block, GradCheckOptions o, Findings found, double unit)
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

        // Numeric: column e of block (i, j) from f(x_j ± ε e_e). In a dtype coarser than float64 the step actually
        // taken is what x ± ε rounds to.
        long done = 0, total = inSize.Sum();
        for (int d = 0; d < diff.Length; d++)
        {
            var flat = values[diff[d]].view(-1);
            bool exact = flat.dtype == ScalarType.Float64;
            var original = FiniteDifferences.Values(flat);
            for (int e = 0; e < inSize[d]; e++)
            {
                o.Cancellation.ThrowIfCancellationRequested();
                o.Progress?.Report((double)done++ / total);
                double[][] At(double value) { Set(flat, e, value); return Evaluate(f, values, nOut); }
                double Taken(double value) => exact ? value : Get(flat, e);
                var plus = At(original[e] + eps);
                double hPlus = Taken(original[e] + eps) - original[e];
                var minus = At(original[e] - eps);
                double hMinus = original[e] - Taken(original[e] - eps);
                Set(flat, e, original[e]);
                double[][]? plus2 = null, minus2 = null;
                for (int i = 0; i < nOut; i++)
                    for (int k = 0; k < outSize[i]; k++)
                    {
                        int at = Offset(i, d) + (int)(k * inSize[d] + e);
                        double p = plus[i][k], m = minus[i][k], z = zero[i][k];
                        numeric[at] = (p - m) / (hPlus + hMinus);
                        if (!FiniteDifferences.Suspect(p, z, m, eps, original[e], unit)) continue;
                        if (plus2 is null)
                        {
                            plus2 = At(original[e] + eps2);
                            minus2 = At(original[e] - eps2);
                            Set(flat, e, original[e]);
                        }
                        var shape = FiniteDifferences.Classify(p, z, m, eps, plus2[i][k], minus2![i][k], original[e], unit);
                        if (shape == FiniteDifferences.Shape.Jump)
                        {
                            found.Failures.Add($"{block(i, diff[d])}[{k * inSize[d] + e}] (row {k}, column {e}): the function jumps in value there " +
                                $"(a discontinuity, not a kink: left slope {(z - m) / eps:G4}, right slope {(p - z) / eps:G4}, and they grow as ε shrinks)");
                            found.Wrong.Add(block(i, diff[d]));
                        }
                        if (shape != FiniteDifferences.Shape.Kink) continue;
                        kinkSet.Add(at);
                        found.Kinks.Add(new NonDifferentiableEntry(block(i, diff[d]), (int)(k * inSize[d] + e), k, e, (z - m) / eps, (p - z) / eps));
                    }
            }
        }

        // Analytic: row k of every block (i, ·) from one vector–Jacobian product with the one-hot vector e_k.
        for (int i = 0; i < nOut; i++)
        {
            if (!outs[i].requires_grad) continue; // not differentiable: its Jacobian is zero
            if (found.BackwardError is not null) { FillBlocks(analytic, i, diff.Length, Offset, outSize[i] * inSize.Sum()); continue; }
            try
            {
                for (int k = 0; k < outSize[i]; k++)
                {
                    using var step = NewDisposeScope();
                    var onehot = zeros(outSize[i], outs[i].dtype);
                    Set(onehot, k, 1.0);
                    var rows = Vjp(outs[i], outNames[i], onehot.reshape(outs[i].shape), diffLeaves, diffNames, o, found);
                    for (int d = 0; d < diff.Length; d++) Array.Copy(rows[d], 0, analytic, Offset(i, d) + k * inSize[d], inSize[d]);
                }
            }
            catch (BackwardFailedException e)
            {
                found.Failures.Add(e.Message);
                for (int d = 0; d < diff.Length; d++) Array.Fill(analytic, double.NaN, Offset(i, d), (int)(outSize[i] * inSize[d]));
            }
        }

        double atol = o.Atol, rtol = o.Rtol;
        var all = Enumerable.Range(0, layout.Count).ToArray();
        var c = GradientComparer.Compare(block(0, diff[0]).StartsWith("second order", StringComparison.Ordinal) ? "second order: analytic vs numeric" : "analytic vs numeric",
            "analytic", "numeric", layout, analytic, numeric, all, o.Threshold, o.WorstCount, kinkSet,
            (_, a, n) => Math.Abs(a - n) <= atol + rtol * Math.Abs(n), $"each entry |a − n| ≤ atol {atol:G3} + rtol {rtol:G3}·|n|");
        Record(found, c, layout, analytic, numeric);
    }

    static void FillBlocks(double[] analytic, int i, int blocks, Func<int, int, int> offset, long length)
    {
        if (blocks == 0) return;
        Array.Fill(analytic, double.NaN, offset(i, 0), (int)length);
    }

    static void Fast(Func<Tensor[], Tensor[]> f, Tensor[] outs, Tensor[] values, int[] diff, double[][] zero, Tensor[] diffLeaves,
        string[] diffNames, string[] outNames, Func<int, int, string> block, GradCheckOptions o, Findings found, double unit)
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
        var atolAt = new double[layout.Count];
        var noise = new double[layout.Count];
        var excluded = new HashSet<int>();
        double eps = o.Epsilon, eps2 = eps / FiniteDifferences.KinkStepRatio;
        static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

        for (int d = 0; d < diff.Length; d++)
        {
            var x = values[diff[d]];
            using var original = x.clone();
            var ud = u[d];
            double[][] Along(double[] direction, double step)
            {
                using Scalar alpha = step; // held (see HeldScalars)
                using (NewDisposeScope()) // the direction's temporaries disposed here, not by a finalizer
                using (no_grad())
                {
                    var dir = tensor(direction, dtype: float64).reshape(x.shape).to(x.dtype).to(x.device);
                    x.copy_(original);
                    x.add_(dir, alpha);
                }
                return Evaluate(f, values, nOut);
            }
            double[][] plus, minus;
            var kinkedBlocks = new HashSet<int>();
            for (int round = 0; ; round++)
            {
                plus = Along(ud, eps);
                minus = Along(ud, -eps);
                double[][]? plus2 = null, minus2 = null;
                bool moved = false;
                for (int i = 0; i < nOut && !moved; i++)
                {
                    double p = Dot(v[i], plus[i]), m = Dot(v[i], minus[i]), z = Dot(v[i], zero[i]);
                    if (!FiniteDifferences.Suspect(p, z, m, eps, 0, unit)) continue;
                    plus2 ??= Along(ud, eps2);
                    minus2 ??= Along(ud, -eps2);
                    var shape = FiniteDifferences.Classify(p, z, m, eps, Dot(v[i], plus2[i]), Dot(v[i], minus2[i]), 0, unit);
                    if (shape == FiniteDifferences.Shape.Jump)
                    {
                        found.Failures.Add($"{block(i, diff[d])}: the function jumps in value along the random direction (a discontinuity, not a kink: " +
                            $"left slope {(z - m) / eps:G4}, right slope {(p - z) / eps:G4}, and they grow as ε shrinks)");
                        found.Wrong.Add(block(i, diff[d]));
                    }
                    if (shape != FiniteDifferences.Shape.Kink) continue;
                    // Only the entries at the kink leave the direction; the rest of the input is still checked.
                    var support = Enumerable.Range(0, ud.Length).Where(e => ud[e] != 0).ToArray();
                    int vi = i;
                    double Phi(IReadOnlyList<int> subset, double step)
                    {
                        var part = new double[ud.Length];
                        foreach (int e in subset) part[e] = ud[e];
                        return Dot(v[vi], Along(part, step)[vi]);
                    }
                    var entries = FiniteDifferences.LocateKinks(support, Phi, z, eps, unit);
                    if (entries.Count == 0) continue;
                    ud = (double[])ud.Clone();
                    foreach (var (e, left, right) in entries)
                    {
                        ud[e] = 0;
                        found.Kinks.Add(new NonDifferentiableEntry(diffNames[d], e, -1, e, left, right));
                    }
                    kinkedBlocks.Add(i);
                    moved = true;
                }
                if (!moved || round >= 4 || ud.All(a => a == 0)) break;
            }
            u[d] = ud;
            bool nothingLeft = ud.All(a => a == 0);
            for (int i = 0; i < nOut; i++)
            {
                int at = layout.Segment(block(i, diff[d])).Offset;
                double p = Dot(v[i], plus[i]), m = Dot(v[i], minus[i]);
                numeric[at] = (p - m) / (2 * eps);
                // PyTorch's adjusted atol (atol · Σu · Σv: the element-wise tolerance seen through u and v); the rounding
                // error of the difference quotient counts only the outputs the perturbation changed.
                atolAt[at] = o.Atol * Math.Abs(ud.Sum() * v[i].Sum());
                double changed = 0;
                for (int k = 0; k < v[i].Length; k++)
                    if (plus[i][k] != minus[i][k]) changed += Math.Abs(v[i][k]) * (Math.Abs(plus[i][k]) + Math.Abs(minus[i][k]));
                noise[at] = FiniteDifferences.Noise(2 * eps, changed, unit) / 8;
                if (nothingLeft && kinkedBlocks.Count > 0) excluded.Add(at);
            }
            using (no_grad()) x.copy_(original);
            o.Cancellation.ThrowIfCancellationRequested();
            o.Progress?.Report((d + 1.0) / diff.Length);
        }

        for (int i = 0; i < nOut; i++)
        {
            if (!outs[i].requires_grad) continue;
            if (found.BackwardError is not null)
            {
                for (int d = 0; d < diff.Length; d++) analytic[layout.Segment(block(i, diff[d])).Offset] = double.NaN;
                continue;
            }
            using var step = NewDisposeScope();
            var vi = tensor(v[i], dtype: float64).reshape(outs[i].shape);
            try
            {
                var rows = Vjp(outs[i], outNames[i], vi, diffLeaves, diffNames, o, found);
                for (int d = 0; d < diff.Length; d++) analytic[layout.Segment(block(i, diff[d])).Offset] = Dot(rows[d], u[d]);
            }
            catch (BackwardFailedException e)
            {
                found.Failures.Add(e.Message);
                for (int d = 0; d < diff.Length; d++) analytic[layout.Segment(block(i, diff[d])).Offset] = double.NaN;
            }
        }

        // A difference the rounding error explains, when that error is as large as the directional derivative itself,
        // says nothing: "cannot tell", never a pass.
        double rtol = o.Rtol;
        for (int at = 0; at < layout.Count; at++)
        {
            double a = analytic[at], n = numeric[at], gap = Math.Abs(a - n), strict = atolAt[at] + rtol * Math.Abs(n);
            if (excluded.Contains(at) || !(gap > strict) || gap > strict + noise[at] || noise[at] < 0.5 * Math.Abs(n)) continue;
            excluded.Add(at);
            found.Failures.Add($"cannot tell {layout.Entries[at].Name}: the rounding error of the difference quotient (up to {noise[at]:G3}) is as large as " +
                $"the directional derivative ({n:G3}; the backward gives {a:G3}); use a larger Epsilon or the slow mode");
        }
        var all = Enumerable.Range(0, layout.Count).ToArray();
        var c = GradientComparer.Compare(block(0, diff[0]).StartsWith("second order", StringComparison.Ordinal) ? "second order: analytic vs numeric" : "analytic vs numeric",
            "analytic", "numeric", layout, analytic, numeric, all, o.Threshold, o.WorstCount, excluded,
            (at, a, n) => Math.Abs(a - n) <= atolAt[at] + rtol * Math.Abs(n) + noise[at],
            $"fast mode: |vᵀJ·u − vᵀ(Ju)| ≤ atol {o.Atol:G3}·|Σu·Σv| + rtol {rtol:G3}·|n| + rounding (u without the entries at kinks)");
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
    /// Outputs that are not differentiable take no part.
    /// </summary>
    static void SecondOrder(Func<Tensor[], Tensor[]> f, Tensor[] leaves, Tensor[] values, int[] diff, string[] names,
        GradCheckOptions o, Findings found, List<string> notes, double unit)
    {
        var all = Outputs(f, leaves, "", found);
        var differentiable = Enumerable.Range(0, all.Length).Where(i => all[i].requires_grad).ToArray();
        if (differentiable.Length == 0) return;
        var outs = differentiable.Select(i => all[i]).ToArray();
        var rng = new System.Random(o.Seed + 7919);
        int nd = diff.Length;
        var gradOutputs = outs.Select(y => tensor(FiniteDifferences.Normal(rng, y.numel()), dtype: float64).reshape(y.shape).to(y.dtype).to(y.device)).ToArray();
        var innerNames = diff.Select(j => names[j]).Concat(differentiable.Select(i => $"grad_output {i}")).ToArray();
        var innerLeaves = diff.Select(j => leaves[j]).Concat(gradOutputs.Select(g => g.clone().requires_grad_(true))).ToArray();
        var innerValues = diff.Select(j => values[j]).Concat(gradOutputs.Select(g => g.clone())).ToArray();
        var outNames = differentiable.Select(i => $"output {i}").ToArray();
        Tensor[] G(Tensor[] args)
        {
            using var grad = enable_grad();
            var full = (Tensor[])leaves.Clone();
            var xs = new Tensor[nd];
            for (int d = 0; d < nd; d++) full[diff[d]] = xs[d] = args[d].requires_grad && args[d].is_leaf ? args[d] : args[d].detach().requires_grad_(true);
            var ys = f(full);
            return SafeAutograd.Grad(differentiable.Select(i => ys[i]).ToArray(), outNames, xs, diff.Select(j => names[j]).ToArray(), args[nd..], createGraph: true);
        }
        var gNames = diff.Select(j => $"second order: gradient of {names[j]}").ToArray();
        // The inner outputs are named by what they are the gradient of; blocks "… w.r.t. input j / grad_output i".
        var innerDiff = Enumerable.Range(0, innerLeaves.Length).ToArray();
        var inner = new Findings();
        try
        {
            var outsInner = Outputs(G, innerLeaves, "second order: ", inner);
            string Block(int i, int j) => $"{gNames[i]} w.r.t. {innerNames[j]}";
            Blocks(G, outsInner, innerLeaves, innerValues, innerDiff, innerNames, "second order: ", gNames, Block, o, inner, unit);
        }
        catch (BackwardFailedException e)
        {
            inner.Failures.Add("second order: " + e.Message);
            inner.Wrong.AddRange(gNames);
        }
        found.Comparisons.AddRange(inner.Comparisons);
        found.Wrong.AddRange(inner.Wrong);
        found.Kinks.AddRange(inner.Kinks);
        found.Failures.AddRange(inner.Failures);
        foreach (var (name, value) in inner.NonReentrant) found.NonReentrant[name] = value;
        notes.Add($"second order: the backward pass (create_graph) checked as a function of the inputs and of random output gradients (seed {o.Seed})");
    }

    /// <summary>Machine epsilon of a floating-point dtype.</summary>
    internal static double UnitRoundoff(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => 1.1920928955078125e-7,
        ScalarType.Float16 => 9.765625e-4,
        ScalarType.BFloat16 => 7.8125e-3,
        _ => FiniteDifferences.Float64Unit,
    };

    static void Set(Tensor flat, long index, double value)
    {
        using Scalar s = value;
        using var _ = no_grad();
        using var element = flat[index];
        element.fill_(s);
    }

    static double Get(Tensor flat, long index)
    {
        using var element = flat[index];
        return element.to(float64).item<double>();
    }
}
