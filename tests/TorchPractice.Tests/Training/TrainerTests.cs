using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Tests.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

public sealed class TrainerTests
{
    static IClassifier Model() =>
        ModelFactory.Create(Implementation.Scratch, new ModelOptions { Layers = [2, 4, 3, 1], Init = Init.He }, RandomSources.NumPy, 3, CPU);

    [Fact]
    public void A_stopped_run_records_the_cost_where_it_stopped_not_only_the_last_print_every()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TestData.Problem(2, 50, 1);
        using var model = Model();
        using var cancel = new CancellationTokenSource();
        var options = new TrainOptions { LearningRate = 0.1, Iterations = 1000, PrintEvery = 1000 };

        // Stop once 37 iterations have run (the callback runs on the training thread: no race).
        var result = Trainer.Train(model, x, y, options, p => { if (p.Iteration == 37) cancel.Cancel(); }, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(38, result.IterationsRun);
        Assert.Equal([0, 37], result.Costs.Select(c => c.Iteration));

        // The recorded cost is the one an uninterrupted run prints at iteration 37 (same seed, same steps).
        using var again = Model();
        var full = Trainer.Train(again, x, y, options with { Iterations = 38, PrintEvery = 37 });
        Assert.Equal(full.Costs.Single(c => c.Iteration == 37).Cost, result.Costs[^1].Cost);
    }

    [Fact]
    public void Progress_is_reported_after_every_iteration()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TestData.Problem(2, 20, 1);
        using var model = Model();
        var seen = new List<int>();
        Trainer.Train(model, x, y, new TrainOptions { Iterations = 250, PrintEvery = 100 }, p => seen.Add(p.Iteration));
        Assert.Equal(Enumerable.Range(1, 250), seen);
    }
}
