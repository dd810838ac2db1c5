using TorchPractice.Models;
using TorchPractice.Models.Autograd;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models.Autograd;

/// <summary>The autograd network for any depth L and each hidden activation.</summary>
public sealed class FeedForwardNetTests
{
    /// <summary>[n_x, h_1, …, h_{L−1}, 1] with hidden sizes 5, 4, 3, 5, 4 cut to L − 1.</summary>
    static int[] LayersFor(int depth) => [3, .. new[] { 5, 4, 3, 5, 4 }.Take(depth - 1), 1];

    public static TheoryData<int, Activation> DepthsAndActivations()
    {
        var data = new TheoryData<int, Activation>();
        for (int depth = 1; depth <= 6; depth++)
            foreach (var a in Enum.GetValues<Activation>()) data.Add(depth, a);
        return data;
    }

    [Theory]
    [MemberData(nameof(DepthsAndActivations))]
    public void Every_depth_and_activation_has_W1_to_WL_and_b1_to_bL_in_the_courses_shapes(int depth, Activation activation)
    {
        var o = new ModelOptions { Layers = LayersFor(depth), Activation = activation, Init = Init.Xavier, Lambd = 0.3, KeepProb = 0.8 };
        var (x, y) = TestData.Problem(3, 17, seed: 4);
        using var p = InitialParameters.Create(o, TestData.Rng(2), CPU);
        using var model = new AutogradModel(o, p, new RandomMasks(TestData.Rng(5), o.KeepProb, false));
        string[] names = [.. Enumerable.Range(1, depth).SelectMany(l => new[] { $"W{l}", $"b{l}" })];
        long[] Shape(string n) => n[0] == 'W' ? [o.Layers[n[1] - '0'], o.Layers[n[1] - '1']] : [o.Layers[n[1] - '0'], 1];

        using var copy = model.CopyParameters();
        using var g = model.Gradients(x, y, new RandomMasks(TestData.Rng(6), o.KeepProb, false));
        Assert.Equal(names, copy.Names);
        Assert.Equal(names, g.Names);
        foreach (var n in names)
        {
            Assert.Equal(Shape(n), copy[n].shape);
            Assert.Equal(Shape(n), g[n].shape);
            Assert.True(copy[n].equal(p[n]).all().item<bool>(), $"{n} copied in and out exactly");
            Assert.True(g[n].isfinite().all().item<bool>() && g[n].abs().sum().item<double>() > 0, $"{n} has a gradient");
        }
        using var probabilities = model.Probabilities(x);
        Assert.Equal([1L, 17], probabilities.shape);
        Assert.True((probabilities > 0).logical_and(probabilities < 1).all().item<bool>());
        Assert.True(double.IsFinite(model.TrainStep(x, y, 0.1, reportCost: true)!.Value));
    }

    /// <summary>g(z) by its definition, elementwise in C#: independent of TorchSharp's kernels.</summary>
    static double Apply(Activation a, double z) => a switch
    {
        Activation.Relu => Math.Max(z, 0),
        Activation.Tanh => Math.Tanh(z),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.LeakyRelu => z > 0 ? z : 0.01 * z,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.LeakyRelu)]
    public void The_hidden_layers_apply_the_chosen_activation_and_the_output_a_sigmoid(Activation activation)
    {
        // Two hidden layers, probabilities by the formula σ(W3·g(W2·g(W1·x + b1) + b2) + b3) in plain doubles.
        var o = new ModelOptions { Layers = [2, 4, 3, 1], Activation = activation, Init = Init.Random, InitScale = 1 };
        var (x, _) = TestData.Problem(2, 9, seed: 8);
        using var p = InitialParameters.Create(o, TestData.Rng(7), CPU);
        using var model = new AutogradModel(o, p);
        using var probabilities = model.Probabilities(x);
        double[,] M(string n) { var t = p[n]; var v = p.ToArray(n); var r = new double[t.shape[0], t.shape[1]]; Buffer.BlockCopy(v, 0, r, 0, v.Length * 8); return r; }
        var xs = x.contiguous().data<double>().ToArray();
        for (int j = 0; j < 9; j++)
        {
            double[] a = [xs[j], xs[9 + j]];
            for (int l = 1; l <= 3; l++)
            {
                var (w, b) = (M($"W{l}"), M($"b{l}"));
                var z = Enumerable.Range(0, w.GetLength(0)).Select(i => Enumerable.Range(0, a.Length).Sum(k => w[i, k] * a[k]) + b[i, 0]).ToArray();
                a = l < 3 ? z.Select(v => Apply(activation, v)).ToArray() : [1 / (1 + Math.Exp(-z[0]))];
            }
            Assert.Equal(a[0], probabilities[0, j].item<double>(), 1e-13);
        }
    }

    [Fact]
    public void Leaky_relus_slope_is_the_options()
    {
        // One hidden unit with a negative input: the output's logit is W2·(slope·z1) + b2.
        var o = new ModelOptions { Layers = [1, 1, 1], Activation = Activation.LeakyRelu };
        using var p = new ParameterSet([("W1", tensor(new[,] { { 2.0 } })), ("b1", tensor(new[,] { { 0.0 } })),
            ("W2", tensor(new[,] { { 1.0 } })), ("b2", tensor(new[,] { { 0.0 } }))]);
        using var model = new AutogradModel(o, p);
        using var x = tensor(new[,] { { -3.0 } });
        using var probability = model.Probabilities(x);
        Assert.Equal(1 / (1 + Math.Exp(-(ModelOptions.LeakyReluSlope * -6))), probability.item<double>(), 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Every_hidden_layer_is_dropped_with_its_own_mask(int zeroed)
    {
        // [3,5,4,3,5,1]: a mask of zeros at hidden layer `zeroed` cuts the input off, so W_1 … W_zeroed+1 get no gradient
        // (b_zeroed+1 still does); the layers after it still learn.
        var o = new ModelOptions { Layers = [3, 5, 4, 3, 5, 1], Activation = Activation.Tanh, Init = Init.Xavier, KeepProb = 0.5 };
        var (x, y) = TestData.Problem(3, 11, seed: 3);
        using var p = InitialParameters.Create(o, TestData.Rng(1), CPU);
        for (int l = 1; l <= 5; l++) p[$"b{l}"].add_(0.5); // nonzero biases: the layers after the zeroed one still see a signal
        var masks = o.HiddenSizes.Select((n, i) => i + 1 == zeroed ? zeros(n, 11, float64) : ones(n, 11, float64)).ToArray();
        using var model = new AutogradModel(o, p);
        using var g = model.Gradients(x, y, new FixedMasks(masks));
        for (int l = 1; l <= 5; l++)
        {
            double norm = g[$"W{l}"].norm().item<double>();
            if (l <= zeroed + 1) Assert.True(norm == 0, $"W{l}: ‖dW‖ = {norm}");
            else Assert.True(norm > 0, $"W{l}: ‖dW‖ = {norm}");
        }
        foreach (var d in masks) d.Dispose();
    }

    [Fact]
    public void Torch_dropout_is_one_nn_Dropout_per_hidden_layer_and_none_for_logistic_regression()
    {
        using var deep = new FeedForwardNet([3, 5, 4, 3, 1], Activation.Relu, 0.8, float64, CPU);
        using var logistic = new FeedForwardNet([3, 1], Activation.Relu, 0.8, float64, CPU);
        Assert.Equal(3, deep.modules().Count(m => m is TorchSharp.Modules.Dropout));
        Assert.Equal(0, logistic.modules().Count(m => m is TorchSharp.Modules.Dropout));
        Assert.Equal(["1", "2", "3", "4"], deep.Layers.Select(l => l.Name));
        Assert.Equal(8, deep.parameters().Count());
    }

    [Fact]
    public void The_L2_term_covers_every_weight_and_no_bias()
    {
        var o = new ModelOptions { Layers = [3, 5, 4, 3, 5, 1], Activation = Activation.Sigmoid, Init = Init.Random, InitScale = 1 };
        var (x, y) = TestData.Problem(3, 13, seed: 3);
        using var p = InitialParameters.Create(o, TestData.Rng(4), CPU);
        using var plain = new AutogradModel(o, p);
        using var regularized = new AutogradModel(o with { Lambd = 0.7 }, p);
        double squares = Enumerable.Range(1, 5).Sum(l => p.ToArray($"W{l}").Sum(v => v * v));
        Assert.Equal(0.7 / (2 * 13) * squares, regularized.Cost(x, y, null) - plain.Cost(x, y, null), 1e-12);
        using var g0 = plain.Gradients(x, y, null);
        using var g1 = regularized.Gradients(x, y, null);
        for (int l = 1; l <= 5; l++)
        {
            using var expected = g0[$"W{l}"] + p[$"W{l}"] * (0.7 / 13);
            Assert.True(TestData.Difference(expected, g1[$"W{l}"]) <= 1e-14, $"dW{l} gains (λ/m)·W{l}");
            Assert.True(g0[$"b{l}"].equal(g1[$"b{l}"]).all().item<bool>(), $"db{l} unchanged");
        }
    }
}
