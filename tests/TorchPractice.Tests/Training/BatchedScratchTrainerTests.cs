using TorchPractice.Models;
using TorchPractice.Tests.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>A batched sweep gives each configuration the numbers of its own one-at-a-time scratch run.</summary>
public sealed class BatchedScratchTrainerTests
{
    static readonly TrainOptions Train = new() { LearningRate = 0.3, Iterations = 600, PrintEvery = 50 };

    static void AssertSameAsSequential(ModelOptions o, SweepConfig[] configs, Tensor x, Tensor y)
    {
        var batched = BatchedScratchTrainer.Train(o, configs, "numpy", 3, x, y, Train);
        try
        {
            Assert.Equal(configs.Length, batched.Count);
            foreach (var run in batched)
            {
                var single = o with { Lambd = run.Config.Lambd, KeepProb = run.Config.KeepProb };
                using var model = ModelFactory.Create(Implementation.Scratch, single, "numpy", 3, CPU);
                var reference = Trainer.Train(model, x, y, Train).Costs;
                Assert.Equal(reference.Select(c => c.Iteration), run.Result.Costs.Select(c => c.Iteration));
                foreach (var (s, b) in reference.Zip(run.Result.Costs))
                    Assert.True(Math.Abs(s.Cost - b.Cost) <= 1e-10 * Math.Abs(s.Cost),
                        $"{run.Config}, iteration {s.Iteration}: sequential {s.Cost:R} vs batched {b.Cost:R}");
                using var p = model.CopyParameters();
                foreach (var name in p.Names)
                    Assert.True(TestData.Difference(p[name], run.Parameters[name]) <= 1e-10, $"{run.Config} {name}");
            }
        }
        finally
        {
            foreach (var run in batched) run.Parameters.Dispose();
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
        var first = BatchedScratchTrainer.Train(o, grid, "numpy", 3, x, y, Train, groups: 3);
        var second = BatchedScratchTrainer.Train(o, grid, "numpy", 3, x, y, Train, groups: 3);
        try
        {
            Assert.Equal(first.Select(r => r.Config), second.Select(r => r.Config));
            foreach (var (a, b) in first.Zip(second))
            {
                Assert.Equal(a.Result.Costs, b.Result.Costs);
                foreach (var name in a.Parameters.Names)
                    Assert.Equal(a.Parameters[name].data<double>().ToArray(), b.Parameters[name].data<double>().ToArray());
            }
        }
        finally
        {
            foreach (var r in first.Concat(second)) r.Parameters.Dispose();
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
        var e = await Task.Run(() => Assert.Throws<InvalidOperationException>(() => BatchedScratchTrainer.Train(o, grid, "numpy", 3, x, y, endless,
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
        var runs = await Task.Run(() => BatchedScratchTrainer.Train(o, [new SweepConfig(0, 1), new SweepConfig(0.7, 1)], "numpy", 3, x, y,
            Train with { Iterations = int.MaxValue }, p => { if (p.Iteration > 100) cts.Cancel(); }, cts.Token, groups: 2));
        try
        {
            Assert.False(TestContext.Current.CancellationToken.IsCancellationRequested, "stopped by the timeout, not by the cancellation");
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.True(r.Result.Cancelled && r.Result.IterationsRun < int.MaxValue));
        }
        finally
        {
            foreach (var r in runs) r.Parameters.Dispose();
        }
    }

    [Fact]
    public void An_empty_sweep_is_rejected()
    {
        var (x, y) = TestData.Problem(2, 10, seed: 1);
        Assert.Throws<ArgumentException>(() => BatchedScratchTrainer.Train(new ModelOptions(), [], "numpy", 3, x, y, Train));
    }
}
