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
    /// is wrong. NaN always fails.
    /// </summary>
    public static GradientComparison Compare(string name, string analyticName, string referenceName, ParameterVector layout,
        double[] analytic, double[] reference, IReadOnlyList<int> coords, double threshold, int worstCount,
        IReadOnlySet<int>? excluded = null, Func<int, double, double, bool>? entryPasses = null, string? criterion = null)
    {
        var ids = excluded is null || excluded.Count == 0 ? coords.ToArray() : coords.Where(i => !excluded.Contains(i)).ToArray();
        double Diff(int[] list) => Difference(list.Select(i => analytic[i]).ToArray(), list.Select(i => reference[i]).ToArray());
        static double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(d => d * d));
        bool Pass(double d) => d <= threshold; // NaN fails
        bool EntryPasses(int i) => entryPasses!(i, analytic[i], reference[i]);
        double overall = Diff(ids);
        double scale = Norm(ids.Select(i => analytic[i])) + Norm(ids.Select(i => reference[i]));
        var byTensor = ids.GroupBy(i => layout.Entries[i].Name).ToDictionary(g => g.Key, g => g.ToArray());
        var tensors = layout.Segments
            .Where(s => byTensor.ContainsKey(s.Name))
            .Select(s =>
            {
                var t = byTensor[s.Name];
                double share = scale == 0 ? 0 : Norm(t.Select(i => analytic[i] - reference[i])) / scale;
                if (double.IsNaN(overall)) share = double.NaN;
                bool passed = entryPasses is null ? Pass(share) : t.All(EntryPasses);
                return new TensorDifference(s.Name, t.Length, Diff(t), share, passed);
            })
            .ToArray();
        var worst = ids
            .Select(i =>
            {
                var e = layout.Entries[i];
                double abs = Math.Abs(analytic[i] - reference[i]), den = Math.Abs(analytic[i]) + Math.Abs(reference[i]);
                return new EntryError(e.Name, e.Index, e.Row, e.Column, analytic[i], reference[i], abs, den == 0 ? 0 : abs / den);
            })
            .OrderByDescending(e => double.IsNaN(e.AbsoluteError) ? double.PositiveInfinity : e.AbsoluteError)
            .Take(worstCount)
            .ToArray();
        bool passed = entryPasses is null ? Pass(overall) : tensors.All(t => t.Passed) && !double.IsNaN(overall);
        return new GradientComparison(name, analyticName, referenceName, ids.Length, overall, passed, tensors, worst)
        {
            Criterion = criterion ?? $"difference and each tensor's share ≤ {threshold:G3}",
        };
    }
}
