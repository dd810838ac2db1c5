using TorchPractice.Models;
using TorchPractice.Tests.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>Trainer.Sweep gives each configuration the numbers of its own one-at-a-time scratch run.</summary>
public sealed class TrainerSweepTests
{
    static readonly TrainOptions Train = new() { LearningRate = 0.3, Iterations = 600, PrintEvery = 50 };

    static void AssertSameAsSequential(ModelOptions o, SweepConfig[] configs, Tensor x, Tensor y)
    {
        var batched = Trainer.Sweep(o, configs, "numpy", 3, x, y, Train);
        try
        {
            Assert.Equal(configs.Length, batched.Count);
            foreach (var (run, config) in batched.Zip(configs))
            {
                var single = o with { Lambd = config.Lambd, KeepProb = config.KeepProb };
                using var model = ModelFactory.Create(Implementation.Scratch, single, "numpy", 3, CPU);
                var reference = Trainer.Train(model, x, y, Train).Costs;
                Assert.Equal(reference.Select(c => c.Iteration), run.Costs.Select(c => c.Iteration));
                foreach (var (s, b) in reference.Zip(run.Costs))
                    Assert.True(Math.Abs(s.Cost - b.Cost) <= 1e-10 * Math.Abs(s.Cost),
                        $"{config}, iteration {s.Iteration}: sequential {s.Cost:R} vs batched {b.Cost:R}");
                using var p = model.CopyParameters();
                foreach (var name in p.Names)
                    Assert.True(TestData.Difference(p[name], run.Parameters![name]) <= 1e-10, $"{config} {name}");
            }
        }
        finally
        {
            foreach (var run in batched) run.Parameters?.Dispose();
        }
    }

    [Fact]
    public void A_lambda_by_keep_prob_grid_equals_the_runs_one_at_a_time()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        var grid = (from l in new[] { 0.0, 0.7 } from kp in new[] { 1.0, 0.86, 0.6 } select new SweepConfig(l, kp)).ToArray();
        AssertSameAsSequential(o, grid, x, y);
    }

    [Fact]
    public void Course_dropout_reseeding_and_a_single_configuration_match_too()
    {
        var o = new ModelOptions { Layers = [3, 6, 4, 1], Init = Init.He, CourseDropout = true };
        var (x, y) = TestData.Problem(3, 90, seed: 2);
        AssertSameAsSequential(o, [new SweepConfig(0.1, 0.8), new SweepConfig(0, 1)], x, y);
        AssertSameAsSequential(o, [new SweepConfig(0.3, 0.9)], x, y);
    }

    [Fact]
    public void A_sweep_split_over_threads_repeats_bit_for_bit()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        var grid = (from l in new[] { 0.0, 0.7 } from kp in new[] { 1.0, 0.86, 0.6 } select new SweepConfig(l, kp)).ToArray();
        var first = Trainer.Sweep(o, grid, "numpy", 3, x, y, Train, groups: 3);
        var second = Trainer.Sweep(o, grid, "numpy", 3, x, y, Train, groups: 3);
        try
        {
            foreach (var (a, b) in first.Zip(second))
            {
                Assert.Equal(a.Costs, b.Costs);
                foreach (var name in a.Parameters!.Names)
                    Assert.Equal(a.Parameters[name].data<double>().ToArray(), b.Parameters![name].data<double>().ToArray());
            }
        }
        finally
        {
            foreach (var r in first.Concat(second)) r.Parameters?.Dispose();
        }
    }

    // The other group would never finish on its own, so the sweep returns only if the error stops it. The timeout
    // turns a regression into a failure instead of a hang (it cancels the token, which also ends the endless group).
    [Fact(Timeout = 120_000)]
    public async Task An_error_in_one_group_stops_the_sweep_and_reaches_the_caller()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        var grid = new[] { new SweepConfig(0, 1), new SweepConfig(0.7, 1) };
        var endless = Train with { Iterations = int.MaxValue };
        var e = await Task.Run(() => Assert.Throws<InvalidOperationException>(() => Trainer.Sweep(o, grid, "numpy", 3, x, y, endless,
            p => { if (p.Iteration > 100) throw new InvalidOperationException("progress failed"); }, TestContext.Current.CancellationToken, groups: 2)));
        Assert.Equal("progress failed", e.Message);
        Assert.False(TestContext.Current.CancellationToken.IsCancellationRequested, "stopped by the timeout, not by the error");
    }

    // Group 0 (the one that reports progress) cancels; group 1 must see it too, or the sweep never returns.
    [Fact(Timeout = 120_000)]
    public async Task Cancelling_a_split_sweep_stops_every_group()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runs = await Task.Run(() => Trainer.Sweep(o, [new SweepConfig(0, 1), new SweepConfig(0.7, 1)], "numpy", 3, x, y,
            Train with { Iterations = int.MaxValue }, p => { if (p.Iteration > 100) cts.Cancel(); }, cts.Token, groups: 2));
        try
        {
            Assert.False(TestContext.Current.CancellationToken.IsCancellationRequested, "stopped by the timeout, not by the cancellation");
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.True(r.Cancelled && r.IterationsRun < int.MaxValue));
        }
        finally
        {
            foreach (var r in runs) r.Parameters?.Dispose();
        }
    }

    [Fact]
    public void A_configuration_that_diverges_stops_as_its_own_run_would_while_the_others_go_on()
    {
        // lr·λ/m = 0.3·5000/211 ≈ 7: each update multiplies W by about 1 − 7, so that configuration overflows.
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
        var (x, y) = TestData.Problem(2, 211, seed: 5);
        SweepConfig[] configs = [new(0, 1), new(5000, 1)];
        var runs = Trainer.Sweep(o, configs, "numpy", 3, x, y, Train, groups: 1);
        try
        {
            using var alone = ModelFactory.Create(Implementation.Scratch, o with { Lambd = 5000 }, "numpy", 3, CPU);
            var single = Trainer.Train(alone, x, y, Train);
            Assert.True(single.Diverged);
            Assert.Equal(single.NonFinite, runs[1].NonFinite);
            Assert.Equal(single.IterationsRun, runs[1].IterationsRun);
            Assert.Equal(single.Costs, runs[1].Costs);
            Assert.False(runs[0].Diverged);
            Assert.Equal(Train.Iterations, runs[0].IterationsRun);
        }
        finally
        {
            foreach (var r in runs) r.Parameters?.Dispose();
        }
    }

    [Fact]
    public void With_adam_and_mini_batches_each_configuration_trains_as_its_own_run()
    {
        var o = new ModelOptions { Layers = [2, 5, 2, 1], Init = Init.He };
        var (x, y) = TestData.Problem(2, 150, seed: 5);
        var train = new TrainOptions
        {
            LearningRate = 0.01, Iterations = 20, PrintEvery = 5, MiniBatchSize = 32,
            Optimizer = new OptimizerOptions { Kind = OptimizerKind.Adam },
            Decay = new LearningRateDecay { Kind = DecayKind.Inverse, Rate = 0.1 },
        };
        SweepConfig[] configs = [new(0, 1), new(0.3, 0.8)];
        var runs = Trainer.Sweep(o, configs, "numpy", 3, x, y, train, groups: 1);
        try
        {
            foreach (var (run, config) in runs.Zip(configs))
            {
                using var model = ModelFactory.Create(Implementation.Scratch, o with { Lambd = config.Lambd, KeepProb = config.KeepProb }, "numpy", 3, CPU);
                var alone = Trainer.Train(model, x, y, train).Costs;
                Assert.Equal(alone.Select(c => c.Iteration), run.Costs.Select(c => c.Iteration));
                foreach (var (s, b) in alone.Zip(run.Costs))
                    Assert.True(Math.Abs(s.Cost - b.Cost) <= 1e-10 * Math.Abs(s.Cost), $"{config}, epoch {s.Iteration}: {s.Cost:R} vs {b.Cost:R}");
            }
        }
        finally
        {
            foreach (var r in runs) r.Parameters?.Dispose();
        }
    }

    [Fact]
    public void An_empty_sweep_is_rejected()
    {
        var (x, y) = TestData.Problem(2, 10, seed: 1);
        Assert.Throws<ArgumentException>(() => Trainer.Sweep(new ModelOptions(), [], "numpy", 3, x, y, Train));
    }
}
