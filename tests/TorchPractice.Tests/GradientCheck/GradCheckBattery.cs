using System.Text.Json;
using TorchPractice.GradientCheck;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// PyTorch's gradcheck test cases (test/test_autograd.py: single input, nondeterministic, no differentiable outputs,
/// backward multiplied by grad_output, Jacobian mismatch, outputs depending on values, mixed outputs) plus kinks,
/// float32, strides, in-place and extreme magnitudes, written as in Fixtures/gradcheck/make_battery.py (same inputs,
/// same ε 1e-6); PyTorch 1.13's verdicts are in Fixtures/gradcheck/battery.json.
/// </summary>
static class GradCheckBattery
{
    /// <param name="Name">As in the fixture.</param>
    /// <param name="Inputs">Fresh inputs (a case may change its own).</param>
    /// <param name="F">The function.</param>
    /// <param name="Options">Options beyond ε 1e-6 (set here for every case).</param>
    /// <param name="WrongBackward">The backward (or the function's differentiability) is wrong: must fail in slow and fast mode.</param>
    /// <param name="Smooth">Differentiable everywhere near the inputs: must report no kinks.</param>
    /// <param name="Ours">Where we deliberately differ from PyTorch: our verdict ("pass"/"fail", or "slow/fast" when the modes differ) and why; null: PyTorch's.</param>
    public sealed record Case(string Name, Func<Tensor[]> Inputs, Func<Tensor[], Tensor[]> F, GradCheckOptions? Options = null,
        bool WrongBackward = false, bool Smooth = false, (string Verdict, string Why)? Ours = null);

    static Tensor Seq(int n, double a = 0, double b = 1, ScalarType dtype = ScalarType.Float64) =>
        tensor(Enumerable.Range(0, n).Select(k => a + b * Math.Sin(1.3 * k + 0.7)).ToArray(), dtype: float64).to(dtype);
    static Tensor Mat(int r, int c, double a = 0, double b = 1) => Seq(r * c, a, b).reshape(r, c);
    static Tensor G(Tensor t) => t.requires_grad_(true);
    static Tensor ZeroIn(int n) { var t = Seq(n); t[2] = tensor(0.0); return t; }
    static Tensor Of(params double[] v) => tensor(v, dtype: float64);
    static Tensor[] One(Tensor t) => [t];

    /// <summary>sin of a tensor that is then changed in place: autograd's "modified by an inplace operation".</summary>
    static Tensor InplaceAfterSave(Tensor x)
    {
        var y = x * 1;
        var z = y.sin();
        y.add_(1.0);
        return z;
    }

    static readonly GradCheckOptions Float32Options = GradCheckOptions.Float32;
    const string KinksListed = "kinks are listed and left out of the verdict, where PyTorch fails on the entries at a kink";

    public static IReadOnlyList<Case> Cases { get; } =
    [
        new("sin", () => [G(Seq(5))], x => One(x[0].sin()), Smooth: true),
        new("mul_two_inputs", () => [G(Seq(4)), G(Seq(4, 1.0))], x => One(x[0] * x[1]), Smooth: true),
        new("exp_times_sum", () => [G(Seq(3)), G(Seq(4, 0.5))], x => One(x[0].exp() * x[1].sum()), Smooth: true),
        new("matmul_cancellation", () => [G(Mat(3, 4, 0.0, 0.5)), G(Mat(4, 2, 0.1, 0.7))], x => One(x[0].mm(x[1])), Smooth: true),
        new("cube_custom", () => [G(Seq(5))], x => One(CubeFn.apply(x[0])), Smooth: true),
        new("wrong_cube_custom", () => [G(Seq(5))], x => One(WrongCubeFn.apply(x[0])), WrongBackward: true),
        new("mul_add_wrong_b", () => [G(Seq(4)), G(Seq(4, 1.0))], x => One(MulAddWrongBFn.apply(x[0], x[1])), WrongBackward: true),
        new("two_outputs_wrong", () => [G(Seq(3)), G(Seq(3, 0.5))], x => TwoOutputsFn.apply(x[0], x[1]).ToArray(), WrongBackward: true),
        new("sin_wrong_sign", () => [G(Seq(5))], x => One(SinWrongSignFn.apply(x[0])), WrongBackward: true),
        new("relu_custom_at_zero", () => [G(ZeroIn(5))], x => One(ReluFn.apply(x[0])), Ours: ("pass", KinksListed)),
        new("relu_custom_times2_at_zero", () => [G(ZeroIn(5))], x => One(ReluTimes2Fn.apply(x[0])), WrongBackward: true),
        new("relu_custom_times2", () => [G(Seq(5, 0.1))], x => One(ReluTimes2Fn.apply(x[0])), WrongBackward: true),
        new("relu_builtin_at_zero", () => [G(ZeroIn(5))], x => One(x[0].relu()), Ours: ("pass", KinksListed)),
        new("leaky_relu_at_zero", () => [G(ZeroIn(5))], x => One(nn.functional.leaky_relu(x[0], 0.01)), Ours: ("pass", KinksListed)),
        new("abs_at_zero", () => [G(ZeroIn(5))], x => One(x[0].abs())),
        new("abs", () => [G(Seq(5, 0.05))], x => One(x[0].abs()), Smooth: true),
        new("clamp_at_bound", () => [G(Of(0.5, -0.5, 0.2, 0.9, -0.1))], x => One(x[0].clamp(-0.5, 0.5)), Ours: ("pass", KinksListed)),
        new("max_dim_values_and_indices", () => [G(Mat(3, 4))], x => { var (v, i) = x[0].max(1); return [v, i]; }, Smooth: true),
        new("argmax_only", () => [G(Seq(5))], x => One(x[0].argmax())),
        new("constant_output", () => [G(Seq(5))], x => One(ones(3, float64))),
        new("values_and_argmax", () => [G(Seq(5))], x => [x[0] * 2, x[0].argmax()], Smooth: true),
        new("detached_copy_output", () => [G(Seq(5))], x => One(x[0].detach() * 2), WrongBackward: true),
        new("no_outputs", () => [G(Seq(5))], x => [], Ours: ("fail", "nothing compared is \"not checked\", never a pass; PyTorch passes a function without outputs")),
        new("plus_const_backward_atol", () => [G(Seq(5))], x => One(PlusConstFn.apply(x[0])), new GradCheckOptions { Atol = 0.1 }, WrongBackward: true),
        new("nondeterministic_backward", () => [G(Seq(5))], x => One(NoisyCubeFn.apply(x[0])), WrongBackward: true),
        new("nondeterministic_backward_tol", () => [G(Seq(5))], x => One(NoisyCubeFn.apply(x[0])), new GradCheckOptions { NondetTol = 1e-6 }, Smooth: true),
        new("wrong_shape_gradient", () => [G(Seq(5))], x => One(WrongShapeFn.apply(x[0])), WrongBackward: true),
        new("wrong_gradient_count", () => [G(Seq(5))], x => One(TwoGradientsFn.apply(x[0])), WrongBackward: true),
        new("inplace_on_saved_intermediate", () => [G(Seq(5))], x => One(InplaceAfterSave(x[0])), WrongBackward: true),
        new("backward_throws", () => [G(Seq(5))], x => One(ThrowingFn.apply(x[0])), WrongBackward: true),
        new("inplace_on_constant_input", () => [G(Seq(3)), Seq(3, 1.0)], x => One(x[0][0] * x[1][1].add_(1)), WrongBackward: true),
        new("value_dependent_rounding", () => [G(Of(0.5, 0.3, 0.7, 0.1))], x => One(where(x[0] > 0.5, x[0].to(float32).to(float64), x[0])), WrongBackward: true),
        new("floor_at_integer", () => [G(Of(1.0, 0.3, 2.0))], x => One(x[0].floor()), WrongBackward: true),
        new("floor", () => [G(Of(1.5, 0.3, 2.25))], x => One(x[0].floor()), Smooth: true),
        new("sign_at_zero", () => [G(ZeroIn(5))], x => One(x[0].sign()), WrongBackward: true),
        new("float32_sin_default", () => [G(Seq(5, dtype: ScalarType.Float32))], x => One(x[0].sin()), Smooth: true,
            Ours: ("pass", "float32 inputs are checked on float64 copies by default (the result says so); PyTorch checks in float32 at ε 1e-6 and fails")),
        new("float32_sin_float32_options", () => [G(Seq(5, dtype: ScalarType.Float32))], x => One(x[0].sin()), Float32Options, Smooth: true),
        new("float32_wrong_cube_float32_options", () => [G(Seq(5, dtype: ScalarType.Float32))], x => One(WrongCubeFn.apply(x[0])), Float32Options, WrongBackward: true),
        new("transposed_input", () => [G(Mat(3, 4).t())], x => One(x[0].sin() * 2), Smooth: true),
        new("strided_input", () => [G(Seq(10)[TensorIndex.Slice(null, null, 2)])], x => One(x[0].exp()), Smooth: true),
        new("transposed_input_wrong", () => [G(Mat(3, 4).t())], x => One(WrongCubeFn.apply(x[0])), WrongBackward: true),
        new("large_values_times2_wrong", () => [G(Seq(5, 1e8, 1e7))], x => One(DoubleWrongFn.apply(x[0])), WrongBackward: true),
        new("large_values_times2", () => [G(Seq(5, 1e8, 1e7))], x => One(DoubleFn.apply(x[0])),
            Ours: ("pass/fail", "slow mode divides by the step actually taken (x ± ε rounded to float64's ulp of 1e8), where PyTorch divides by 2ε and is " +
                "0.16 % off; fast mode says \"cannot tell\" (the rounding of values ~2e8 is as large as the directional derivative)")),
        new("offset_1e9_times2_wrong", () => [G(Seq(5))], x => One(DoubleWrongFn.apply(x[0] + 1e9)), WrongBackward: true),
        new("dot_cancellation_times2_wrong", () => [G(Of(1e8, 1.0, -1e8, 0.5)), G(Of(1.0, 2.0, 1.0, 0.3))], x => One(DotTimes2Fn.apply(x[0], x[1])), WrongBackward: true, Smooth: true),
        new("tiny_values_wrong_cube", () => [G(Seq(5, 0.0, 1e-4))], x => One(WrongCubeFn.apply(x[0]))),
        new("constant_second_input", () => [G(Seq(4)), Seq(4, 2.0)], x => One(x[0] * x[1]), Smooth: true),
        new("two_outputs_right", () => [G(Seq(4))], x => [x[0].sin(), x[0].cos() * 2], Smooth: true),
        new("unused_input", () => [G(Seq(3)), G(Seq(2))], x => One(x[0].sin()), Smooth: true),
        new("prod_with_zero", () => [G(Of(0.0, 1.5, -0.5, 2.0))], x => One(x[0].prod()), Smooth: true),
        new("sort_values", () => [G(Seq(6))], x => One(x[0].sort().Values), Smooth: true),
        new("gather_integer_index", () => [G(Seq(5)), tensor(new long[] { 4, 0, 2 })], x => One(x[0].gather(0, x[1])), Smooth: true),
        new("cumsum", () => [G(Seq(5))], x => One(x[0].cumsum(0)), Smooth: true),
        new("softmax", () => [G(Seq(5))], x => One(x[0].softmax(0)), Smooth: true),
        new("norm", () => [G(Seq(5))], x => One(x[0].norm()), Smooth: true),
    ];

    /// <summary>What one run of a case gave: the verdict, the wrong names, the kinks, the failures, or the exception.</summary>
    public sealed record Outcome(string Case, string Mode, bool Passed, string[] Wrong, int Kinks, string[] Failures, string? Error);

    /// <summary>Runs one case in one mode (ε 1e-6 as the fixture); an exception is an outcome too (it must not be one).</summary>
    public static Outcome Run(Case c, bool fast)
    {
        using var scope = NewDisposeScope();
        var options = (c.Options ?? new GradCheckOptions()) with { FastMode = fast };
        if (c.Options is null || c.Options.Epsilon == new GradCheckOptions().Epsilon) options = options with { Epsilon = 1e-6 };
        string mode = fast ? "fast" : "slow";
        try
        {
            var r = GradCheck.Function(c.F, c.Inputs(), options);
            return new Outcome(c.Name, mode, r.Passed, r.Wrong.ToArray(), r.NonDifferentiable.Count, r.Failures.ToArray(), null);
        }
        catch (Exception e)
        {
            return new Outcome(c.Name, mode, false, [], 0, [], $"{e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The child process's work: every case in slow and fast mode, one JSON line each on stdout ("start" lines on stderr first).</summary>
    public static void RunAllAndPrint()
    {
        var stdout = Console.Out;
        foreach (var c in Cases)
            foreach (bool fast in new[] { false, true })
            {
                Console.Error.WriteLine($"start {c.Name} {(fast ? "fast" : "slow")}");
                Console.Error.Flush();
                stdout.WriteLine(JsonSerializer.Serialize(Run(c, fast)));
                stdout.Flush();
            }
    }
}
