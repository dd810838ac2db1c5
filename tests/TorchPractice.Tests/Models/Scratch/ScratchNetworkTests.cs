using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models.Scratch;

/// <summary>
/// The one scratch definition (Models/Scratch/Layers.cs, ScratchNetwork) at every depth L = 1 … 6 and every hidden
/// activation: its hand-written gradients against central differences of its own cost (an analytic fact: the backward
/// pass is J's derivative), the gradient check's batched costs against the naive loop, and the batched sweep trainer
/// against one-at-a-time runs. (Scratch against autograd and NumPy: ModelAgreementTests and NumPyReferenceTests.)
/// </summary>
public sealed class ScratchNetworkTests
{
    static readonly int[] Widths = [6, 5, 4, 5, 3];

    public static TheoryData<int, Activation> DepthsAndActivations()
    {
        var data = new TheoryData<int, Activation>();
        foreach (var layers in Enumerable.Range(1, 6))
            foreach (var g in Enum.GetValues<Activation>()) data.Add(layers, g);
        return data;
    }

    /// <summary>An L-layer model with L2 and dropout (frozen masks), biases away from zero, and a seeded problem.</summary>
    static (ModelOptions O, ParameterSet P, Tensor X, Tensor Y, Tensor[]? Masks) Setup(int layerCount, Activation g, double keepProb, int m = 24)
    {
        int[] layers = [3, .. Widths.Take(layerCount - 1), 1];
        var o = new ModelOptions { Layers = layers, Activation = g, Init = Init.Xavier, Lambd = 0.3, KeepProb = keepProb };
        var rng = TestData.Rng(7);
        var p = InitialParameters.Create(o, rng, CPU);
        // Random biases: zero ones would put every unit with an all-dropped input exactly on ReLU's kink.
        foreach (var b in p.Names.Where(n => n[0] == 'b'))
            using (var draw = rng.StandardNormal(p[b].shape, CPU, float64)) p[b].add_(draw.mul(0.1));
        var (x, y) = TestData.Problem(3, m, seed: 5);
        var masks = o.UsesDropout ? new RandomMasks(TestData.Rng(11), keepProb, false).NextPass(o.HiddenSizes, m, CPU, float64) : null;
        return (o, p, x, y, masks);
    }

    [Theory]
    [MemberData(nameof(DepthsAndActivations))]
    public void Hand_written_gradients_are_the_cost_s_derivative_at_every_depth_and_activation(int layerCount, Activation g)
    {
        CheckAgainstCentralDifferences(layerCount, g, keepProb: 1);
        if (layerCount > 1) CheckAgainstCentralDifferences(layerCount, g, keepProb: 0.8); // with dropout (frozen masks) on every hidden layer
    }

    static void CheckAgainstCentralDifferences(int layerCount, Activation g, double keepProb)
    {
        using var scope = NewDisposeScope();
        var (o, p, x, y, masks) = Setup(layerCount, g, keepProb);
        using var _ = p;
        using var model = new ScratchModel(o, p, masks is null ? null : new FixedMasks(masks));
        using var analytic = model.Gradients(x, y, masks is null ? null : new FixedMasks(masks));
        Assert.Equal(ParameterSet.NamesFor(layerCount), analytic.Names);

        var layout = ParameterVector.From(p);
        var all = Enumerable.Range(0, layout.Count).ToArray();
        // ε = 1e-5 where J is smooth (its error ~1e-16·J/ε matters where gradients have vanished, in deep sigmoid nets);
        // 1e-6 for relu and leaky_relu, so that no unit's input lies within ε of the kink at 0.
        double epsilon = g is Activation.Relu or Activation.LeakyRelu ? 1e-6 : 1e-5;
        var numeric = GradCheck.Model(o, p, x, y, masks, null, new GradCheckOptions { Epsilon = epsilon }, batched: false).Gradients["numeric"];
        var flat = layout.Flatten(analytic);
        foreach (var segment in layout.Segments)
        {
            var a = flat.AsSpan(segment.Offset, segment.Length);
            var n = numeric.AsSpan(segment.Offset, segment.Length);
            double d = GradientComparer.Difference(a, n);
            // Central differences are exact to O(ε²) plus rounding: a correct gradient lands near 1e-9, a wrong one
            // (a missing factor, a wrong derivative) at 1e-2 or more.
            Assert.True(d < 1e-7, $"L = {layerCount}, {g}, keep_prob {keepProb}: {segment.Name} differs from central differences by {d:G3}");
            Assert.True(a.ToArray().Any(v => v != 0), $"L = {layerCount}, {g}, keep_prob {keepProb}: {segment.Name}'s gradient is all zeros");
        }
    }

    [Theory]
    [InlineData(1, Activation.Relu)]
    [InlineData(4, Activation.Tanh)]
    [InlineData(5, Activation.LeakyRelu)]
    [InlineData(3, Activation.Sigmoid)]
    public void The_gradient_check_s_batched_costs_equal_the_model_s_own_bit_for_bit(int layerCount, Activation g)
    {
        using var scope = NewDisposeScope();
        var (o, p, x, y, masks) = Setup(layerCount, g, keepProb: 0.8);
        using var _ = p;
        var naive = GradCheck.Model(o, p, x, y, masks, null, new GradCheckOptions(), batched: false).Gradients["numeric"];
        var batched = ModelCheck.Run(o, p, x, y, masks, null, new GradCheckOptions(), batched: true, chunkElementBudget: 5_000).Gradients["numeric"];
        Assert.Equal(naive.Select(BitConverter.DoubleToInt64Bits), batched.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(1, Activation.Relu)]
    [InlineData(5, Activation.Tanh)]
    [InlineData(4, Activation.Sigmoid)]
    [InlineData(3, Activation.LeakyRelu)]
    public void A_batched_sweep_equals_the_runs_one_at_a_time_at_any_depth(int layerCount, Activation g)
    {
        int[] layers = [3, .. Widths.Take(layerCount - 1), 1];
        var o = new ModelOptions { Layers = layers, Activation = g, Init = Init.Xavier };
        var (x, y) = TestData.Problem(3, 50, seed: 2);
        var train = new TrainOptions { LearningRate = 0.05, Iterations = 200, PrintEvery = 50 }; // small α: a deep net at α = 0.3 can be chaotic, so last-bit differences grow
        SweepConfig[] configs = [new(0, 1), new(0.4, 0.8), new(0.1, 0.6)];
        var batched = Trainer.Sweep(o, configs, "numpy", 3, x, y, train, groups: 1);
        try
        {
            foreach (var (run, config) in batched.Zip(configs))
            {
                using var model = ModelFactory.Create(Implementation.Scratch, o with { Lambd = config.Lambd, KeepProb = config.KeepProb }, "numpy", 3, CPU);
                var reference = Trainer.Train(model, x, y, train).Costs;
                Assert.Equal(reference.Count, run.Costs.Count);
                // Not bit for bit: libtorch's elementwise vector loops and their scalar tails (exp in σ) may round a last bit differently, and where an element falls depends on K.
                foreach (var (s, b) in reference.Zip(run.Costs))
                    Assert.True(Math.Abs(s.Cost - b.Cost) <= 1e-10 * Math.Abs(s.Cost), $"{config}, iteration {s.Iteration}: {s.Cost:R} vs {b.Cost:R}");
                using var q = model.CopyParameters();
                foreach (var name in q.Names) Assert.True(TestData.Difference(q[name], run.Parameters![name]) <= 1e-10, $"{config} {name}");
            }
            Assert.NotEqual(batched[0].Costs[^1].Cost, batched[1].Costs[^1].Cost); // the configurations really differ
        }
        finally
        {
            foreach (var run in batched) run.Parameters?.Dispose();
        }
    }

    [Fact]
    public void Hidden_activations_are_one_per_hidden_layer_and_in_the_activation_s_range()
    {
        using var scope = NewDisposeScope();
        var (o, p, x, _, _) = Setup(4, Activation.Tanh, keepProb: 1);
        using var _p = p;
        using var model = new ScratchModel(o, p);
        var a = model.HiddenActivations(x);
        Assert.Equal(o.HiddenSizes, a.Select(t => t.shape[0]));
        Assert.All(a, t => Assert.True(t.abs().max().item<double>() < 1.0));
        using var lr = new ScratchModel(o with { Layers = [3, 1] }, InitialParameters.Create(o with { Layers = [3, 1] }, TestData.Rng(1), CPU));
        Assert.Empty(lr.HiddenActivations(x));
    }
}
