using TorchPractice.Models;
using TorchPractice.Models.Autograd;
using TorchPractice.Models.Scratch;
using TorchPractice.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>The heart of the project: the hand-written and the autograd model compute the same thing.</summary>
public sealed class ModelAgreementTests
{
    static (ScratchModel, AutogradModel) Pair(ModelOptions o, long seed)
    {
        using var p = InitialParameters.Create(o, TestData.Rng(seed), CPU);
        // Two mask sources seeded alike: both models drop exactly the same units.
        IMaskSource? Masks() => o.UsesDropout ? new RandomMasks(TestData.Rng(seed + 100), o.KeepProb, o.CourseDropout) : null;
        return (new ScratchModel(o, p, Masks()), new AutogradModel(o, p, Masks()));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.7, 1.0)]
    [InlineData(0.0, 0.86)]
    [InlineData(0.7, 0.86)]
    public void Gradients_agree_per_tensor_from_identical_parameters(double lambd, double keepProb)
    {
        var o = new ModelOptions { Layers = [4, 20, 3, 1], Init = Init.He, Lambd = lambd, KeepProb = keepProb };
        var (x, y) = TestData.Problem(4, 64, seed: 7);
        var (scratch, autograd) = Pair(o, seed: 3);
        using (scratch) using (autograd)
        {
            IMaskSource? Masks() => o.UsesDropout ? new RandomMasks(TestData.Rng(11), keepProb, false) : null;
            using var gs = scratch.Gradients(x, y, Masks());
            using var ga = autograd.Gradients(x, y, Masks());
            foreach (var name in gs.Names)
                Assert.True(TestData.Difference(gs[name], ga[name]) <= 1e-12, $"{name}: difference {TestData.Difference(gs[name], ga[name]):E3}");
            Assert.Equal(scratch.Cost(x, y, Masks()), autograd.Cost(x, y, Masks()), 1e-12);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, false)]
    [InlineData(0.7, 1.0, false)]
    [InlineData(0.0, 0.86, true)]
    [InlineData(0.0, 0.86, false)]
    public void Trained_side_by_side_the_cost_histories_and_predictions_agree(double lambd, double keepProb, bool courseDropout)
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun, Lambd = lambd, KeepProb = keepProb, CourseDropout = courseDropout };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        var (scratch, autograd) = Pair(o, seed: 3);
        using (scratch) using (autograd)
        {
            var t = new TrainOptions { LearningRate = 0.3, Iterations = 3000, PrintEvery = 100 };
            var hs = Trainer.Train(scratch, x, y, t).Costs;
            var ha = Trainer.Train(autograd, x, y, t).Costs;
            Assert.Equal(hs.Select(c => c.Iteration), ha.Select(c => c.Iteration));
            foreach (var (s, a) in hs.Zip(ha))
                Assert.True(Math.Abs(s.Cost - a.Cost) <= 1e-10 * Math.Abs(s.Cost), $"iteration {s.Iteration}: {s.Cost:R} vs {a.Cost:R}");
            Assert.True(hs[^1].Cost < hs[0].Cost, "training lowered the cost");
            using var ps = scratch.Predict(x);
            using var pa = autograd.Predict(x);
            Assert.True(ps.equal(pa).all().item<bool>());
        }
    }

    [Fact]
    public void Parameters_copy_in_and_out_exactly()
    {
        var o = new ModelOptions { Layers = [3, 5, 4, 1], Init = Init.Xavier };
        using var p = InitialParameters.Create(o, TestData.Rng(1), CPU);
        using var autograd = new AutogradModel(o, p);
        using var back = autograd.CopyParameters();
        foreach (var n in p.Names) Assert.True(p[n].equal(back[n]).all().item<bool>(), n);
        using var scratch = new ScratchModel(o, back);
        using var again = scratch.CopyParameters();
        foreach (var n in p.Names) Assert.True(p[n].equal(again[n]).all().item<bool>(), n);
    }

    [Fact]
    public void Prediction_never_drops_units()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], KeepProb = 0.5 };
        var (x, _) = TestData.Problem(2, 50, seed: 2);
        var (scratch, autograd) = Pair(o, seed: 3);
        using (scratch) using (autograd)
        {
            using var p1 = scratch.Probabilities(x);
            using var p2 = scratch.Probabilities(x);
            using var p3 = autograd.Probabilities(x);
            Assert.True(p1.equal(p2).all().item<bool>());
            Assert.True(TestData.Difference(p1, p3) <= 1e-15);
        }
    }
}

/// <summary>TorchSharp's own nn.Dropout draws from the global generator.</summary>
public sealed class TorchDropoutTests
{
    [Fact]
    public void Torch_dropout_is_repeatable_for_a_seed()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], KeepProb = 0.8 };
        var (x, y) = TestData.Problem(2, 100, seed: 2);
        double[] Run()
        {
            using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
            using var m = new AutogradModel(o, p, sharedMasks: null, dropoutSeed: 42);
            return Trainer.Train(m, x, y, new TrainOptions { LearningRate = 0.1, Iterations = 50, PrintEvery = 1 }).Costs.Select(c => c.Cost).ToArray();
        }
        Assert.Equal(Run(), Run());
    }
}
