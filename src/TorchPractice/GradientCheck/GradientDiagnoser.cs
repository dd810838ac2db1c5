using System.Globalization;

namespace TorchPractice.GradientCheck;

/// <summary>
/// Says what a wrong gradient's mistake looks like (<see cref="Diagnosis"/>): for one tensor's checked entries g
/// (hand-written or analytic) and g̃ (numeric or autograd), it tries, in this order, a flipped sign or a constant
/// ratio g = c·g̃, a missing gradient, g − g̃ = k·θ (an L2 term), a transposed matrix, and a difference confined to
/// special entries, rows, columns or a few entries; a pattern is reported when it leaves at most
/// <see cref="Explained"/> of ‖g − g̃‖ unexplained (the numeric gradient's rounding is far below that); otherwise
/// "no simple pattern" with the worst entries.
/// </summary>
public static class GradientDiagnoser
{
    /// <summary>A pattern explains a difference when ‖g − pattern‖ ≤ this × ‖g − g̃‖.</summary>
    public const double Explained = 0.02;

    /// <summary>A tensor whose own difference ‖g − g̃‖ / (‖g‖ + ‖g̃‖) is at most this differs by rounding, not by a mistake.</summary>
    public const double RoundingLevel = 1e-5;

    /// <summary>Two numbers match a cause (c = m, c = keep_prob, k = −λ/m, …) within this relative tolerance.</summary>
    public const double CauseTolerance = 1e-3;

    const int MaxListed = 20;
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Diagnoses one tensor: <paramref name="g"/>, <paramref name="reference"/> (and <paramref name="theta"/>, the
    /// parameter's values, when it is a parameter) at the entries <paramref name="index"/> (row-major flat indices into a
    /// tensor of <paramref name="shape"/>, in increasing order; entries left out — kinks, a subset — are simply not
    /// there). Null when the two agree exactly or nothing was compared.
    /// </summary>
    /// <param name="tensor">The tensor's name, used in the message.</param>
    /// <param name="shape">The tensor's shape (rows = all but the last dimension, columns = the last; a vector is a column).</param>
    /// <param name="index">The compared entries' flat indices.</param>
    /// <param name="g">The checked gradient at those entries.</param>
    /// <param name="reference">The reference gradient at those entries.</param>
    /// <param name="theta">The parameter's values at those entries, or null (e.g. a Jacobian block).</param>
    /// <param name="referenceName">"numeric" or "autograd", for the message.</param>
    /// <param name="analyticName">What g is ("hand-written", "scratch", "analytic", "autograd"): "autograd" is named in the message.</param>
    /// <param name="context">Sample count, keep_prob, λ and special-entry masks, to name causes; optional.</param>
    public static Diagnosis? Diagnose(string tensor, IReadOnlyList<long> shape, IReadOnlyList<int> index, IReadOnlyList<double> g,
        IReadOnlyList<double> reference, IReadOnlyList<double>? theta = null, string referenceName = "numeric", DiagnosisContext? context = null,
        string analyticName = "hand-written")
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(reference);
        int n = index.Count;
        if (g.Count != n || reference.Count != n || (theta is not null && theta.Count != n))
            throw new ArgumentException("index, g, reference (and theta) must have one value per compared entry");
        if (n == 0) return null;
        long cols = shape.Count > 1 ? shape[^1] : 1;
        long size = shape.Aggregate(1L, (a, b) => a * b);
        long totalRows = cols == 0 ? 0 : size / cols;
        int Row(int k) => (int)(index[k] / cols);
        int Col(int k) => (int)(index[k] % cols);
        string At(int k) => cols == 1 && shape.Count <= 1 ? $"[{index[k]}]" : shape.Count == 2 && cols == 1 ? $"[{Row(k)}]" : $"[{Row(k)}, {Col(k)}]";
        var d = new double[n];
        for (int k = 0; k < n; k++) d[k] = g[k] - reference[k];
        Diagnosis Make(DiagnosisKind kind, string message) => new(tensor, kind, message) { Checked = n, Reference = referenceName };
        string Whose = analyticName == "autograd" ? $"{tensor}'s autograd gradient" : $"{tensor}'s gradient";

        var notFinite = Enumerable.Range(0, n).Where(k => !double.IsFinite(g[k]) || !double.IsFinite(reference[k])).ToArray();
        if (notFinite.Length > 0)
            return Make(DiagnosisKind.NotFinite,
                $"{Whose} or the {referenceName} one is NaN or infinite at {Count(notFinite.Length, n)}: {string.Join(", ", notFinite.Take(5).Select(At))}")
                with { Entries = notFinite.Take(MaxListed).Select(k => index[k]).ToArray(), DifferingCount = notFinite.Length };

        double dd = Dot(d, d), gg = Dot(g, g), rr = Dot(reference, reference);
        if (dd == 0) return null;
        double dNorm = Math.Sqrt(dd);
        double? ratio = rr > 0 ? Dot(g, reference) / rr : null;
        double RatioResidual(double c) => Math.Sqrt(Enumerable.Range(0, n).Sum(k => Sq(g[k] - c * reference[k]))) / dNorm;

        if (gg == 0)
            return Make(DiagnosisKind.Missing,
                $"{Whose} is zero at every entry where the {referenceName} one is not (norm {G(Math.Sqrt(rr))}): the gradient is missing (never computed, or not written back)")
                with { Ratio = 0, Cause = "the gradient is missing", DifferingCount = Enumerable.Range(0, n).Count(k => d[k] != 0) };
        if (rr == 0)
            return Make(DiagnosisKind.Spurious,
                $"{Whose} is nonzero (norm {G(Math.Sqrt(gg))}) where the {referenceName} one is zero at every entry: {tensor} does not change the cost")
                with { Residual = 1, DifferingCount = Enumerable.Range(0, n).Count(k => d[k] != 0) };

        double c = ratio!.Value;
        double ratioResidual = RatioResidual(c);
        double relative = dNorm / (Math.Sqrt(gg) + Math.Sqrt(rr));
        if (relative <= RoundingLevel)
            return Make(DiagnosisKind.Rounding,
                $"{Whose} differs from the {referenceName} one by only {relative.ToString("0.0e+0", Inv)} (relative): " +
                (referenceName == "numeric" ? "likely the numeric gradient's rounding, not a mistake (check with another ε)" : "rounding, not a mistake"))
                with { Ratio = c, Residual = ratioResidual, DifferingCount = n };
        if (ratioResidual <= Explained)
        {
            if (Near(c, -1))
                return Make(DiagnosisKind.SignFlipped, $"{Whose} is {X(c)} the {referenceName} one: the sign is flipped")
                    with { Ratio = c, Residual = ratioResidual, Cause = "the sign is flipped", DifferingCount = n };
            var cause = RatioCause(c, context);
            return Make(DiagnosisKind.ConstantRatio, $"{Whose} is {X(c)} the {referenceName} one" + (cause is null ? "" : $" — {cause}"))
                with { Ratio = c, Residual = ratioResidual, Cause = cause, DifferingCount = n };
        }

        if (theta is not null)
        {
            double tt = Dot(theta, theta);
            if (tt > 0)
            {
                double kf = Dot(d, theta) / tt;
                double residual = Math.Sqrt(Enumerable.Range(0, n).Sum(k => Sq(d[k] - kf * theta[k]))) / dNorm;
                if (residual <= Explained)
                {
                    var (term, cause) = L2Cause(kf, tensor, context);
                    return Make(DiagnosisKind.ProportionalToParameter,
                        $"{Whose} differs from the {referenceName} one by {term} (k = {G(kf)}): {cause}")
                        with { Ratio = c, Factor = kf, Residual = residual, Cause = cause, DifferingCount = n };
                }
            }
        }

        if (shape.Count == 2 && shape[0] == shape[1] && shape[0] > 1 && n == size)
        {
            // Every entry is there, in order: g[i, j] against g̃[j, i].
            double residual = Math.Sqrt(Enumerable.Range(0, n).Sum(k => Sq(g[k] - reference[(int)(Col(k) * cols + Row(k))]))) / dNorm;
            if (residual <= Explained)
                return Make(DiagnosisKind.Transposed, $"{Whose} is the transpose of the {referenceName} one ({tensor}ᵀ's gradient where {tensor}'s belongs)")
                    with { Ratio = c, Residual = residual, Cause = "the matrix is transposed", DifferingCount = n };
        }

        // Where the difference sits: the fewest entries holding all but Explained² of ‖g − g̃‖².
        var order = Enumerable.Range(0, n).OrderByDescending(k => Math.Abs(d[k])).ThenBy(k => k).ToArray();
        double left = dd, limit = Explained * Explained * dd;
        var differing = new List<int>();
        foreach (int k in order)
        {
            if (left <= limit) break;
            differing.Add(k);
            left -= d[k] * d[k];
        }
        // Also every entry that is clearly wrong on its own (relative error above 1e-4, and not a rounding-sized difference
        // of a tiny entry), however small next to the largest: "only in rows …" must not leave out a row that is 6% off.
        double largest = Enumerable.Range(0, n).Max(k => Math.Abs(g[k]) + Math.Abs(reference[k]));
        var inSet = differing.ToHashSet();
        for (int k = 0; k < n; k++)
            if (!inSet.Contains(k) && Math.Abs(d[k]) > 1e-4 * (Math.Abs(g[k]) + Math.Abs(reference[k])) && Math.Abs(d[k]) > 1e-7 * largest)
            {
                differing.Add(k);
                left -= d[k] * d[k];
            }
        differing.Sort();
        var entries = differing.Select(k => index[k]).ToArray();
        var rows = differing.Select(Row).Distinct().Order().ToArray();
        var columns = differing.Select(Col).Distinct().Order().ToArray();
        double located = Math.Sqrt(Math.Max(left, 0)) / dNorm;
        Diagnosis Located(DiagnosisKind kind, string message) =>
            Make(kind, message) with
            {
                Ratio = c, Residual = located, Entries = entries.Take(MaxListed).ToArray(), DifferingCount = entries.Length, Rows = rows,
                Columns = kind == DiagnosisKind.OnlyInColumns ? columns : [],
            };
        if (differing.Count < n)
        {
            if (differing.All(k => g[k] == 0))
                return Located(DiagnosisKind.Missing,
                    $"{Whose} is zero where the {referenceName} one is not, at {Count(differing.Count, n)} ({List(differing, At)}), and right elsewhere: part of the gradient is missing")
                    with { Cause = "part of the gradient is missing" };
            foreach (var mask in context?.SpecialEntries ?? [])
            {
                if (mask.Tensor != tensor || mask.Mask.Length != size) continue;
                int special = Enumerable.Range(0, n).Count(k => mask.Mask[index[k]]);
                if (special == n || !differing.All(k => mask.Mask[index[k]])) continue;
                return Located(DiagnosisKind.OnlyAtSpecialEntries,
                    $"{Whose} differs from the {referenceName} one only at {Count(differing.Count, n)}, all where {mask.Description} " +
                    $"({special} such entries; {RowsText(rows, totalRows)})") with { Cause = $"wrong where {mask.Description}" };
            }
            // A row (column) pattern: the differing entries fill at least half of the rows (columns) they touch.
            bool manyPerRow = cols > 1 && 2 * differing.Count >= rows.Length * cols, manyPerColumn = totalRows > 1 && 2 * differing.Count >= columns.Length * totalRows;
            if (rows.Length < totalRows && (cols == 1 || manyPerRow))
                return Located(DiagnosisKind.OnlyInRows,
                    $"{Whose} differs from the {referenceName} one only in {RowsText(rows, totalRows)} (units; {Count(differing.Count, n)})");
            if (columns.Length < cols && manyPerColumn)
                return Located(DiagnosisKind.OnlyInColumns,
                    $"{Whose} differs from the {referenceName} one only in column{(columns.Length == 1 ? "" : "s")} {string.Join(", ", columns)} of {cols} ({Count(differing.Count, n)})");
            if (differing.Count <= Math.Max(3, n / 4))
                return Located(DiagnosisKind.OnlyAtEntries,
                    $"{Whose} differs from the {referenceName} one only at {Count(differing.Count, n)}: {List(differing, At)}");
        }

        var worst = order.Take(3).ToArray();
        return Make(DiagnosisKind.NoSimplePattern,
            $"{Whose} differs from the {referenceName} one with no simple pattern (best constant ratio {G(c)} leaves {Percent(ratioResidual)} of the difference); worst: " +
            string.Join(", ", worst.Select(k => $"{tensor}{At(k)} {G(g[k])} vs {G(reference[k])}")))
            with { Ratio = c, Residual = ratioResidual, Entries = order.Take(MaxListed).Select(k => index[k]).ToArray(), DifferingCount = n };
    }

    /// <summary>
    /// The result with a <see cref="TensorDifference.Diagnosis"/> on every wrong tensor of each comparison whose two
    /// gradients <see cref="GradCheckResult.Gradients"/> holds entry by entry (not in fast mode, whose numbers are
    /// directional derivatives — its hand-written vs autograd comparison, entry by entry, is diagnosed where it is made;
    /// not second order). Kinks and unchecked entries (NaN in the reference) are left out.
    /// </summary>
    internal static GradCheckResult Annotate(GradCheckResult r, DiagnosisContext? context)
    {
        if (r.Mode == "fast" || r.Layout is not { } layout || r.Passed && r.Comparisons.All(c => c.Tensors.All(t => t.Passed))) return r;
        var kinks = new HashSet<int>();
        foreach (var k in r.NonDifferentiable)
            if (k.Index >= 0 && layout.Segments.FirstOrDefault(s => s.Name == k.Name) is { } seg && k.Index < seg.Length) kinks.Add(seg.Offset + k.Index);
        var comparisons = r.Comparisons.Select(c =>
            !c.Name.StartsWith("second order", StringComparison.Ordinal) && r.Gradients.TryGetValue(c.Analytic, out var a) && r.Gradients.TryGetValue(c.Reference, out var b)
                && a.Length == layout.Count && b.Length == layout.Count
                ? Annotate(c, layout, a, b, c.Reference == "numeric" ? kinks : null, context) // kinks: where the numeric side cannot judge
                : c).ToArray();
        return r with { Comparisons = comparisons };
    }

    /// <summary>The comparison with a diagnosis on each wrong tensor (θ: the layout's values; zero for a Jacobian, so no L2 test).</summary>
    internal static GradientComparison Annotate(GradientComparison c, ParameterVector layout, double[] analytic, double[] reference,
        IReadOnlySet<int>? excluded, DiagnosisContext? context)
    {
        if (c.Tensors.All(t => t.Passed)) return c;
        var tensors = c.Tensors.Select(t =>
        {
            if (t.Passed || layout.Segments.FirstOrDefault(s => s.Name == t.Name) is not { } seg) return t;
            var index = new List<int>();
            var g = new List<double>();
            var r = new List<double>();
            var theta = new List<double>();
            for (int i = 0; i < seg.Length; i++)
            {
                int at = seg.Offset + i;
                if (double.IsNaN(reference[at]) || (excluded?.Contains(at) ?? false)) continue;
                index.Add(i); g.Add(analytic[at]); r.Add(reference[at]); theta.Add(layout.Values[at]);
            }
            return t with { Diagnosis = Diagnose(t.Name, seg.Shape, index, g, r, theta, c.Reference, context, c.Analytic) };
        }).ToArray();
        return c with { Tensors = tensors };
    }

    /// <summary>The cause a ratio c = g/g̃ matches, or null.</summary>
    static string? RatioCause(double c, DiagnosisContext? context)
    {
        if (context?.SampleCount is int m && m > 1)
        {
            if (Near(c, m)) return $"c = m ({m}): the 1/m is missing";
            if (Near(c, 1.0 / m)) return $"c = 1/m (m = {m}): divided by m twice";
        }
        if (context?.KeepProb is double p && p > 0 && p < 1)
        {
            if (Near(c, p)) return $"c = keep_prob ({G(p)}): multiplied by the dropout mask but not divided by keep_prob";
            if (Near(c, 1 / p)) return $"c = 1/keep_prob ({G(p)}): divided by keep_prob once too often";
        }
        if (Near(c, 2)) return "a factor 2 too many";
        if (Near(c, 0.5)) return "a factor 2 missing (or ½ too many)";
        double rounded = Math.Round(c);
        if (rounded >= 3 && Near(c, rounded))
            return context?.SampleCount is null
                ? $"an integer factor {rounded:0}: a 1/m missing (m = {rounded:0}?), or {rounded:0}/m where 1/m belongs"
                : $"an integer factor {rounded:0} (e.g. {rounded:0}/m where 1/m belongs)";
        if (rounded <= -2 && Near(c, rounded)) return $"an integer factor {rounded:0}: a factor and a flipped sign";
        return null;
    }

    /// <summary>The term g − g̃ = k·θ reads as, and its likely cause.</summary>
    static (string Term, string Cause) L2Cause(double k, string tensor, DiagnosisContext? context)
    {
        if (context is { Lambd: double lambd, SampleCount: int m } && lambd > 0 && m > 0)
        {
            double l = lambd / m;
            string where = $"λ {G(lambd)}, m {m}";
            if (Near(k, -l)) return ($"−(λ/m)·{tensor}", $"the L2 term (λ/m)·W is missing ({where})");
            if (Near(k, l)) return ($"+(λ/m)·{tensor}", $"the L2 term (λ/m)·W is added twice ({where})");
            if (Near(k, -lambd)) return ($"−λ·{tensor}", $"an L2 term λ·W missing — or λ/m where λ belongs? ({where})");
            if (Near(k, lambd - l)) return ($"(λ − λ/m)·{tensor}", $"the L2 term is λ·W where (λ/m)·W belongs ({where})");
            return ($"{G(k)}·{tensor}", $"a wrong L2 term: k is {G(k / l)}·λ/m ({where})");
        }
        return ($"{G(k)}·{tensor}", k < 0 ? "a missing or wrong L2 term (k = −λ/m?)" : "a wrong or doubled L2 term (k = λ/m?)");
    }

    static bool Near(double a, double b) => Math.Abs(a - b) <= CauseTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    static double Sq(double x) => x * x;
    static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Count; i++) s += a[i] * b[i];
        return s;
    }
    static string G(double v) => v.ToString("G4", Inv);
    static string Percent(double v) => (100 * v).ToString("0.#", Inv) + "%";

    /// <summary>c as "2.000×" (three decimals; more significant digits when |c| is below 0.01).</summary>
    static string X(double c) => (Math.Abs(c) >= 0.01 ? c.ToString("0.000", Inv) : c.ToString("G4", Inv)).Replace("-", "−", StringComparison.Ordinal) + "×";
    static string Count(int k, int n) => $"{k} of {n} entr{(n == 1 ? "y" : "ies")}";
    static string List(IReadOnlyList<int> ks, Func<int, string> at) => string.Join(", ", ks.Take(10).Select(at)) + (ks.Count > 10 ? $", … ({ks.Count - 10} more)" : "");
    static string RowsText(IReadOnlyList<int> rows, long total) =>
        $"row{(rows.Count == 1 ? "" : "s")} {string.Join(", ", rows.Take(20))}{(rows.Count > 20 ? ", …" : "")} of {total}";
}
