using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>GradCheck.Cost and GradCheck.Function on users' own models and custom autograd Functions (float64, CPU).</summary>
public sealed class GradCheckTests
{
    static Tensor Randn(Generator g, params long[] shape) => randn(shape, float64, generator: g);

    // ---- Models with hand-written backward passes: the planted bug names exactly its tensor. ----

    /// <summary>Logistic regression J = mean BCE(σ(w·X + b), y); bug: db with 2/m.</summary>
    static (Func<ParameterSet, Tensor> J, Func<ParameterSet, ParameterSet> Backward, ParameterSet P) Logistic(bool bug)
    {
        var g = new Generator(11);
        var x = Randn(g, 4, 40);
        var y = (Randn(g, 1, 40) > 0).to(float64);
        var p = new ParameterSet([("w", Randn(g, 1, 4)), ("b", Randn(g, 1, 1))]);
        Tensor J(ParameterSet q) => nn.functional.binary_cross_entropy_with_logits(q["w"].mm(x) + q["b"], y);
        ParameterSet Backward(ParameterSet q)
        {
            var dz = ((q["w"].mm(x) + q["b"]).sigmoid() - y) / 40;
            return new ParameterSet([("w", dz.mm(x.t())), ("b", dz.sum(1, keepdim: true) * (bug ? 2 : 1))]);
        }
        return (J, Backward, p);
    }

    /// <summary>Two-layer tanh net, squared error; bug: dW1 misses tanh's derivative (1 − a²).</summary>
    static (Func<ParameterSet, Tensor> J, Func<ParameterSet, ParameterSet> Backward, ParameterSet P) TanhNet(bool bug)
    {
        var g = new Generator(12);
        var x = Randn(g, 3, 25);
        var y = Randn(g, 2, 25);
        var p = new ParameterSet([("W1", Randn(g, 6, 3) * 0.5), ("b1", Randn(g, 6, 1) * 0.1), ("W2", Randn(g, 2, 6) * 0.5), ("b2", Randn(g, 2, 1) * 0.1)]);
        Tensor J(ParameterSet q) => (q["W2"].mm((q["W1"].mm(x) + q["b1"]).tanh()) + q["b2"] - y).square().sum() / (2 * 25);
        ParameterSet Backward(ParameterSet q)
        {
            var a1 = (q["W1"].mm(x) + q["b1"]).tanh();                    // (6, m)
            var dz2 = (q["W2"].mm(a1) + q["b2"] - y) / 25;               // (2, m)
            var da1 = q["W2"].t().mm(dz2);
            var dz1 = da1 * (1 - a1.square());
            var dW1 = (bug ? da1 : dz1).mm(x.t());
            return new ParameterSet([("W1", dW1), ("b1", dz1.sum(1, keepdim: true)), ("W2", dz2.mm(a1.t())), ("b2", dz2.sum(1, keepdim: true))]);
        }
        return (J, Backward, p);
    }

    /// <summary>Five-layer ReLU net (4 hidden ReLU layers, linear output), squared error; bug: dW3 transposed the wrong way (scaled).</summary>
    static (Func<ParameterSet, Tensor> J, Func<ParameterSet, ParameterSet> Backward, ParameterSet P) ReluNet(bool bug)
    {
        var g = new Generator(13);
        int[] sizes = [5, 8, 7, 6, 5, 1];
        var x = Randn(g, 5, 30);
        var y = Randn(g, 1, 30);
        var p = new ParameterSet(Enumerable.Range(1, 5).SelectMany(l => new[]
        {
            ($"W{l}", Randn(g, sizes[l], sizes[l - 1]) * Math.Sqrt(2.0 / sizes[l - 1])),
            ($"b{l}", Randn(g, sizes[l], 1) * 0.1),
        }));
        (List<Tensor> A, Tensor Out) Forward(ParameterSet q)
        {
            var a = new List<Tensor> { x };
            for (int l = 1; l < 5; l++) a.Add((q[$"W{l}"].mm(a[^1]) + q[$"b{l}"]).relu());
            return (a, q["W5"].mm(a[^1]) + q["b5"]);
        }
        Tensor J(ParameterSet q) => (Forward(q).Out - y).square().mean() / 2;
        ParameterSet Backward(ParameterSet q)
        {
            var (a, o) = Forward(q);
            var dz = (o - y) / 30;
            var grads = new List<(string, Tensor)>();
            for (int l = 5; l >= 1; l--)
            {
                var dW = dz.mm(a[l - 1].t());
                if (bug && l == 3) dW = dW * 1.5;
                grads.Add(($"b{l}", dz.sum(1, keepdim: true)));
                grads.Add(($"W{l}", dW));
                if (l > 1) dz = q[$"W{l}"].t().mm(dz) * (a[l - 1] > 0).to(float64);
            }
            grads.Reverse();
            return new ParameterSet(grads);
        }
        return (J, Backward, p);
    }

    public static TheoryData<string, string[]> Models => new()
    {
        { "logistic", ["b"] },
        { "tanh", ["W1"] },
        { "relu5", ["W3"] },
    };

    static (Func<ParameterSet, Tensor> J, Func<ParameterSet, ParameterSet> Backward, ParameterSet P) Model(string name, bool bug) => name switch
    {
        "logistic" => Logistic(bug),
        "tanh" => TanhNet(bug),
        _ => ReluNet(bug),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Correct_hand_written_backward_passes_every_comparison(string model, string[] _)
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = Model(model, bug: false);
        var r = GradCheck.Cost(j, p, backward);
        Assert.True(r.Passed, r.ToString());
        Assert.Empty(r.Wrong);
        Assert.Equal(["hand-written vs numeric", "hand-written vs autograd", "autograd vs numeric"], r.Comparisons.Select(c => c.Name));
        Assert.True(r.Comparisons[1].Difference < 1e-12, r.ToString()); // hand-written vs autograd: the same math
        r.ThrowIfFailed();
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Planted_bug_fails_and_names_exactly_the_wrong_tensors_in_slow_and_fast_mode(string model, string[] wrong)
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = Model(model, bug: true);
        foreach (bool fast in new[] { false, true })
        {
            var r = GradCheck.Cost(j, p, backward, new GradCheckOptions { FastMode = fast });
            TestContext.Current.TestOutputHelper?.WriteLine(r.ToString());
            Assert.False(r.Passed, r.ToString());
            Assert.Equal(wrong, r.Wrong);
            Assert.True(r.Comparisons.Single(c => c.Name == "autograd vs numeric").Passed, r.ToString());
            Assert.Equal(fast ? "fast" : "slow", r.Mode);
            var e = Assert.Throws<GradCheckException>(r.ThrowIfFailed);
            Assert.Contains($"wrong {string.Join(", ", wrong)}", e.Message);
            if (!fast) Assert.Contains($"worst: {wrong[0]}[", e.Message);
        }
    }

    [Fact]
    public void Fast_mode_localises_a_wrong_tensor_then_the_slow_check_on_it_gives_the_worst_entries()
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = ReluNet(bug: true);
        var fast = GradCheck.Cost(j, p, backward, new GradCheckOptions { FastMode = true });
        var slow = GradCheck.Cost(j, p, backward, new GradCheckOptions { Only = fast.Wrong });
        Assert.Equal(["W3"], slow.Wrong);
        Assert.Equal(p["W3"].numel(), slow.Comparisons[0].Checked);
        Assert.All(slow.Comparisons[0].Worst, e => Assert.Equal("W3", e.Name));
    }

    [Fact]
    public void Subset_checks_that_many_coordinates_drawn_with_the_seed()
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = TanhNet(bug: false);
        var r = GradCheck.Cost(j, p, backward, new GradCheckOptions { Subset = 7, Seed = 3 });
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(7, r.Comparisons[0].Checked);
        Assert.Equal(7, r.Gradients["numeric"].Count(v => !double.IsNaN(v)));
        Assert.Contains(r.Notes, n => n.Contains("subset of 7"));
    }

    // ---- Functions: PyTorch's gradcheck. ----

    [Fact]
    public void Correct_custom_function_passes_in_slow_and_fast_mode_and_to_second_order()
    {
        using var scope = NewDisposeScope();
        var x = Randn(new Generator(1), 2, 3).requires_grad_();
        foreach (bool fast in new[] { false, true })
        {
            var r = GradCheck.Function(t => CubeFn.apply(t[0]), [x], new GradCheckOptions { FastMode = fast, GradGrad = true });
            Assert.True(r.Passed, r.ToString());
            Assert.Empty(r.Wrong);
            Assert.Contains(r.Comparisons, c => c.Name.StartsWith("second order"));
        }
    }

    [Fact]
    public void Custom_function_with_a_wrong_backward_fails_naming_its_input_in_slow_and_fast_mode()
    {
        using var scope = NewDisposeScope();
        var x = Randn(new Generator(2), 4).requires_grad_();
        foreach (bool fast in new[] { false, true })
        {
            var r = GradCheck.Function(t => WrongCubeFn.apply(t[0]), [x], new GradCheckOptions { FastMode = fast });
            Assert.False(r.Passed, r.ToString());
            Assert.Equal(["input 0"], r.Wrong);
        }
        var slow = GradCheck.Function(t => WrongCubeFn.apply(t[0]), [x]);
        // The Jacobian is diagonal: 2x² against 3x², relative error (3 − 2) / (3 + 2) on the diagonal.
        var worst = slow.Comparisons[0].Worst[0];
        Assert.Equal(worst.Row, worst.Column);
        Assert.Equal(0.2, worst.RelativeError, 1e-6);
    }

    [Fact]
    public void Two_input_function_with_one_wrong_gradient_names_that_input_only()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var a = Randn(g, 3).requires_grad_();
        var b = Randn(g, 3).requires_grad_();
        foreach (bool fast in new[] { false, true })
        {
            var r = GradCheck.Function(t => MulAddWrongBFn.apply(t[0], t[1]), [a, b], new GradCheckOptions { FastMode = fast });
            Assert.False(r.Passed, r.ToString());
            Assert.Equal(["input 1"], r.Wrong);
            Assert.Contains(r.Comparisons[0].Tensors, t => t.Name == "input 0" && t.Passed);
        }
    }

    [Fact]
    public void Several_outputs_are_checked_block_by_block()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(4);
        var x = Randn(g, 3).requires_grad_();
        var y = Randn(g, 3).requires_grad_();
        foreach (bool fast in new[] { false, true })
        {
            var r = GradCheck.Function(t => TwoOutputsFn.apply(t[0], t[1]).ToArray(), [x, y], new GradCheckOptions { FastMode = fast });
            Assert.Equal(["output 1 w.r.t. input 1"], r.Wrong);
            Assert.Equal(4, r.Comparisons[0].Tensors.Count);
        }
    }

    [Fact]
    public void Inputs_that_do_not_require_grad_are_constants()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var a = Randn(g, 3).requires_grad_();
        var b = Randn(g, 3); // constant: its (wrong) gradient is not checked
        var r = GradCheck.Function(t => MulAddWrongBFn.apply(t[0], t[1]), [a, b]);
        Assert.True(r.Passed, r.ToString());
        Assert.Equal(["input 0"], r.Comparisons[0].Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Non_deterministic_backward_fails_at_NondetTol_0_and_passes_with_a_tolerance()
    {
        using var scope = NewDisposeScope();
        var x = Randn(new Generator(6), 5).requires_grad_();
        var strict = GradCheck.Function(t => NoisyCubeFn.apply(t[0]), [x]);
        Assert.False(strict.Passed, strict.ToString());
        Assert.Equal(["input 0"], strict.Wrong);
        Assert.Contains(strict.Failures, f => f.Contains("not re-entrant"));
        var fastStrict = GradCheck.Function(t => NoisyCubeFn.apply(t[0]), [x], new GradCheckOptions { FastMode = true });
        Assert.False(fastStrict.Passed);
        var tolerant = GradCheck.Function(t => NoisyCubeFn.apply(t[0]), [x], new GradCheckOptions { NondetTol = 1e-6 });
        Assert.True(tolerant.Passed, tolerant.ToString());
    }

    [Fact]
    public void Backward_right_to_first_order_but_detached_fails_only_with_GradGrad()
    {
        using var scope = NewDisposeScope();
        var x = Randn(new Generator(7), 4).requires_grad_();
        foreach (bool fast in new[] { false, true })
        {
            var first = GradCheck.Function(t => DetachedCubeFn.apply(t[0]), [x], new GradCheckOptions { FastMode = fast });
            Assert.True(first.Passed, first.ToString());
            var second = GradCheck.Function(t => DetachedCubeFn.apply(t[0]), [x], new GradCheckOptions { FastMode = fast, GradGrad = true });
            Assert.False(second.Passed, second.ToString());
            Assert.Equal(["second order: gradient of input 0 w.r.t. input 0"], second.Wrong);
        }
    }

    [Fact]
    public void Output_that_does_not_require_grad_is_checked_to_have_a_zero_numeric_Jacobian_and_misuse_is_a_clear_error()
    {
        using var scope = NewDisposeScope();
        var x = Randn(new Generator(8), 3).requires_grad_();
        // As PyTorch: an output that does not require grad must have a zero numeric Jacobian; 2·x detached has not.
        var detached = GradCheck.Function(t => t[0].detach() * 2, [x]);
        Assert.False(detached.Passed);
        Assert.Equal(["input 0"], detached.Wrong);
        Assert.Contains(detached.Notes, n => n.Contains("output 0 (Float64) is not differentiable", StringComparison.Ordinal));
        var c = Assert.Throws<ArgumentException>(() => GradCheck.Cost(q => q["w"].detach().sum(), new ParameterSet([("w", x.detach().clone())])));
        Assert.Contains("cost does not require grad", c.Message);
        var none = Assert.Throws<ArgumentException>(() => GradCheck.Function(t => t[0] * 2, [x.detach()]));
        Assert.Contains("no input requires grad", none.Message);
        var notScalar = Assert.Throws<ArgumentException>(() => GradCheck.Cost(q => q["w"] * 2, new ParameterSet([("w", x.detach().clone())])));
        Assert.Contains("scalar", notScalar.Message);
        // Still alive, and autograd still works.
        Assert.True(GradCheck.Function(t => t[0].sin(), [x]).Passed);
    }

    [Fact]
    public void Hand_written_gradient_with_a_missing_or_misshapen_tensor_is_named()
    {
        using var scope = NewDisposeScope();
        var (j, _, p) = Logistic(false);
        var missing = Assert.Throws<ArgumentException>(() => GradCheck.Cost(j, p, q => new ParameterSet([("w", zeros(1, 4, float64))])));
        Assert.Contains("no gradient 'b'", missing.Message);
        var shape = Assert.Throws<ArgumentException>(() => GradCheck.Cost(j, p, q => new ParameterSet([("w", zeros(4, 1, float64)), ("b", zeros(1, 1, float64))])));
        Assert.Contains("'w' has shape (4, 1)", shape.Message);
    }

    [Fact]
    public void Relu_at_exactly_zero_is_non_differentiable_not_wrong()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { -1.5, 0.0, 2.0 }).requires_grad_();
        var r = GradCheck.Function(t => t[0].relu(), [x]);
        TestContext.Current.TestOutputHelper?.WriteLine(r.ToString());
        Assert.True(r.Passed, r.ToString());
        Assert.Empty(r.Wrong);
        var k = Assert.Single(r.NonDifferentiable);
        Assert.Equal(("input 0", 1, 1), (k.Name, k.Row, k.Column));
        Assert.Equal(0.0, k.Left, 1e-9);
        Assert.Equal(1.0, k.Right, 1e-9);

        // The same as a cost: J(w) = Σ relu(w), w with an exact 0; a wrong entry elsewhere is still caught.
        var p = new ParameterSet([("w", tensor(new double[] { -1.5, 0.0, 2.0 }))]);
        var cost = GradCheck.Cost(q => q["w"].relu().sum(), p, q => new ParameterSet([("w", (q["w"] > 0).to(float64))]));
        Assert.True(cost.Passed, cost.ToString());
        Assert.Equal(1, Assert.Single(cost.NonDifferentiable).Index);
        var wrong = GradCheck.Cost(q => q["w"].relu().sum(), p, q => new ParameterSet([("w", tensor(new double[] { 0, 0, 3 }))]));
        Assert.Equal(["w"], wrong.Wrong);
    }

    [Fact]
    public void Float32_inputs_are_checked_on_float64_copies_with_a_note_and_left_unchanged()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0.5f, -1.25f, 2f }).requires_grad_();
        var r = GradCheck.Function(t => t[0].exp(), [x]);
        Assert.True(r.Passed, r.ToString());
        Assert.Contains(r.Notes, n => n.Contains("float64 copy"));
        Assert.Equal(new float[] { 0.5f, -1.25f, 2f }, x.detach().data<float>().ToArray());
        Assert.Null(x.grad);
    }

    [Fact]
    public void Unused_input_gives_zero_gradients_not_an_empty_handle()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(9);
        var a = Randn(g, 3).requires_grad_();
        var unused = Randn(g, 2).requires_grad_();
        var r = GradCheck.Function(t => t[0].tanh(), [a, unused], new GradCheckOptions { GradGrad = true });
        Assert.True(r.Passed, r.ToString());
        Assert.Contains(r.Comparisons[0].Tensors, t => t.Name == "input 1" && t.Passed);
    }

    [Fact]
    public void Fast_mode_is_deterministic_for_a_seed()
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = TanhNet(bug: true);
        var a = GradCheck.Cost(j, p, backward, new GradCheckOptions { FastMode = true, Seed = 5 });
        var b = GradCheck.Cost(j, p, backward, new GradCheckOptions { FastMode = true, Seed = 5 });
        Assert.Equal(a.Gradients["numeric"], b.Gradients["numeric"]);
        Assert.Equal(a.Gradients["hand-written"], b.Gradients["hand-written"]);
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = [];
        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public void Slow_checks_report_progress_and_can_be_cancelled()
    {
        using var scope = NewDisposeScope();
        var (j, backward, p) = TanhNet(bug: false);
        var progress = new Recorder();
        Assert.True(GradCheck.Cost(j, p, backward, new GradCheckOptions { Progress = progress }).Passed);
        Assert.Equal(2 * 38, progress.Values.Count);
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => GradCheck.Cost(j, p, backward, new GradCheckOptions { Cancellation = cancelled.Token }));
        var x = Randn(new Generator(10), 3).requires_grad_();
        Assert.Throws<OperationCanceledException>(() => GradCheck.Function(t => t[0].sin(), [x], new GradCheckOptions { Cancellation = cancelled.Token }));
    }
}
