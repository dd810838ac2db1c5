using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Tests.Cli;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>Issue #21's "must be fixed" items (and #27 item 5) one by one, in process (the ones that could abort run in the battery's child).</summary>
public sealed class GradCheckRobustnessTests
{
    static GradCheckBattery.Case Case(string name) => GradCheckBattery.Cases.Single(c => c.Name == name);

    [Fact]
    public void Custom_function_nodes_are_visible_to_the_probe_in_this_TorchSharp() => Assert.True(CustomBackwardProbeAccess.Available);

    [Theory]
    [InlineData("relu_custom_times2_at_zero")]
    [InlineData("large_values_times2_wrong")]
    [InlineData("offset_1e9_times2_wrong")]
    [InlineData("dot_cancellation_times2_wrong")]
    public void Fast_mode_never_passes_a_wrong_backward_that_the_slow_mode_catches(string name)
    {
        var slow = GradCheckBattery.Run(Case(name), fast: false);
        var fast = GradCheckBattery.Run(Case(name), fast: true);
        Assert.False(slow.Passed);
        Assert.False(fast.Passed, string.Join("; ", fast.Failures));
        Assert.Null(fast.Error);
    }

    [Fact]
    public void A_kink_in_fast_mode_excludes_only_the_entry_at_it()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3, -0.7, 0.0, 1.1, -0.2 }, dtype: float64).requires_grad_();
        var right = GradCheck.Function(t => ReluFn.apply(t[0]), [x], new GradCheckOptions { FastMode = true });
        Assert.True(right.Passed, right.ToString());
        var kink = Assert.Single(right.NonDifferentiable);
        Assert.Equal(2, kink.Index);
        var wrong = GradCheck.Function(t => ReluTimes2Fn.apply(t[0]), [x], new GradCheckOptions { FastMode = true });
        Assert.False(wrong.Passed, wrong.ToString());
        Assert.Equal(["input 0"], wrong.Wrong);
    }

    [Fact]
    public void A_kink_in_a_cost_in_fast_mode_excludes_only_the_entry_at_it()
    {
        using var scope = NewDisposeScope();
        using var p = new ParameterSet([("w", tensor(new[] { 0.3, -0.7, 0.0, 1.1, -0.2 }, dtype: float64))]);
        var r = GradCheck.Cost(q => q["w"].relu().sum() * 3, p, q => new ParameterSet([("w", (q["w"] > 0).to(float64) * 6)]), new GradCheckOptions { FastMode = true });
        Assert.False(r.Passed, r.ToString());
        Assert.Equal(["w"], r.Wrong);
        Assert.Equal(2, Assert.Single(r.NonDifferentiable).Index);
    }

    [Fact]
    public void A_smooth_matmul_with_cancellation_has_no_kinks()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(21);
        var a = randn([6, 40], float64, generator: g).requires_grad_();
        var b = randn([40, 5], float64, generator: g).requires_grad_();
        var r = GradCheck.Function(t => t[0].mm(t[1]), [a, b]);
        Assert.True(r.Passed, r.ToString());
        Assert.Empty(r.NonDifferentiable);
    }

    [Fact]
    public void Transposed_inputs_are_checked_in_slow_mode_by_Function_and_Cost()
    {
        using var scope = NewDisposeScope();
        var x = randn([3, 4], float64, generator: new Generator(3)).t().requires_grad_();
        Assert.True(GradCheck.Function(t => t[0].sin(), [x]).Passed);
        using var p = new ParameterSet([("W", randn([3, 4], float64, generator: new Generator(4)).t())]);
        var r = GradCheck.Cost(q => q["W"].sin().sum(), p, q => new ParameterSet([("W", q["W"].cos())]));
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void A_backward_not_multiplied_by_grad_output_fails_even_at_a_loose_atol()
    {
        var o = GradCheckBattery.Run(Case("plus_const_backward_atol"), fast: false);
        Assert.False(o.Passed);
        Assert.Contains(o.Failures, f => f.Contains("not multiplied by grad_output", StringComparison.Ordinal));
        Assert.Equal(["output 0 w.r.t. input 0"], o.Wrong);
    }

    [Fact]
    public void A_jump_in_value_is_a_failure_not_a_kink()
    {
        foreach (bool fast in new[] { false, true })
        {
            var o = GradCheckBattery.Run(Case("value_dependent_rounding"), fast);
            Assert.False(o.Passed);
            Assert.Equal(0, o.Kinks);
            var floor = GradCheckBattery.Run(Case("floor_at_integer"), fast);
            Assert.False(floor.Passed);
            Assert.Equal(0, floor.Kinks);
        }
    }

    [Fact]
    public void Outputs_that_are_not_differentiable_must_have_a_zero_numeric_Jacobian()
    {
        foreach (bool fast in new[] { false, true })
        {
            Assert.True(GradCheckBattery.Run(Case("max_dim_values_and_indices"), fast).Passed);
            Assert.True(GradCheckBattery.Run(Case("values_and_argmax"), fast).Passed);
            Assert.True(GradCheckBattery.Run(Case("constant_output"), fast).Passed);
            var detached = GradCheckBattery.Run(Case("detached_copy_output"), fast);
            Assert.False(detached.Passed);
            Assert.Equal(["output 0 w.r.t. input 0"], detached.Wrong);
        }
    }

    [Fact]
    public void A_comparison_over_zero_entries_is_not_checked_never_a_pass()
    {
        using var scope = NewDisposeScope();
        var x = zeros(1, float64).requires_grad_(); // its one Jacobian entry is at the kink
        var r = GradCheck.Function(t => t[0].relu(), [x]);
        Assert.Single(r.NonDifferentiable);
        Assert.False(r.Passed);
        Assert.Empty(r.Wrong);
        Assert.True(Assert.Single(r.Comparisons).NotChecked);
        Assert.Contains("not checked", r.ToString());
        Assert.DoesNotContain("— pass", r.ToString());
    }

    [Fact]
    public void Float32_inputs_say_a_float64_copy_was_checked_and_Float32_options_check_the_float32_function()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0.3f, -0.7f, 0.5f, 1.1f }).requires_grad_();
        var copy = GradCheck.Function(t => t[0].sin(), [x]);
        Assert.True(copy.Passed);
        Assert.Contains(copy.Notes, n => n.Contains("checked a float64 copy", StringComparison.Ordinal) && n.Contains("not in Float32", StringComparison.Ordinal));
        var itself = GradCheck.Function(t => t[0].sin(), [x], GradCheckOptions.Float32);
        Assert.True(itself.Passed, itself.ToString());
        Assert.Contains(itself.Notes, n => n.Contains("checked in Float32 itself", StringComparison.Ordinal));
        var wrong = GradCheck.Function(t => WrongCubeFn.apply(t[0]), [x], GradCheckOptions.Float32);
        Assert.False(wrong.Passed);
        // A float32 function that rounds (x + 1e-4 − 1e-4 in float32 loses digits) still has the float32 derivative 1.
        var rounding = GradCheck.Function(t => t[0].add(1e-4f).sub(1e-4f), [x], GradCheckOptions.Float32);
        Assert.True(rounding.Passed, rounding.ToString());
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-20)]
    public void An_epsilon_that_does_not_move_theta_is_refused_by_the_library_and_the_cli(double epsilon)
    {
        var o = CourseCase.Options;
        var (x, y, p, masks) = BuiltInCase.Create("course", o, 1, CPU);
        using (p)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradCheck.Model(o, p, x, y, masks, null, new GradCheckOptions { Epsilon = epsilon }));
            Assert.Equal("Epsilon", e.ParamName);
            Assert.Contains("does not move θ", e.Message);
        }
        var (code, _, stderr) = CliRun.Run("gradcheck", "--epsilon", epsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.Contains("--epsilon", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Overflowing_data_is_an_inconclusive_check_not_a_mistake_in_the_backward_pass()
    {
        var o = CourseCase.Options;
        var (x, y, p, masks) = BuiltInCase.Create("course", o, 1, CPU);
        using (p)
        {
            var r = GradCheck.Model(o, p, x * 1e307, y, masks);
            Assert.False(r.Passed);
            Assert.NotNull(r.Inconclusive);
            Assert.Contains("not finite", r.Inconclusive);
        }
    }
}
