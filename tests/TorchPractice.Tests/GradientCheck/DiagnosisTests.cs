using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// The diagnosis end to end: the course's planted bugs through the built-in check (analytic expectations: the bug
/// multiplies dW2 by 2, db1 by 4, dW1 and db1 by keep_prob; leaves out (λ/m)·W), and a user's hand-written logistic
/// regression with the 1/m missing through <see cref="GradCheck.Cost"/> (its gradient is m× the true one).
/// </summary>
public sealed class DiagnosisTests
{
    static Diagnosis Of(GradCheckResult r, string tensor) =>
        r.Diagnoses.SingleOrDefault(d => d.Tensor == tensor) ?? throw new Xunit.Sdk.XunitException($"{tensor} has no diagnosis");

    static GradCheckResult Check(PlantedBug? bug, double lambd = 0, double keepProb = 1)
    {
        var o = CourseCase.Options with { Lambd = lambd, KeepProb = keepProb, CourseCost = lambd == 0 && keepProb == 1 };
        var (x, y, p, masks) = BuiltInCase.Create("course", o, 1, CPU);
        bug?.Stage(x, p);
        using (p) return GradCheck.Model(o, p, x, y, masks, bug);
    }

    [Fact]
    public void Course_bug_reads_W2_2x_and_b1_4x()
    {
        var r = Check(PlantedBugs.Course);
        Assert.Equal(DiagnosisKind.ConstantRatio, Of(r, "W2").Kind);
        Assert.Equal(2.0, Of(r, "W2").Ratio!.Value, 1e-5);
        Assert.StartsWith("W2's gradient is 2.000× the numeric one", Of(r, "W2").Message);
        Assert.Equal(4.0, Of(r, "b1").Ratio!.Value, 1e-5);
        Assert.StartsWith("b1's gradient is 4.000× the numeric one", Of(r, "b1").Message);
        Assert.Equal(["b1", "W2"], r.Diagnoses.Select(d => d.Tensor));
        Assert.Null(r.Comparison("scratch", "numeric")!.Tensors.Single(t => t.Name == "W1").Diagnosis); // right tensors get none
    }

    [Fact]
    public void A_logistic_regression_without_the_1_over_m_reads_m_times_in_the_built_in_check()
    {
        // The planted one-over-m bug on logistic regression (the fraud case's first 256 samples, 24 features): g = m·g̃.
        var o = new ModelOptions { Layers = [24, 1], Init = Init.He };
        var (x, y, p, _) = BuiltInCase.Create("fraud", o, 1, CPU);
        using (p)
        {
            var r = GradCheck.Model(o, p, x, y, null, PlantedBugs.OneOverMMissing);
            Assert.Equal(["W1", "b1"], r.Wrong);
            foreach (var t in new[] { "W1", "b1" })
            {
                Assert.Equal(DiagnosisKind.ConstantRatio, Of(r, t).Kind);
                Assert.Equal(256.0, Of(r, t).Ratio!.Value, 1e-3);
                Assert.Contains("c = m (256)", Of(r, t).Message);
            }
        }
    }

    [Fact]
    public void Relu_at_zero_reads_only_where_Z1_is_exactly_0()
    {
        // The course case staged with unit 0 of layer 1 zeroed: Z1[0, :] = 0, where 1[Z1 ≥ 0] = 1 but ReLU' = 0.
        var r = Check(PlantedBugs.ReluAtZero);
        Assert.Equal(["W1", "b1"], r.Diagnoses.Select(d => d.Tensor));
        foreach (var d in r.Diagnoses)
        {
            Assert.Equal(DiagnosisKind.OnlyAtSpecialEntries, d.Kind);
            Assert.Contains("the unit's pre-activation Z1 is exactly 0", d.Message);
        }
    }

    [Fact]
    public void Dropout_not_rescaled_reads_keep_prob_times()
    {
        // The bug multiplies dA1 by D1 but does not divide by keep_prob: g = keep_prob · g̃, so c = 0.86 (not 1/0.86).
        var r = Check(PlantedBugs.DropoutRescale, keepProb: 0.86);
        foreach (var t in new[] { "W1", "b1" })
        {
            var d = Of(r, t);
            Assert.Equal(DiagnosisKind.ConstantRatio, d.Kind);
            Assert.Equal(0.86, d.Ratio!.Value, 1e-5);
            Assert.StartsWith($"{t}'s gradient is 0.860× the numeric one — c = keep_prob (0.86)", d.Message);
        }
    }

    [Fact]
    public void L2_left_out_reads_differs_by_lambda_over_m_times_W()
    {
        var r = Check(PlantedBugs.L2Forgotten, lambd: 0.7);
        foreach (var t in new[] { "W1", "W2", "W3" })
        {
            var d = Of(r, t);
            Assert.Equal(DiagnosisKind.ProportionalToParameter, d.Kind);
            Assert.Equal(-0.7 / 3, d.Factor!.Value, 1e-6);     // m = 3 samples
            Assert.Contains($"differs from the numeric one by −(λ/m)·{t}", d.Message);
            Assert.Contains("the L2 term (λ/m)·W is missing", d.Message);
        }
    }

    [Fact]
    public void A_correct_backward_has_no_diagnosis()
    {
        var r = Check(null);
        Assert.True(r.Passed);
        Assert.Empty(r.Diagnoses);
    }

    /// <summary>Logistic regression as in README's example, the hand-written backward without the 1/m.</summary>
    static GradCheckResult LogisticRegressionWithoutOneOverM(DiagnosisContext? context)
    {
        var g = new Generator(1);
        var x = randn([3, 50], float64, generator: g);
        var y = (randn([1, 50], float64, generator: g) > 0).to(float64);
        using var p = new ParameterSet([("w", randn([1, 3], float64, generator: g)), ("b", zeros(1, 1, float64))]);
        Tensor Cost(ParameterSet q) => nn.functional.binary_cross_entropy_with_logits(q["w"].mm(x) + q["b"], y);
        ParameterSet Backward(ParameterSet q)
        {
            var dz = (q["w"].mm(x) + q["b"]).sigmoid() - y;                   // the bug: no / m
            return new ParameterSet([("w", dz.mm(x.t())), ("b", dz.sum(1, keepdim: true))]);
        }
        return GradCheck.Cost(Cost, p, Backward, new GradCheckOptions { Diagnosis = context });
    }

    [Fact]
    public void Users_logistic_regression_without_1_over_m_reads_m_times_with_the_cause()
    {
        var named = LogisticRegressionWithoutOneOverM(new DiagnosisContext { SampleCount = 50 });
        Assert.False(named.Passed);
        Assert.Equal(["w", "b"], named.Diagnoses.Select(d => d.Tensor));
        foreach (var d in named.Diagnoses)
        {
            Assert.Equal(DiagnosisKind.ConstantRatio, d.Kind);
            Assert.Equal(50, d.Ratio!.Value, 1e-4);
            Assert.StartsWith($"{d.Tensor}'s gradient is 50.000× the numeric one", d.Message);
            Assert.Contains("c = m (50)", d.Message);
            Assert.Contains("1/m is missing", d.Message);
        }
        Assert.Contains("diagnosis: w's gradient is 50.000× the numeric one", named.ToString());
        // Without m, the integer ratio still points at it.
        var guessed = LogisticRegressionWithoutOneOverM(null);
        Assert.All(guessed.Diagnoses, d => Assert.Contains("50.000× the numeric one — an integer factor 50: a 1/m missing (m = 50?)", d.Message));
    }

    [Fact]
    public void Fast_mode_diagnoses_the_hand_written_gradient_against_autograd_entry_by_entry()
    {
        var g = new Generator(1);
        var x = randn([3, 50], float64, generator: g);
        var y = (randn([1, 50], float64, generator: g) > 0).to(float64);
        using var p = new ParameterSet([("w", randn([1, 3], float64, generator: g)), ("b", zeros(1, 1, float64))]);
        Tensor Cost(ParameterSet q) => nn.functional.binary_cross_entropy_with_logits(q["w"].mm(x) + q["b"], y);
        ParameterSet Backward(ParameterSet q)
        {
            var dz = ((q["w"].mm(x) + q["b"]).sigmoid() - y) / 50;
            return new ParameterSet([("w", dz.mm(x.t()).neg()), ("b", dz.sum(1, keepdim: true))]);   // the bug: w's sign
        }
        var r = GradCheck.Cost(Cost, p, Backward, new GradCheckOptions { FastMode = true });
        var d = Assert.Single(r.Diagnoses);
        Assert.Equal(DiagnosisKind.SignFlipped, d.Kind);
        Assert.Equal("autograd", d.Reference);
        Assert.StartsWith("w's gradient is −1.000× the autograd one", d.Message);
        Assert.Contains("sign is flipped", d.Message);
    }

    [Fact]
    public void Function_check_diagnoses_a_jacobian_block()
    {
        // README's Cube: f(x) = x³ with a backward of 2x², so the Jacobian (diagonal) is 2/3 of the numeric one.
        var d = Assert.Single(CheckYourOwnBackprop.CustomFunction().Diagnoses);
        Assert.Equal("input 0", d.Tensor);
        Assert.Equal(DiagnosisKind.ConstantRatio, d.Kind);
        Assert.Equal(2.0 / 3, d.Ratio!.Value, 1e-5);
        Assert.Equal("input 0's gradient is 0.667× the numeric one", d.Message);
    }

    [Fact]
    public void Cost_special_entries_mask_names_where_the_backward_is_wrong()
    {
        // J(w) = Σ w²/2 + w is smooth; the hand-written ∂J/∂w = w + 1 is wrong (2) exactly where w = 0.
        using var p = new ParameterSet([("w", tensor(new double[] { 0.3, 0, -0.7, 1.2, 0, 0.5, -0.2, 0, 0.9 }, [3, 3], float64))]);
        Tensor Cost(ParameterSet q) => (q["w"].square() / 2 + q["w"]).sum();
        ParameterSet Backward(ParameterSet q) => new([("w", where(q["w"].eq(0), 2.0, q["w"] + 1))]);
        var mask = p.ToArray("w").Select(v => v == 0).ToArray();
        var r = GradCheck.Cost(Cost, p, Backward, new GradCheckOptions
        {
            Diagnosis = new DiagnosisContext { SpecialEntries = [new EntryMask("w", mask, "w is exactly 0")] },
        });
        var d = r.Diagnoses.Single();
        Assert.Equal(DiagnosisKind.OnlyAtSpecialEntries, d.Kind);
        Assert.Equal([1, 4, 7], d.Entries);
        Assert.StartsWith("w's gradient differs from the numeric one only at 3 of 9 entries, all where w is exactly 0", d.Message);
    }
}
