using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// <see cref="GradCheck.Cost"/>: a scalar J over named tensors, numeric vs autograd and, with a hand-written backward,
/// hand-written vs numeric and vs autograd. Works on float64 copies: the caller's tensors are never changed.
/// </summary>
static class CostCheck
{
    /// <summary>J at many single-coordinate perturbations at once, as the cost gives them one at a time (bit for bit): an evaluator of the numeric side.</summary>
    public delegate double[] Evaluator(IReadOnlyList<FiniteDifferences.Request> requests);

    /// <summary>
    /// The check. <paramref name="evaluator"/> replaces the one-at-a-time evaluation of the slow mode's perturbations
    /// (the built-in model batches them); <paramref name="handWrittenName"/> names the hand-written gradient in the comparisons.
    /// </summary>
    public static GradCheckResult Run(Func<ParameterSet, Tensor> cost, ParameterSet parameters, Func<ParameterSet, ParameterSet>? handWritten, GradCheckOptions o,
        Evaluator? evaluator = null, string handWrittenName = "hand-written")
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(parameters);
        o.Validate();
        using var scope = NewDisposeScope();
        var notes = new List<string>();
        var names = parameters.Names;
        if (names.Count == 0) throw new ArgumentException("the parameter set is empty");
        foreach (var n in names)
        {
            var t = parameters[n];
            if (t is null || t.IsInvalid) throw new ArgumentException($"parameter '{n}' is null or disposed");
            if (t.is_complex()) throw new ArgumentException($"parameter '{n}' is complex ({t.dtype}): complex gradients are not supported");
            if (!t.is_floating_point()) throw new ArgumentException($"parameter '{n}' is {t.dtype}, not a floating-point tensor");
            if (t.dtype != ScalarType.Float64)
                notes.Add($"'{n}' is {t.dtype}: this checked a float64 copy of it, i.e. the cost computed in float64, not in {t.dtype} (central differences in {t.dtype} are too coarse)");
        }
        var only = o.Only?.ToArray();
        if (only is not null)
        {
            if (only.Length == 0) throw new ArgumentException("Only names no tensor; give null to check all");
            foreach (var n in only)
                if (!names.Contains(n)) throw new ArgumentException($"Only names '{n}', which is not a parameter (have {string.Join(", ", names)})");
            notes.Add($"only {string.Join(", ", only)} checked");
        }
        // Contiguous copies: the numeric side perturbs entries through a flat view (a transposed tensor has none).
        var leaves = new ParameterSet(names.Select(n => (n, parameters[n].detach().to(float64).contiguous().clone().requires_grad_(true))));
        var numericSet = new ParameterSet(names.Select(n => (n, parameters[n].detach().to(float64).contiguous().clone())));
        var layout = ParameterVector.From(numericSet);
        bool Selected(string name) => only is null || only.Contains(name);

        // Autograd.
        Tensor j;
        var nodes = CustomBackwardProbe.Snapshot();
        try
        {
            using (enable_grad()) j = cost(leaves);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            throw new ArgumentException($"the cost failed at the parameters: {SafeAutograd.FirstLine(e.Message)}", e);
        }
        if (j is null || j.IsInvalid) throw new ArgumentException("the cost returned null or a disposed tensor");
        if (j.numel() != 1) throw new ArgumentException($"the cost must be a scalar (one element); got shape ({string.Join(", ", j.shape)})");
        if (!j.is_floating_point()) throw new ArgumentException($"the cost is {j.dtype}, not a floating-point tensor");
        if (!j.requires_grad)
            throw new ArgumentException("the cost does not require grad: it does not depend on the parameters through autograd " +
                "(computed under no_grad, detached, or rebuilt from .data/.item?), so autograd cannot differentiate it");
        var failures = new List<string>();
        double[] autograd;
        bool autogradFailed = false;
        try
        {
            if (CustomBackwardProbe.Failure(nodes) is { } error) throw new BackwardFailedException($"autograd cannot differentiate the cost: {error}");
            var autogradSet = new ParameterSet(names.Zip(SafeAutograd.Grad([j], ["the cost"], names.Select(n => leaves[n]).ToList(),
                names.Select(n => $"parameter '{n}'").ToList(), [ones_like(j)], createGraph: false)));
            autograd = layout.Flatten(autogradSet);
        }
        catch (BackwardFailedException e)
        {
            autogradFailed = true;
            failures.Add(e.Message);
            autograd = new double[layout.Count];
            Array.Fill(autograd, double.NaN);
        }

        // Hand-written, on a copy it cannot change ours through.
        double[]? hand = null;
        if (handWritten is not null)
        {
            ParameterSet g;
            using (no_grad()) g = handWritten(numericSet.Clone());
            if (g is null) throw new ArgumentException("the hand-written backward returned null");
            foreach (var n in names)
            {
                if (!g.Names.Contains(n)) throw new ArgumentException($"the hand-written backward has no gradient '{n}' (it gave {string.Join(", ", g.Names)})");
                if (!g[n].shape.SequenceEqual(numericSet[n].shape))
                    throw new ArgumentException($"the hand-written gradient '{n}' has shape ({string.Join(", ", g[n].shape)}); the parameter has ({string.Join(", ", numericSet[n].shape)})");
            }
            hand = layout.Flatten(g);
        }

        double j0 = Evaluate(cost, numericSet);
        var comparisons = new List<GradientComparison>();
        var kinks = new List<NonDifferentiableEntry>();
        var gradients = new Dictionary<string, double[]> { ["autograd"] = autograd };
        if (hand is not null) gradients[handWrittenName] = hand;
        ParameterVector reportLayout = layout;
        string? inconclusive = null;
        var selected = Enumerable.Range(0, layout.Count).Where(i => Selected(layout.Entries[i].Name)).ToArray();

        if (!o.FastMode)
        {
            int[] coords = selected;
            if (o.Subset is { } k)
            {
                if (k > selected.Length)
                    throw new ArgumentOutOfRangeException(nameof(GradCheckOptions.Subset), k, $"Subset must be between 1 and the number of parameters checked ({selected.Length}); got {k}");
                coords = Sample(selected.Length, k, o.Seed).Select(i => selected[i]).ToArray();
                notes.Add($"numeric comparisons cover a random subset of {k} of {selected.Length} coordinates (seed {o.Seed})");
            }
            RejectEpsilonThatDoesNotMove(layout, coords, o.Epsilon);
            int done = 0, total = 2 * coords.Length;
            double[] Costs(IReadOnlyList<FiniteDifferences.Request> requests)
            {
                var c = new double[requests.Count];
                // An evaluator takes slices (progress and cancellation between them); the cost, one request at a time.
                int slice = evaluator is null ? 1 : EvaluatorSlice;
                for (int k = 0; k < c.Length; k += slice)
                {
                    o.Cancellation.ThrowIfCancellationRequested();
                    int n = Math.Min(slice, c.Length - k);
                    if (evaluator is null) c[k] = EvaluateAt(cost, numericSet, layout, requests[k]);
                    else evaluator(requests.Skip(k).Take(n).ToArray()).CopyTo(c, k);
                    done += n;
                    o.Progress?.Report(Math.Min(1.0, (double)done / total));
                }
                return c;
            }
            var numeric = FiniteDifferences.Scalar(layout, coords, o.Epsilon, j0, Costs);
            kinks.AddRange(numeric.Kinks);
            foreach (var jump in numeric.Jumps)
                failures.Add($"{jump.Name}[{jump.Index}] (row {jump.Row}, column {jump.Column}): the cost jumps in value there " +
                    $"(a discontinuity, not a kink: left slope {jump.Left:G4}, right slope {jump.Right:G4}, and they grow as ε shrinks)");
            gradients["numeric"] = numeric.Central;
            inconclusive = Inconclusive(coords, numeric.KinkCoordinates, numeric.Central, hand, autogradFailed ? null : autograd, o.Epsilon, handWrittenName);
            if (hand is not null)
            {
                comparisons.Add(GradientComparer.Compare($"{handWrittenName} vs numeric", handWrittenName, "numeric", layout, hand, numeric.Central, coords, o.Threshold, o.WorstCount, numeric.KinkCoordinates));
                // Kinks stay in: both sides are analytic and define a slope there (ReLU's 0 at Z = 0), so one that differs is a mistake.
                comparisons.Add(GradientComparer.Compare($"{handWrittenName} vs autograd", handWrittenName, "autograd", layout, hand, autograd, selected, o.Threshold, o.WorstCount));
            }
            comparisons.Add(GradientComparer.Compare("autograd vs numeric", "autograd", "numeric", layout, autograd, numeric.Central, coords, o.Threshold, o.WorstCount, numeric.KinkCoordinates));
        }
        else
        {
            RejectEpsilonThatDoesNotMove(layout, selected, o.Epsilon);
            var fast = Fast(cost, numericSet, layout, names.Where(Selected).ToArray(), j0, autograd, hand, o, kinks, notes, failures, handWrittenName);
            reportLayout = fast.Layout;
            gradients = fast.Gradients;
            comparisons.AddRange(fast.Comparisons);
            // Both analytic gradients are there in full: compare them entry by entry (no numerics needed).
            if (hand is not null)
                comparisons.Insert(1, GradientDiagnoser.Annotate( // entry by entry, so a wrong tensor's diagnosis comes with fast mode too
                    GradientComparer.Compare($"{handWrittenName} vs autograd", handWrittenName, "autograd", layout, hand, autograd, selected, o.Threshold, o.WorstCount), layout, hand, autograd, null, o.Diagnosis));
        }
        var wrong = layout.Segments.Select(s => s.Name).Where(n => comparisons.Any(c => c.Tensors.Any(t => t.Name == n && !t.Passed))).ToArray();
        bool anyChecked = comparisons.Any(c => c.Checked > 0);
        if (!anyChecked) notes.Add("not checked: no entry was compared (every entry at a kink?), so this is no evidence either way");
        return new GradCheckResult
        {
            Passed = anyChecked && comparisons.All(c => c.Passed || c.Checked == 0) && failures.Count == 0 && inconclusive is null,
            Inconclusive = inconclusive,
            Wrong = wrong,
            NonDifferentiable = kinks,
            Comparisons = comparisons,
            Failures = failures,
            Notes = notes,
            Mode = o.FastMode ? "fast" : "slow",
            ParameterCount = layout.Count,
            Options = o,
            Gradients = gradients,
            Layout = reportLayout,
        };
    }

    /// <summary>k distinct indices out of n, drawn with a seeded partial Fisher–Yates shuffle, in increasing order.</summary>
    static int[] Sample(int n, int k, int seed)
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

    /// <summary>How many perturbations an <see cref="Evaluator"/> gets at a time (it batches within; progress is told between).</summary>
    const int EvaluatorSlice = 1024;

    /// <summary>
    /// The smallest step that still moves θ: θ ± ε must differ from θ in float64 by ε to within 2⁻⁸ (about 8 bits of
    /// the step survive the rounding of θ ± ε), at the largest |θ| checked. Below it J(θ ± ε) = J(θ) and the numeric
    /// gradient is zero or noise, whatever the backward pass.
    /// </summary>
    static void RejectEpsilonThatDoesNotMove(ParameterVector layout, IReadOnlyList<int> coords, double epsilon)
    {
        double largest = 0;
        foreach (int i in coords) largest = Math.Max(largest, Math.Abs(layout.Values[i]));
        double smallest = Math.Max(largest * Math.Pow(2, -44), double.Epsilon);
        if (epsilon >= smallest) return;
        throw new ArgumentOutOfRangeException(nameof(GradCheckOptions.Epsilon), epsilon,
            $"Epsilon {epsilon:G3} does not move θ in float64: parameters reach |θ| = {largest:G3}, where θ ± ε rounds to (almost) θ; use at least {smallest:G2}");
    }

    /// <summary>Why the comparisons say nothing about the backward pass (non-finite values, a numeric gradient that is all zero), or null.</summary>
    static string? Inconclusive(IReadOnlyList<int> coords, IReadOnlySet<int> kinks, double[] numeric, double[]? hand, double[]? autograd, double epsilon, string handName)
    {
        var used = coords.Where(i => !kinks.Contains(i)).ToArray();
        if (used.Length == 0) return null;
        string? NonFinite(string what, double[]? g) => g is not null && used.Any(i => !double.IsFinite(g[i])) ? what : null;
        var bad = new[] { NonFinite("numeric", numeric), NonFinite(handName, hand), NonFinite("autograd", autograd) }.OfType<string>().ToArray();
        if (bad.Length > 0)
            return $"the {string.Join(", ", bad)} gradient is not finite (NaN or ∞): J or its gradient overflows at these parameters and data (values near 1e308?), so the comparison cannot be made";
        if (used.All(i => numeric[i] == 0) && used.Any(i => (hand is not null && hand[i] != 0) || (autograd is not null && autograd[i] != 0)))
            return $"the numeric gradient is zero at every checked coordinate: J(θ ± ε) = J(θ), so ε {epsilon:G3} is too small to change J (or J is flat); the comparison cannot be made";
        return null;
    }

    static double Evaluate(Func<ParameterSet, Tensor> cost, ParameterSet p)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var j = cost(p);
        if (j is null || j.IsInvalid || j.numel() != 1) throw new ArgumentException("the cost must return a scalar tensor at every point");
        return j.to(float64).item<double>();
    }

    static double EvaluateAt(Func<ParameterSet, Tensor> cost, ParameterSet p, ParameterVector layout, FiniteDifferences.Request r)
    {
        var e = layout.Entries[r.Coordinate];
        using var flat = p[e.Name].view(-1);
        Set(flat, e.Index, r.Value);
        try { return Evaluate(cost, p); }
        finally { Set(flat, e.Index, layout.Values[r.Coordinate]); }
    }

    static void Set(Tensor flat, long index, double value)
    {
        using Scalar s = value;
        using var _ = no_grad();
        using var element = flat[index];
        element.fill_(s);
    }

    sealed record FastResult(ParameterVector Layout, Dictionary<string, double[]> Gradients, List<GradientComparison> Comparisons);

    /// <summary>
    /// One random direction u per tensor (standard normal entries, so every coordinate moves about ε): the directional
    /// derivative (J(θ + εu) − J(θ − εu)) / 2ε against g·u. A kink along u is located by halving u's support
    /// (<see cref="FiniteDifferences.LocateKinks"/>): only the entries at the kink leave u, the rest is checked.
    /// A difference that only the rounding error explains, when that error is as large as the directional derivative,
    /// is "cannot tell" (a failure, never a pass).
    /// </summary>
    static FastResult Fast(Func<ParameterSet, Tensor> cost, ParameterSet p, ParameterVector layout, string[] tensors, double j0,
        double[] autograd, double[]? hand, GradCheckOptions o, List<NonDifferentiableEntry> kinks, List<string> notes, List<string> failures, string handWrittenName)
    {
        var rng = new System.Random(o.Seed);
        var fastLayout = ParameterVector.FromShapes(tensors.Select(n => (n, new[] { 1L })));
        var numeric = new double[tensors.Length];
        var auto = new double[tensors.Length];
        var handDot = new double[tensors.Length];
        var noise = new double[tensors.Length];
        var excluded = new HashSet<int>();
        double eps = o.Epsilon, eps2 = eps / FiniteDifferences.KinkStepRatio;
        for (int t = 0; t < tensors.Length; t++)
        {
            var x = p[tensors[t]];
            var segment = layout.Segment(tensors[t]);
            using var original = x.clone();
            var u = FiniteDifferences.Normal(rng, segment.Length);
            Tensor? cached = null;
            double[]? cachedFor = null;
            double Along(double[] direction, double step)
            {
                o.Cancellation.ThrowIfCancellationRequested();
                if (!ReferenceEquals(direction, cachedFor))
                {
                    cached?.Dispose();
                    using (NewDisposeScope()) // the temporaries of the chain disposed here, not by a finalizer (README "Known limits")
                        cached = tensor(direction, dtype: float64).reshape(x.shape).to(x.device).MoveToOuterDisposeScope();
                    cachedFor = direction;
                }
                using Scalar alpha = step; // held (see HeldScalars)
                using (no_grad()) { x.copy_(original); x.add_(cached!, alpha); }
                return Evaluate(cost, p);
            }
            double plus, minus;
            bool atKink = false;
            for (int round = 0; ; round++)
            {
                plus = Along(u, eps);
                minus = Along(u, -eps);
                bool moved = false;
                if (FiniteDifferences.Suspect(plus, j0, minus, eps))
                {
                    var shape = FiniteDifferences.Classify(plus, j0, minus, eps, Along(u, eps2), Along(u, -eps2));
                    if (shape == FiniteDifferences.Shape.Jump)
                        failures.Add($"{tensors[t]}: the cost jumps in value along the random direction (a discontinuity, not a kink: " +
                            $"left slope {(j0 - minus) / eps:G4}, right slope {(plus - j0) / eps:G4}, and they grow as ε shrinks)");
                    if (shape == FiniteDifferences.Shape.Kink)
                    {
                        var support = Enumerable.Range(0, u.Length).Where(e => u[e] != 0).ToArray();
                        var current = u;
                        double Phi(IReadOnlyList<int> subset, double step)
                        {
                            var part = new double[current.Length];
                            foreach (int e in subset) part[e] = current[e];
                            return Along(part, step);
                        }
                        var entries = FiniteDifferences.LocateKinks(support, Phi, j0, eps);
                        u = (double[])u.Clone();
                        foreach (var (e, left, right) in entries)
                        {
                            u[e] = 0;
                            var entry = layout.Entries[segment.Offset + e];
                            kinks.Add(new NonDifferentiableEntry(tensors[t], entry.Index, entry.Row, entry.Column, left, right));
                        }
                        atKink = true;
                        moved = entries.Count > 0;
                    }
                }
                if (!moved || round >= 4 || u.All(a => a == 0)) break;
            }
            using (no_grad()) x.copy_(original);
            cached?.Dispose();
            o.Progress?.Report((t + 1.0) / tensors.Length);
            numeric[t] = (plus - minus) / (2 * eps);
            noise[t] = FiniteDifferences.Noise(2 * eps, 2 * (Math.Abs(plus) + Math.Abs(j0) + Math.Abs(minus)));
            auto[t] = Dot(autograd, segment.Offset, u);
            if (hand is not null) handDot[t] = Dot(hand, segment.Offset, u);
            if (atKink && u.All(a => a == 0)) excluded.Add(t);
        }
        notes.Add($"fast mode: one random direction per tensor (seed {o.Seed}); run the slow check with Only = the wrong tensors for the worst entries");
        double rtol = o.Rtol;
        bool Agree(int t, double a, double n) => Math.Abs(a - n) <= noise[t] + rtol * Math.Abs(n);
        // Only the rounding lets it pass, and the rounding is as large as the signal: cannot tell.
        bool CannotTell(int t, double a) { double gap = Math.Abs(a - numeric[t]); return gap > rtol * Math.Abs(numeric[t]) && Agree(t, a, numeric[t]) && noise[t] >= 0.5 * Math.Abs(numeric[t]); }
        for (int t = 0; t < tensors.Length; t++)
        {
            if (excluded.Contains(t) || !(CannotTell(t, auto[t]) || (hand is not null && CannotTell(t, handDot[t])))) continue;
            excluded.Add(t);
            failures.Add($"cannot tell {tensors[t]}: the rounding error of the difference quotient (up to {noise[t]:G3}) is as large as the directional " +
                $"derivative ({numeric[t]:G3}); use a larger Epsilon or the slow mode");
        }
        string criterion = $"fast mode: directional derivatives agree, |g·u − n| ≤ rtol {rtol:G3}·|n| + rounding (u without the entries at kinks)";
        var all = Enumerable.Range(0, tensors.Length).ToArray();
        var comparisons = new List<GradientComparison>();
        var gradients = new Dictionary<string, double[]> { ["numeric"] = numeric, ["autograd"] = auto };
        if (hand is not null)
        {
            gradients[handWrittenName] = handDot;
            comparisons.Add(GradientComparer.Compare($"{handWrittenName} vs numeric", handWrittenName, "numeric", fastLayout, handDot, numeric, all, o.Threshold, o.WorstCount, excluded, Agree, criterion));
        }
        comparisons.Add(GradientComparer.Compare("autograd vs numeric", "autograd", "numeric", fastLayout, auto, numeric, all, o.Threshold, o.WorstCount, excluded, Agree, criterion));
        return new FastResult(fastLayout, gradients, comparisons);
    }

    static double Dot(double[] g, int offset, double[] u)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++) s += g[offset + i] * u[i];
        return s;
    }
}
