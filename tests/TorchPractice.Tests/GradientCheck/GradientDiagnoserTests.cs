using TorchPractice.GradientCheck;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// The diagnosis on synthetic gradients: each pattern built by hand from a reference g̃ (and θ), so the expected kind and
/// numbers are known analytically (a ratio c, a factor k, the rows or entries changed), with a tiny noise added to g̃'s
/// copy where a real numeric gradient would have rounding.
/// </summary>
public sealed class GradientDiagnoserTests
{
    static readonly long[] Shape = [5, 4];

    /// <summary>A 5×4 reference gradient with no zero entries, and θ, from a seeded generator.</summary>
    static (int[] Index, double[] Reference, double[] Theta) Setup(int seed = 7)
    {
        var rng = new System.Random(seed);
        var reference = Enumerable.Range(0, 20).Select(_ => (rng.NextDouble() + 0.1) * (rng.Next(2) == 0 ? -1 : 1)).ToArray();
        var theta = Enumerable.Range(0, 20).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        return (Enumerable.Range(0, 20).ToArray(), reference, theta);
    }

    /// <summary>g with relative rounding noise of 1e-8 per entry, as central differences leave.</summary>
    static double[] Noisy(IEnumerable<double> g, int seed = 3)
    {
        var rng = new System.Random(seed);
        return g.Select(v => v * (1 + 1e-8 * (rng.NextDouble() - 0.5))).ToArray();
    }

    [Theory]
    [InlineData(2.0, "2.000×", "a factor 2 too many")]
    [InlineData(4.0, "4.000×", "4/m where 1/m belongs")]
    [InlineData(0.5, "0.500×", "a factor 2 missing")]
    public void A_constant_ratio_is_named_with_its_value(double c, string shown, string cause)
    {
        var (index, reference, theta) = Setup();
        var d = GradientDiagnoser.Diagnose("W2", Shape, index, Noisy(reference.Select(v => c * v)), reference, theta)!;
        Assert.Equal(DiagnosisKind.ConstantRatio, d.Kind);
        Assert.Equal(c, d.Ratio!.Value, 1e-6);
        Assert.StartsWith($"W2's gradient is {shown} the numeric one", d.Message);
        Assert.Contains(cause, d.Message);
    }

    [Fact]
    public void Ratios_equal_to_m_or_keep_prob_name_the_missing_1_over_m_or_keep_prob()
    {
        var (index, reference, theta) = Setup();
        var context = new DiagnosisContext { SampleCount = 50, KeepProb = 0.8 };
        var m = GradientDiagnoser.Diagnose("w", Shape, index, Noisy(reference.Select(v => 50 * v)), reference, theta, context: context)!;
        Assert.Equal(DiagnosisKind.ConstantRatio, m.Kind);
        Assert.StartsWith("c = m (50)", m.Cause);
        Assert.Contains("1/m is missing", m.Cause);
        Assert.Contains("50.000×", m.Message);
        var keep = GradientDiagnoser.Diagnose("W1", Shape, index, Noisy(reference.Select(v => 0.8 * v)), reference, theta, context: context)!;
        Assert.Contains("0.800×", keep.Message);
        Assert.StartsWith("c = keep_prob (0.8)", keep.Cause);
        var inverse = GradientDiagnoser.Diagnose("W1", Shape, index, Noisy(reference.Select(v => v / 0.8)), reference, theta, context: context)!;
        Assert.Contains("1.250×", inverse.Message);
        Assert.StartsWith("c = 1/keep_prob", inverse.Cause);
        // Without a sample count, an integer ratio still points at a missing 1/m, as a question.
        var guess = GradientDiagnoser.Diagnose("w", Shape, index, Noisy(reference.Select(v => 50 * v)), reference, theta)!;
        Assert.Contains("a 1/m missing (m = 50?)", guess.Message);
    }

    [Fact]
    public void A_flipped_sign_a_missing_gradient_and_a_spurious_one()
    {
        var (index, reference, theta) = Setup();
        var flipped = GradientDiagnoser.Diagnose("b1", Shape, index, Noisy(reference.Select(v => -v)), reference, theta)!;
        Assert.Equal(DiagnosisKind.SignFlipped, flipped.Kind);
        Assert.Contains("−1.000×", flipped.Message);
        var missing = GradientDiagnoser.Diagnose("b1", Shape, index, new double[20], reference, theta)!;
        Assert.Equal(DiagnosisKind.Missing, missing.Kind);
        Assert.Equal(0, missing.Ratio);
        var spurious = GradientDiagnoser.Diagnose("b1", Shape, index, reference, new double[20], theta)!;
        Assert.Equal(DiagnosisKind.Spurious, spurious.Kind);
    }

    [Fact]
    public void Zero_at_some_entries_only_is_part_of_the_gradient_missing()
    {
        var (index, reference, theta) = Setup();
        var g = Noisy(reference);
        g[5] = 0; g[6] = 0;
        var d = GradientDiagnoser.Diagnose("W1", Shape, index, g, reference, theta)!;
        Assert.Equal(DiagnosisKind.Missing, d.Kind);
        Assert.Equal([5, 6], d.Entries);
    }

    [Fact]
    public void A_difference_proportional_to_theta_is_an_L2_term_with_k_equal_to_minus_lambda_over_m()
    {
        var (index, reference, theta) = Setup();
        double k = -0.7 / 70;
        var g = Noisy(reference.Zip(theta, (r, t) => r + k * t));
        var plain = GradientDiagnoser.Diagnose("W3", Shape, index, g, reference, theta)!;
        Assert.Equal(DiagnosisKind.ProportionalToParameter, plain.Kind);
        Assert.Equal(k, plain.Factor!.Value, 1e-9);
        Assert.Contains("a missing or wrong L2 term (k = −λ/m?)", plain.Message);
        var named = GradientDiagnoser.Diagnose("W3", Shape, index, g, reference, theta, context: new DiagnosisContext { Lambd = 0.7, SampleCount = 70 })!;
        Assert.Contains("differs from the numeric one by −(λ/m)·W3", named.Message);
        Assert.Contains("the L2 term (λ/m)·W is missing", named.Cause);
    }

    [Fact]
    public void A_transposed_square_matrix_is_named()
    {
        var rng = new System.Random(5);
        var reference = Enumerable.Range(0, 16).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var g = Enumerable.Range(0, 16).Select(i => reference[(i % 4) * 4 + i / 4]).ToArray();
        var d = GradientDiagnoser.Diagnose("W2", [4, 4], Enumerable.Range(0, 16).ToArray(), g, reference)!;
        Assert.Equal(DiagnosisKind.Transposed, d.Kind);
    }

    [Fact]
    public void Wrong_only_at_special_entries_says_where_with_the_masks_description()
    {
        var (index, reference, theta) = Setup();
        var mask = new bool[20];
        foreach (int i in new[] { 1, 6, 7, 13, 18 }) mask[i] = true;
        var g = Noisy(reference);
        foreach (int i in new[] { 1, 7, 13 }) g[i] += 0.5;                  // wrong at 3 of the 5 special entries
        var context = new DiagnosisContext { SpecialEntries = [new EntryMask("W1", mask, "the pre-activation is exactly 0")] };
        var d = GradientDiagnoser.Diagnose("W1", Shape, index, g, reference, theta, context: context)!;
        Assert.Equal(DiagnosisKind.OnlyAtSpecialEntries, d.Kind);
        Assert.Equal([1, 7, 13], d.Entries);
        Assert.StartsWith("W1's gradient differs from the numeric one only at 3 of 20 entries, all where the pre-activation is exactly 0", d.Message);
        // A mask for another tensor does not apply; then the entries are named.
        var other = GradientDiagnoser.Diagnose("W2", Shape, index, g, reference, theta, context: context)!;
        Assert.Equal(DiagnosisKind.OnlyAtEntries, other.Kind);
        Assert.Contains("[0, 1], [1, 3], [3, 1]", other.Message);
    }

    [Fact]
    public void Wrong_rows_and_wrong_columns_are_named()
    {
        var (index, reference, theta) = Setup();
        var rows = Noisy(reference);
        for (int c = 0; c < 4; c++) { rows[1 * 4 + c] *= 3; rows[3 * 4 + c] -= 1; }
        var r = GradientDiagnoser.Diagnose("W1", Shape, index, rows, reference, theta)!;
        Assert.Equal(DiagnosisKind.OnlyInRows, r.Kind);
        Assert.Equal([1, 3], r.Rows);
        Assert.Contains("only in rows 1, 3 of 5 (units", r.Message);
        var cols = Noisy(reference);
        for (int row = 0; row < 5; row++) cols[row * 4 + 2] += 0.3 * (row + 1);
        var c2 = GradientDiagnoser.Diagnose("W1", Shape, index, cols, reference, theta)!;
        Assert.Equal(DiagnosisKind.OnlyInColumns, c2.Kind);
        Assert.Equal([2], c2.Columns);
    }

    [Fact]
    public void No_simple_pattern_names_the_worst_entries_and_rounding_is_not_a_mistake()
    {
        var (index, reference, theta) = Setup();
        var rng = new System.Random(11);
        var g = reference.Select(v => v + rng.NextDouble() - 0.5).ToArray();
        var d = GradientDiagnoser.Diagnose("W1", Shape, index, g, reference, theta)!;
        Assert.Equal(DiagnosisKind.NoSimplePattern, d.Kind);
        int worst = Enumerable.Range(0, 20).MaxBy(i => Math.Abs(g[i] - reference[i]));
        Assert.Equal(worst, d.Entries[0]);
        Assert.Contains("worst: W1[", d.Message);
        var rounding = GradientDiagnoser.Diagnose("W1", Shape, index, reference.Select((v, i) => v + (i == 3 ? 1e-9 : 0)).ToArray(), reference, theta)!;
        Assert.Equal(DiagnosisKind.Rounding, rounding.Kind);
        Assert.Null(GradientDiagnoser.Diagnose("W1", Shape, index, reference, reference, theta));
    }
}
