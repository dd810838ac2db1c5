using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Week 2 of the course ("Optimization algorithms"): the assignment's [2,5,2,1] ReLU net on the moons (He start from
/// np.random.seed(3), mini-batches of 64 seeded as the assignment seeds them) trained with gradient descent, momentum,
/// RMSprop and Adam, then with the scheduled learning-rate decay, by both implementations side by side: the scratch
/// model with the course's hand-written rules, the autograd model with torch.optim.
/// </summary>
public static class OptimizationStudy
{
    /// <summary>The study's name (--studies optimization).</summary>
    public const string Name = "optimization";
    /// <summary>Seeds the NumPy stream (the assignment's 3).</summary>
    public const long Seed = 3;
    /// <summary>The assignment's mini-batch size.</summary>
    public const int MiniBatchSize = 64;

    /// <summary>One run of the study.</summary>
    /// <param name="Optimizer">The rule.</param>
    /// <param name="Decay">The decay (none, or the assignment's schedule_lr_decay with decay_rate 1, time_interval 1000).</param>
    /// <param name="LearningRate">α0 (the assignment's).</param>
    public sealed record Entry(OptimizerKind Optimizer, DecayKind Decay, double LearningRate);

    /// <summary>The assignment's runs: each rule at α 0.0007 (RMSprop, which it does not run, too), then gd, momentum and Adam with schedule_lr_decay.</summary>
    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new(OptimizerKind.GradientDescent, DecayKind.None, 0.0007),
        new(OptimizerKind.Momentum, DecayKind.None, 0.0007),
        new(OptimizerKind.RmsProp, DecayKind.None, 0.0007),
        new(OptimizerKind.Adam, DecayKind.None, 0.0007),
        new(OptimizerKind.GradientDescent, DecayKind.Scheduled, 0.1),
        new(OptimizerKind.Momentum, DecayKind.Scheduled, 0.1),
        new(OptimizerKind.Adam, DecayKind.Scheduled, 0.01),
    ];

    /// <summary>Epochs (as progress work) the study will run.</summary>
    public static long Work(IterationBudget b) => Entries.Count * 2L * b.Optimization;

    /// <summary>Runs the study in <paramref name="ctx"/>.</summary>
    public static OptimizationStudyResult Run(StudyContext ctx)
    {
        var split = Moons.Load(Moons.CourseSeed);
        using var data = new StudyData(split, ctx.Device, ctx.Options.BoundaryGrid);
        int epochs = ctx.Budget.Optimization;
        int[] layers = [split.Train.FeatureCount, 5, 2, 1];
        var model = new ModelOptions { Layers = layers, Activation = Activation.Relu, Init = Init.He };
        var rows = new List<OptimizationRow>();
        foreach (var e in Entries)
        {
            if (ctx.Stopped) break;
            var decay = e.Decay == DecayKind.None ? LearningRateDecay.None : new LearningRateDecay { Kind = e.Decay, Rate = 1, TimeInterval = 1000 };
            var train = new TrainOptions
            {
                LearningRate = e.LearningRate, Iterations = epochs, PrintEvery = 100, MiniBatchSize = MiniBatchSize,
                Optimizer = new OptimizerOptions { Kind = e.Optimizer }, Decay = decay,
            };
            string label = e.Optimizer.Name() + (e.Decay == DecayKind.None ? "" : " + scheduled decay");
            using var scratch = StudyRuns.Train(Implementation.Scratch, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{label} · scratch", epochs), ctx.Cancel);
            if (!scratch.Result.Finished) break;
            using var autograd = StudyRuns.Train(Implementation.Autograd, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{label} · autograd (torch.optim)", epochs), ctx.Cancel);
            if (!autograd.Result.Finished) break;
            string? boundary = null;
            if (scratch.Grid is not null)
            {
                boundary = $"optimization-boundary-{InitStudy.Slug(label)}.png";
                ctx.Figure(boundary, () => Figures.Boundary($"{label}: decision boundary (scratch, {epochs} epochs)", data.Grid!, scratch.Grid, split.Train));
            }
            var pair = new PairResult(label, scratch.Result, autograd.Result, [],
                StudyRuns.MaxRelativeDifference(scratch.Final, autograd.Final), StudyRuns.Disagreements(scratch.Grid, autograd.Grid), boundary);
            double costDifference = scratch.Result.Costs.Zip(autograd.Result.Costs).Max(p => Math.Abs(p.First.Cost - p.Second.Cost) / p.First.Cost);
            rows.Add(new OptimizationRow(e.Optimizer.Name(), e.Decay.ToString().ToLowerInvariant(), e.LearningRate, pair, costDifference,
                decay.For(e.LearningRate, epochs - 1)));
        }
        string? costFigure = null;
        if (rows.Count > 0)
        {
            costFigure = "optimization-costs.png";
            ctx.Figure(costFigure, () => Figures.CostCurves($"Optimization study: epoch cost, mini-batches of {MiniBatchSize} (scratch solid, autograd dashed)",
                rows.Select(r => r.Pair).ToList(), courseCost: false));
        }
        var notes = new List<string>
        {
            "scratch: the course's update rules written by hand (Models/Scratch/Updates); autograd: torch.optim (SGD with momentum β and dampening β, RMSProp, Adam); both from the same He start (NumPy stream seeded 3) and the same mini-batches (np.random.seed(10 + epoch + 1); permutation(m))",
            "momentum differs by design: PyTorch starts its buffer at the first gradient g (the course: v = (1 − β)·g), so torch.optim's first step is 1/(1 − β) = 10× the course's and the runs part from there; RMSprop and Adam use the course's formulas (rounded in another order)",
            "the epoch cost is the assignment's cost_total / m (each mini-batch's cost weighted by its size); the assignment's own first costs are gd 0.702405, momentum 0.702413, adam 0.702166 (pinned by Week2ReferenceTests to its code run in NumPy)",
            "scheduled decay: α = α0 / (1 + ⌊epoch / 1000⌋) (schedule_lr_decay, decay_rate 1, time_interval 1000); the last column is α in the last epoch",
            "moons: the course's training set (np.random.seed(3); make_moons(300, noise .2)); the course has no test set, ours is seed 4's 100 samples",
        };
        var settings = new StudySettings("moons (the course's week 2, built in)", split.Train.Count, split.Test.Count, layers, Entries[0].LearningRate,
            epochs, Seed, RandomSources.NumPy, "stable (from logits)", "none");
        return new OptimizationStudyResult(settings, MiniBatchSize, rows, costFigure, notes);
    }
}
