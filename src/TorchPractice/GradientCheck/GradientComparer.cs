namespace TorchPractice.GradientCheck;

/// <summary>
/// The one comparison and report path of every gradient check (the built-in model's, <see cref="GradCheck.Cost"/>,
/// <see cref="GradCheck.Function(Func{TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor[], GradCheckOptions?)"/>):
/// the course's difference ‖a − r‖₂ / (‖a‖₂ + ‖r‖₂) overall and per tensor, per-tensor verdicts, the worst entries,
/// with non-differentiable entries left out.
/// </summary>
public static class GradientComparer
{
    /// <summary>‖a − b‖₂ / (‖a‖₂ + ‖b‖₂); 0 when both are zero.</summary>
    public static double Difference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double num = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { num += (a[i] - b[i]) * (a[i] - b[i]); na += a[i] * a[i]; nb += b[i] * b[i]; }
        double den = Math.Sqrt(na) + Math.Sqrt(nb);
        return den == 0 ? 0 : Math.Sqrt(num) / den;
    }

    /// <summary>
    /// Compares two gradients over <paramref name="coords"/> minus <paramref name="excluded"/> (kinks). Verdicts: by
    /// default a tensor is wrong when its share ‖a_t − r_t‖ / (‖a‖ + ‖r‖) exceeds <paramref name="threshold"/> and the
    /// comparison fails when the overall difference does; with <paramref name="entryPasses"/> (coordinate, analytic,
    /// reference → agrees), a tensor is wrong when any of its entries disagrees, and the comparison fails when a tensor
    /// is wrong. NaN always fails. A comparison over zero entries (all excluded, or none given) is not passed: it is
    /// "not checked" (<see cref="GradientComparison.NotChecked"/>).
    /// </summary>
    public static GradientComparison Compare(string name, string analyticName, string referenceName, ParameterVector layout,
        double[] analytic, double[] reference, IReadOnlyList<int> coords, double threshold, int worstCount,
        IReadOnlySet<int>? excluded = null, Func<int, double, double, bool>? entryPasses = null, string? criterion = null)
    {
        // One pass over the entries (millions in fast mode's hand-written vs autograd): per-tensor sums and a top-k of errors.
        var segments = layout.Segments;
        var offsets = segments.Select(seg => seg.Offset).ToArray();
        int n = segments.Count;
        var diffSq = new double[n]; var aSq = new double[n]; var rSq = new double[n];
        var count = new int[n]; var entriesPass = new bool[n];
        Array.Fill(entriesPass, true);
        double totalDiff = 0, totalA = 0, totalR = 0;
        int checkedCount = 0;
        var worst = new List<(double Key, int Coordinate)>(worstCount + 1);
        foreach (int i in coords)
        {
            if (excluded is not null && excluded.Contains(i)) continue;
            int t = Array.BinarySearch(offsets, i);
            if (t < 0) t = ~t - 1;
            while (t + 1 < n && offsets[t + 1] <= i) t++; // empty segments share an offset
            double a = analytic[i], r = reference[i], d = a - r;
            diffSq[t] += d * d; aSq[t] += a * a; rSq[t] += r * r; count[t]++;
            if (entryPasses is not null && !entryPasses(i, a, r)) entriesPass[t] = false;
            checkedCount++;
            double key = double.IsNaN(d) ? double.PositiveInfinity : Math.Abs(d);
            if (worstCount > 0 && (worst.Count < worstCount || key > worst[^1].Key))
            {
                int at = worst.FindIndex(w => key > w.Key);
                worst.Insert(at < 0 ? worst.Count : at, (key, i));
                if (worst.Count > worstCount) worst.RemoveAt(worst.Count - 1);
            }
        }
        for (int t = 0; t < n; t++) { totalDiff += diffSq[t]; totalA += aSq[t]; totalR += rSq[t]; }
        static double Ratio(double diff, double a, double r) { double den = Math.Sqrt(a) + Math.Sqrt(r); return den == 0 ? (double.IsNaN(diff) ? double.NaN : 0) : Math.Sqrt(diff) / den; }
        bool Pass(double v) => v <= threshold; // NaN fails
        double overall = Ratio(totalDiff, totalA, totalR);
        double scale = Math.Sqrt(totalA) + Math.Sqrt(totalR);
        var tensors = new List<TensorDifference>();
        for (int t = 0; t < n; t++)
        {
            if (count[t] == 0) continue;
            double share = double.IsNaN(overall) ? double.NaN : scale == 0 ? 0 : Math.Sqrt(diffSq[t]) / scale;
            bool passed = entryPasses is null ? Pass(share) : entriesPass[t] && !double.IsNaN(share);
            tensors.Add(new TensorDifference(segments[t].Name, count[t], Ratio(diffSq[t], aSq[t], rSq[t]), share, passed));
        }
        var worstEntries = worst.Select(w =>
        {
            int i = w.Coordinate;
            var e = layout.Entries[i];
            double abs = Math.Abs(analytic[i] - reference[i]), den = Math.Abs(analytic[i]) + Math.Abs(reference[i]);
            return new EntryError(e.Name, e.Index, e.Row, e.Column, analytic[i], reference[i], abs, den == 0 ? 0 : abs / den);
        }).ToArray();
        // Nothing compared is no evidence: "not checked", never a pass.
        bool passedAll = checkedCount > 0 && (entryPasses is null ? Pass(overall) : tensors.All(t => t.Passed) && !double.IsNaN(overall));
        return new GradientComparison(name, analyticName, referenceName, checkedCount, overall, passedAll, tensors, worstEntries)
        {
            Criterion = criterion ?? $"difference and each tensor's share ≤ {threshold:G3}",
        };
    }
}
