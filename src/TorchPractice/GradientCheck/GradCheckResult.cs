using System.Globalization;
using System.Text;

namespace TorchPractice.GradientCheck;

/// <summary>
/// What <see cref="GradCheck"/> found: the verdict, the wrong tensors (or inputs / Jacobian blocks), the entries at kinks
/// (left out of the verdict), every comparison with its per-tensor breakdown and worst entries, and how it was made.
/// </summary>
public sealed record GradCheckResult
{
    /// <summary>
    /// Every comparison that compared something passed, at least one did, the backward pass is re-entrant, and there
    /// are no <see cref="Failures"/> (autograd that could not differentiate, a jump in value, "cannot tell", …).
    /// </summary>
    public required bool Passed { get; init; }

    /// <summary>
    /// The names of what is wrong, and nothing else: tensor names for <see cref="GradCheck.Cost"/>; for functions
    /// "input j" (one output) or "output i w.r.t. input j", prefixed "second order: " for <see cref="GradCheckOptions.GradGrad"/>.
    /// </summary>
    public required IReadOnlyList<string> Wrong { get; init; }

    /// <summary>Entries (or, in fast mode, whole directions: Index −1) at kinks: listed, left out of the verdict.</summary>
    public required IReadOnlyList<NonDifferentiableEntry> NonDifferentiable { get; init; }

    /// <summary>The comparisons made, e.g. "hand-written vs numeric", "autograd vs numeric", "analytic vs numeric".</summary>
    public required IReadOnlyList<GradientComparison> Comparisons { get; init; }

    /// <summary>
    /// Failures that are not a comparison of values, each one line: a backward pass that is not re-entrant, one that
    /// autograd could not run (libtorch's error, or a custom backward that threw), one not multiplied by grad_output,
    /// a function that changes its inputs, a jump in value (a discontinuity), or "cannot tell" (fast mode: the rounding
    /// error as large as the directional derivative).
    /// </summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>What the reader should know: float64 copies of float32 inputs (the float64 function was checked), subsets, fast mode, "not checked".</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>"slow" (every entry) or "fast" (random directions).</summary>
    public required string Mode { get; init; }

    /// <summary>How many values are checked in all (parameters, or input entries).</summary>
    public required long ParameterCount { get; init; }

    /// <summary>The options the check ran with.</summary>
    public required GradCheckOptions Options { get; init; }

    /// <summary>
    /// The gradients compared, flat in <see cref="Layout"/>'s order: "numeric", "autograd", "hand-written" for a cost
    /// (slow mode; NaN where not checked); "numeric" and "analytic" Jacobian blocks for a function; in fast mode one
    /// directional derivative per tensor or block.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> Gradients { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Names and shapes behind <see cref="Gradients"/>' flat arrays.</summary>
    public ParameterVector? Layout { get; init; }

    /// <summary>
    /// Why the comparisons say nothing about the backward pass, or null: a non-finite gradient (J overflows at these
    /// values), or a numeric gradient that is zero everywhere (θ ± ε did not change J). Not a pass, and not a mistake
    /// found in the backward pass either (<see cref="Passed"/> is false).
    /// </summary>
    public string? Inconclusive { get; init; }

    /// <summary>The comparison of <paramref name="analytic"/> against <paramref name="reference"/> (e.g. "hand-written", "numeric"), or null when none was made.</summary>
    /// <param name="analytic">The checked gradient's name, as in <see cref="GradientComparison.Analytic"/>.</param>
    /// <param name="reference">The reference's name, as in <see cref="GradientComparison.Reference"/>.</param>
    public GradientComparison? Comparison(string analytic, string reference) =>
        Comparisons.FirstOrDefault(c => c.Analytic == analytic && c.Reference == reference);

    /// <summary>
    /// A tensor's relative error |a − r| / (|a| + |r|) per entry (row-major; 0 where both are 0, NaN where not checked or
    /// at a kink) between two of <see cref="Gradients"/>, e.g. "hand-written" and "numeric" (slow mode: per entry).
    /// </summary>
    /// <param name="tensor">The tensor's name.</param>
    /// <param name="analytic">The checked gradient's key in <see cref="Gradients"/>.</param>
    /// <param name="reference">The reference's key in <see cref="Gradients"/>.</param>
    public double[] RelativeErrors(string tensor, string analytic, string reference)
    {
        if (Layout is null) throw new InvalidOperationException("the result has no gradients");
        if (!Gradients.TryGetValue(analytic, out var a) || !Gradients.TryGetValue(reference, out var r))
            throw new ArgumentException($"the result has no gradients '{analytic}' and '{reference}' (have {string.Join(", ", Gradients.Keys)})");
        var seg = Layout.Segment(tensor);
        var kinks = NonDifferentiable.Where(k => k.Name == tensor).Select(k => k.Index).ToHashSet();
        var e = new double[seg.Length];
        for (int i = 0; i < seg.Length; i++)
        {
            double x = a[seg.Offset + i], y = r[seg.Offset + i], den = Math.Abs(x) + Math.Abs(y);
            e[i] = kinks.Contains(i) || double.IsNaN(x) || double.IsNaN(y) ? double.NaN : den == 0 ? 0 : Math.Abs(x - y) / den;
        }
        return e;
    }

    /// <summary>
    /// What each wrong tensor's mistake looks like, one <see cref="Diagnosis"/> per tensor (from the first comparison that
    /// diagnosed it: hand-written vs numeric before hand-written vs autograd). Empty when the check passed; in fast mode
    /// only hand-written vs autograd (entry by entry) is diagnosed.
    /// </summary>
    public IReadOnlyList<Diagnosis> Diagnoses =>
        Comparisons.SelectMany(c => c.Tensors).Select(t => t.Diagnosis).OfType<Diagnosis>().DistinctBy(d => d.Tensor).ToArray();

    /// <summary>Throws <see cref="GradCheckException"/> (its message: this report) unless the check passed.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new GradCheckException(this);
    }

    static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The report: verdict, wrong names, each comparison's tensors and (when failing) worst entries, kinks, notes.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(Passed ? "gradient check passed" : Inconclusive is not null && Wrong.Count == 0 ? "gradient check INCONCLUSIVE" : $"gradient check FAILED: wrong {string.Join(", ", Wrong)}");
        s.Append(CultureInfo.InvariantCulture, $" ({Mode} mode, {ParameterCount} values, ε {G(Options.Epsilon)})").AppendLine();
        if (Inconclusive is { } why) s.Append("  inconclusive: ").AppendLine(why);
        foreach (var f in Failures) s.Append("  ").AppendLine(f);
        foreach (var c in Comparisons)
        {
            s.Append(CultureInfo.InvariantCulture, $"{c.Name}: difference {G(c.Difference)} over {c.Checked} entries — {(c.NotChecked ? "not checked" : c.Passed ? "pass" : "FAIL")} ({c.Criterion})").AppendLine();
            foreach (var t in c.Tensors)
            {
                s.Append(CultureInfo.InvariantCulture, $"  {t.Name}: {(t.Passed ? "ok" : "WRONG")}, difference {G(t.Difference)}, share {G(t.Share)}, {t.Checked} checked").AppendLine();
                if (t.Diagnosis is { } d) s.Append("    diagnosis: ").AppendLine(d.Message);
            }
            if (!c.Passed && !c.NotChecked)
                foreach (var e in c.Worst)
                    s.Append(CultureInfo.InvariantCulture,
                        $"    worst: {e.Name}[{e.Index}] (row {e.Row}, column {e.Column}): {c.Analytic} {G(e.Analytic)}, {c.Reference} {G(e.Reference)}, abs error {G(e.AbsoluteError)}, rel error {G(e.RelativeError)}").AppendLine();
        }
        if (NonDifferentiable.Count > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"non-differentiable (kinks, left out of the verdict): {NonDifferentiable.Count}").AppendLine();
            foreach (var k in NonDifferentiable.Take(10))
                s.Append(CultureInfo.InvariantCulture, $"  {k.Name}[{k.Index}] (row {k.Row}, column {k.Column}): left slope {G(k.Left)}, right slope {G(k.Right)}").AppendLine();
        }
        foreach (var n in Notes) s.Append("note: ").AppendLine(n);
        return s.ToString().TrimEnd();
    }
}
