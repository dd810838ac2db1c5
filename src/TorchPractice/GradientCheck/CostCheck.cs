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
    public static GradCheckResult Run(Func<ParameterSet, Tensor> cost, ParameterSet parameters, Func<ParameterSet, ParameterSet>? handWritten, GradCheckOptions o)
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
            if (t.dtype != ScalarType.Float64) notes.Add($"'{n}' is {t.dtype}: checked on a float64 copy (central differences in {t.dtype} are too coarse)");
        }
        var only = o.Only?.ToArray();
        if (only is not null)
        {
            if (only.Length == 0) throw new ArgumentException("Only names no tensor; give null to check all");
            foreach (var n in only)
                if (!names.Contains(n)) throw new ArgumentException($"Only names '{n}', which is not a parameter (have {string.Join(", ", names)})");
            notes.Add($"only {string.Join(", ", only)} checked");
        }
        var leaves = new ParameterSet(names.Select(n => (n, parameters[n].detach().to(float64).clone().requires_grad_(true))));
        var numericSet = new ParameterSet(names.Select(n => (n, parameters[n].detach().to(float64).clone())));
        var layout = ParameterVector.From(numericSet);
        bool Selected(string name) => only is null || only.Contains(name);

        // Autograd.
        Tensor j;
        using (enable_grad()) j = cost(leaves);
        if (j is null || j.IsInvalid) throw new ArgumentException("the cost returned null or a disposed tensor");
        if (j.numel() != 1) throw new ArgumentException($"the cost must be a scalar (one element); got shape ({string.Join(", ", j.shape)})");
        if (!j.is_floating_point()) throw new ArgumentException($"the cost is {j.dtype}, not a floating-point tensor");
        if (!j.requires_grad)
            throw new ArgumentException("the cost does not require grad: it does not depend on the parameters through autograd " +
                "(computed under no_grad, detached, or rebuilt from .data/.item?), so autograd cannot differentiate it");
        var autogradSet = new ParameterSet(names.Zip(SafeAutograd.Grad([j], ["the cost"], names.Select(n => leaves[n]).ToList(),
            names.Select(n => $"parameter '{n}'").ToList(), [ones_like(j)], createGraph: false)));
        var autograd = layout.Flatten(autogradSet);

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
        if (hand is not null) gradients["hand-written"] = hand;
        ParameterVector reportLayout = layout;
        var selected = Enumerable.Range(0, layout.Count).Where(i => Selected(layout.Entries[i].Name)).ToArray();

        if (!o.FastMode)
        {
            int[] coords = selected;
            if (o.Subset is { } k)
            {
                if (k > selected.Length) throw new ArgumentException($"Subset must be between 1 and the number of checked parameters ({selected.Length}); got {k}");
                coords = GradientChecker.Sample(selected.Length, k, o.Seed).Select(i => selected[i]).ToArray();
                notes.Add($"numeric comparisons cover a random subset of {k} of {selected.Length} coordinates (seed {o.Seed})");
            }
            int done = 0, total = 2 * coords.Length;
            double[] Costs(IReadOnlyList<FiniteDifferences.Request> requests)
            {
                var c = new double[requests.Count];
                for (int k = 0; k < c.Length; k++)
                {
                    o.Cancellation.ThrowIfCancellationRequested();
                    c[k] = EvaluateAt(cost, numericSet, layout, requests[k]);
                    o.Progress?.Report(Math.Min(1.0, (double)++done / total));
                }
                return c;
            }
            var numeric = FiniteDifferences.Scalar(layout, coords, o.Epsilon, j0, Costs);
            kinks.AddRange(numeric.Kinks);
            gradients["numeric"] = numeric.Central;
            if (hand is not null)
            {
                comparisons.Add(GradientComparer.Compare("hand-written vs numeric", "hand-written", "numeric", layout, hand, numeric.Central, coords, o.Threshold, o.WorstCount, numeric.KinkCoordinates));
                comparisons.Add(GradientComparer.Compare("hand-written vs autograd", "hand-written", "autograd", layout, hand, autograd, selected, o.Threshold, o.WorstCount, numeric.KinkCoordinates));
            }
            comparisons.Add(GradientComparer.Compare("autograd vs numeric", "autograd", "numeric", layout, autograd, numeric.Central, coords, o.Threshold, o.WorstCount, numeric.KinkCoordinates));
        }
        else
        {
            var fast = Fast(cost, numericSet, layout, names.Where(Selected).ToArray(), j0, autograd, hand, o, kinks, notes);
            reportLayout = fast.Layout;
            gradients = fast.Gradients;
            comparisons.AddRange(fast.Comparisons);
            // Both analytic gradients are there in full: compare them entry by entry (no numerics needed).
            if (hand is not null)
                comparisons.Insert(1, GradientComparer.Compare("hand-written vs autograd", "hand-written", "autograd", layout, hand, autograd, selected, o.Threshold, o.WorstCount));
        }
        var wrong = layout.Segments.Select(s => s.Name).Where(n => comparisons.Any(c => c.Tensors.Any(t => t.Name == n && !t.Passed))).ToArray();
        return new GradCheckResult
        {
            Passed = comparisons.All(c => c.Passed),
            Wrong = wrong,
            NonDifferentiable = kinks,
            Comparisons = comparisons,
            Notes = notes,
            Mode = o.FastMode ? "fast" : "slow",
            ParameterCount = layout.Count,
            Options = o,
            Gradients = gradients,
            Layout = reportLayout,
        };
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
    /// derivative (J(θ + εu) − J(θ − εu)) / 2ε against g·u. A kink along u draws another u (three tries).
    /// </summary>
    static FastResult Fast(Func<ParameterSet, Tensor> cost, ParameterSet p, ParameterVector layout, string[] tensors, double j0,
        double[] autograd, double[]? hand, GradCheckOptions o, List<NonDifferentiableEntry> kinks, List<string> notes)
    {
        var rng = new System.Random(o.Seed);
        var fastLayout = ParameterVector.FromShapes(tensors.Select(n => (n, new[] { 1L })));
        var numeric = new double[tensors.Length];
        var auto = new double[tensors.Length];
        var handDot = new double[tensors.Length];
        var noise = new double[tensors.Length];
        var kinkSet = new HashSet<int>();
        double eps = o.Epsilon, eps2 = eps / FiniteDifferences.KinkStepRatio;
        for (int t = 0; t < tensors.Length; t++)
        {
            var x = p[tensors[t]];
            var segment = layout.Segment(tensors[t]);
            using var original = x.clone();
            for (int attempt = 0; ; attempt++)
            {
                var u = FiniteDifferences.Normal(rng, segment.Length);
                using var direction = tensor(u, dtype: float64).reshape(x.shape).to(x.device);
                double At(double step)
                {
                    o.Cancellation.ThrowIfCancellationRequested();
                    using Scalar alpha = step; // held (see HeldScalars)
                    using (no_grad()) { x.copy_(original); x.add_(direction, alpha); }
                    return Evaluate(cost, p);
                }
                double plus = At(eps), minus = At(-eps);
                double magnitude = Math.Abs(plus) + Math.Abs(j0) + Math.Abs(minus);
                bool kink = false;
                if (FiniteDifferences.Suspect(plus, j0, minus, eps, magnitude))
                {
                    double plus2 = At(eps2), minus2 = At(-eps2);
                    kink = FiniteDifferences.Kink(plus, j0, minus, eps, plus2, minus2, Math.Abs(plus2) + Math.Abs(j0) + Math.Abs(minus2));
                }
                using (no_grad()) x.copy_(original);
                if (kink && attempt < 2) continue;
                o.Progress?.Report((t + 1.0) / tensors.Length);
                numeric[t] = (plus - minus) / (2 * eps);
                noise[t] = FiniteDifferences.Noise(2 * eps, 2 * magnitude);
                auto[t] = Dot(autograd, segment.Offset, u);
                if (hand is not null) handDot[t] = Dot(hand, segment.Offset, u);
                if (kink)
                {
                    kinkSet.Add(t);
                    kinks.Add(new NonDifferentiableEntry(tensors[t], -1, -1, -1, (j0 - minus) / eps, (plus - j0) / eps));
                }
                break;
            }
        }
        notes.Add($"fast mode: one random direction per tensor (seed {o.Seed}); run the slow check with Only = the wrong tensors for the worst entries");
        double rtol = o.Rtol;
        bool Agree(int t, double a, double n) => Math.Abs(a - n) <= noise[t] + rtol * Math.Abs(n);
        string criterion = $"fast mode: directional derivatives agree, |g·u − n| ≤ rtol {rtol:G3}·|n| + rounding";
        var all = Enumerable.Range(0, tensors.Length).ToArray();
        var comparisons = new List<GradientComparison>();
        var gradients = new Dictionary<string, double[]> { ["numeric"] = numeric, ["autograd"] = auto };
        if (hand is not null)
        {
            gradients["hand-written"] = handDot;
            comparisons.Add(GradientComparer.Compare("hand-written vs numeric", "hand-written", "numeric", fastLayout, handDot, numeric, all, o.Threshold, o.WorstCount, kinkSet, Agree, criterion));
        }
        comparisons.Add(GradientComparer.Compare("autograd vs numeric", "autograd", "numeric", fastLayout, auto, numeric, all, o.Threshold, o.WorstCount, kinkSet, Agree, criterion));
        return new FastResult(fastLayout, gradients, comparisons);
    }

    static double Dot(double[] g, int offset, double[] u)
    {
        double s = 0;
        for (int i = 0; i < u.Length; i++) s += g[offset + i] * u[i];
        return s;
    }
}
