using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Week 2 of the course ("Optimization algorithms"): the assignment's [2,5,2,1] ReLU net on the moons (He start from
/// np.random.seed(3), mini-batches of 64 seeded as the assignment seeds them) trained with gradient descent, momentum,
/// RMSprop and Adam, then with the scheduled learning-rate decay, by both implementations side by side: the scratch
/// model with the course's hand-written rules, the autograd model with torch.optim; by the NumPy peer (the
/// assignment's model() in NumPy) where python3 with numpy runs; and the course's momentum beside torch.optim's SGD.
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

    /// <summary>The first epochs whose every cost the NumPy peer is held to against scratch (issue #25's bar: ≤ 1e-12).</summary>
    public const int EarlyEpochs = 100;

    /// <summary>The assignment's schedule_lr_decay: decay_rate 1, time_interval 1000.</summary>
    public static LearningRateDecay ScheduledDecay { get; } = new() { Kind = DecayKind.Scheduled, Rate = 1, TimeInterval = 1000 };

    /// <summary>Epochs (as progress work) the study will run: both implementations per entry, the momentum run with dampening 0, and the NumPy peer's runs with their scratch check.</summary>
    public static long Work(IterationBudget b, bool numPy) =>
        Entries.Count * 2L * b.Optimization + b.Optimization + (numPy ? Entries.Count * (long)(b.Optimization + Math.Min(EarlyEpochs, b.Optimization)) : 0);

    /// <summary>Runs the study in <paramref name="ctx"/>.</summary>
    public static OptimizationStudyResult Run(StudyContext ctx)
    {
        var split = Moons.Load(Moons.CourseSeed);
        using var data = new StudyData(split, ctx.Device, ctx.Options.BoundaryGrid);
        int epochs = ctx.Budget.Optimization;
        int[] layers = [split.Train.FeatureCount, 5, 2, 1];
        var model = new ModelOptions { Layers = layers, Activation = Activation.Relu, Init = Init.He };
        var rows = new List<OptimizationRow>();
        MomentumComparison? momentum = null;
        foreach (var e in Entries)
        {
            if (ctx.Stopped) break;
            var decay = e.Decay == DecayKind.None ? LearningRateDecay.None : ScheduledDecay;
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
            var (numpy, numpyDifference, numpyEarly) = NumPyRun(ctx, label, data, model, train, scratch.Result);
            if (ctx.Stopped) break;
            if (e is { Optimizer: OptimizerKind.Momentum, Decay: DecayKind.None })
            {
                momentum = CompareMomentum(ctx, data, model, train, scratch.Result, autograd.Result);
                if (momentum is null) break;
            }
            string? boundary = null;
            if (scratch.Grid is not null)
            {
                boundary = $"optimization-boundary-{InitStudy.Slug(label)}.png";
                ctx.Figure(boundary, () => Figures.Boundary($"{label}: decision boundary (scratch, {epochs} epochs)", data.Grid!, scratch.Grid, split.Train));
            }
            var pair = new PairResult(label, scratch.Result, autograd.Result, numpy is null ? [] : [numpy],
                StudyRuns.MaxRelativeDifference(scratch.Final, autograd.Final), StudyRuns.Disagreements(scratch.Grid, autograd.Grid), boundary);
            rows.Add(new OptimizationRow(e.Optimizer.Name(), e.Decay.ToString().ToLowerInvariant(), e.LearningRate, pair,
                MaxCostDifference(autograd.Result.Costs, scratch.Result.Costs), decay.For(e.LearningRate, epochs - 1), numpyDifference, numpyEarly));
        }
        string? costFigure = null;
        if (rows.Count > 0)
        {
            costFigure = "optimization-costs.png";
            ctx.Figure(costFigure, () => Figures.CostCurves($"Optimization study: epoch cost, mini-batches of {MiniBatchSize} (scratch solid, autograd dashed)",
                rows.Select(r => r.Pair).ToList(), courseCost: false));
        }
        // The schedules the runs used, beside update_lr (decay every epoch), which the course shows falling to 0 too fast.
        string scheduleFigure = "optimization-learning-rate.png";
        var schedules = Entries.Where(e => e.Decay != DecayKind.None).Select(e => e.LearningRate).Distinct()
            .Select(lr => ($"schedule_lr_decay, α0 {lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}", lr, ScheduledDecay))
            .Append(("update_lr (every epoch), α0 0.1", 0.1, new LearningRateDecay { Kind = DecayKind.Inverse, Rate = 1 })).ToList();
        ctx.Figure(scheduleFigure, () => Figures.LearningRates($"Learning-rate decay over {epochs} epochs (decay_rate 1)", schedules, epochs));
        var notes = new List<string>
        {
            "scratch: the course's update rules written by hand (Models/Scratch/Updates); autograd: torch.optim (SGD with momentum β and dampening β, RMSProp, Adam); both from the same He start (NumPy stream seeded 3) and the same mini-batches (np.random.seed(10 + epoch + 1); permutation(m))",
            "momentum differs by design: PyTorch starts its buffer at the first gradient g (the course: v = (1 − β)·g), so torch.optim's first step is 1/(1 − β) = 10× the course's and the runs part from there (the momentum table); RMSprop and Adam use the course's formulas (rounded in another order)",
            "the epoch cost is the assignment's cost_total / m (each mini-batch's cost weighted by its size); the assignment's own first costs are gd 0.702405, momentum 0.702413, adam 0.702166 (pinned by Week2ReferenceTests to its code run in NumPy, and train's printout to the assignment's published one by TrainWeek2CommandTests)",
            "scheduled decay: α = α0 / (1 + ⌊epoch / 1000⌋) (schedule_lr_decay, decay_rate 1, time_interval 1000); the last column is α in the last epoch",
            "moons: the course's training set (np.random.seed(3); make_moons(300, noise .2)); the course has no test set, ours is seed 4's 100 samples",
        };
        if (rows.Any(r => r.NumPy is { Skipped: false }))
            notes.Insert(1, "numpy: the assignment's model() in NumPy (comparison/peers/numpy_model.py: random_mini_batches, update_parameters_with_momentum / _rmsprop / _adam, update_lr, schedule_lr_decay), given the same moons, drawing its own He start and mini-batch orders; it records every epoch, shown at scratch's");
        var settings = new StudySettings("moons (the course's week 2, built in)", split.Train.Count, split.Test.Count, layers, Entries[0].LearningRate,
            epochs, Seed, RandomSources.NumPy, "stable (from logits)", "none");
        return new OptimizationStudyResult(settings, MiniBatchSize, rows, costFigure, notes, momentum) { ScheduleFigure = scheduleFigure };
    }

    /// <summary>max over the epochs <paramref name="reference"/> recorded of |J − J_reference| / J_reference.</summary>
    static double MaxCostDifference(IReadOnlyList<CostPoint> costs, IReadOnlyList<CostPoint> reference)
    {
        var byEpoch = costs.ToDictionary(c => c.Iteration, c => c.Cost);
        return reference.Max(r => Math.Abs(byEpoch[r.Iteration] - r.Cost) / r.Cost);
    }

    /// <summary>
    /// The NumPy peer's run of the entry, recording every epoch: against the scratch run's recorded epochs, and against a
    /// scratch run of the first <see cref="EarlyEpochs"/> epochs that records each one. Returns the peer's run (its costs
    /// at the scratch run's epochs; skipped with the reason where it cannot run) and the two largest relative
    /// differences; nothing when peers are off.
    /// </summary>
    static (RunResult? Run, double? Recorded, double? Early) NumPyRun(StudyContext ctx, string label, StudyData data, ModelOptions model,
        TrainOptions train, RunResult scratch)
    {
        var peer = PeerRuns.Run(ctx, Name, label, data, model, train with { PrintEvery = 1 }, Seed).FirstOrDefault();
        if (peer is null || peer.Skipped || ctx.Stopped) return (peer, null, null);
        var early = train with { Iterations = Math.Min(EarlyEpochs, train.Iterations), PrintEvery = 1 };
        using var net = ModelFactory.Create(Implementation.Scratch, model, RandomSources.NumPy, Seed, ctx.Device);
        var scratchEarly = Trainer.Train(net, data.XTrain, data.YTrain, early, ctx.Run(Name, $"{label} · scratch, every epoch of the first {early.Iterations}", early.Iterations), ctx.Cancel);
        if (scratchEarly.Cancelled) return (peer, null, null);
        var recorded = scratch.Costs.Select(c => peer.Costs[c.Iteration]).ToArray(); // the peer recorded every epoch
        return (peer with { Costs = recorded }, MaxCostDifference(peer.Costs, scratch.Costs), MaxCostDifference(peer.Costs, scratchEarly.Costs));
    }

    /// <summary>
    /// The course's momentum (the scratch run) against torch.optim's SGD with dampening β (the autograd run) and with
    /// dampening 0 at α·(1 − β) (trained here), with each one's first step against the course's. Null when stopped.
    /// </summary>
    static MomentumComparison? CompareMomentum(StudyContext ctx, StudyData data, ModelOptions model, TrainOptions train, RunResult course, RunResult dampened)
    {
        double beta = train.Optimizer.Beta;
        var undampedTrain = train with { LearningRate = train.LearningRate * (1 - beta), Optimizer = train.Optimizer with { Dampening = 0 } };
        using var undamped = StudyRuns.Train(Implementation.Autograd, model, undampedTrain, Seed, RandomSources.NumPy, data, ctx.Device,
            ctx.Run(Name, "momentum · autograd (torch.optim, dampening 0, lr α(1 − β))", train.Iterations), ctx.Cancel);
        if (!undamped.Result.Finished) return null;
        double courseStep = FirstStepNorm(Implementation.Scratch, model, train, data, ctx.Device);
        string b = beta.ToString("G", System.Globalization.CultureInfo.InvariantCulture);
        return new MomentumComparison(beta,
        [
            new("course: v = β·v + (1 − β)·dθ (scratch)", train.LearningRate, 1, course, 0),
            new($"torch.optim SGD(momentum {b}, dampening {b})", train.LearningRate,
                FirstStepNorm(Implementation.Autograd, model, train, data, ctx.Device) / courseStep, dampened, MaxCostDifference(dampened.Costs, course.Costs)),
            new($"torch.optim SGD(momentum {b}, dampening 0)", undampedTrain.LearningRate,
                FirstStepNorm(Implementation.Autograd, model, undampedTrain, data, ctx.Device) / courseStep, undamped.Result, MaxCostDifference(undamped.Result.Costs, course.Costs)),
        ]);
    }

    /// <summary>‖θ after − θ before‖ of one step of <paramref name="train"/>'s rule on all training samples, from the study's start.</summary>
    static double FirstStepNorm(Implementation impl, ModelOptions model, TrainOptions train, StudyData data, Device device)
    {
        using var net = ModelFactory.Create(impl, model, RandomSources.NumPy, Seed, device);
        using var before = net.CopyParameters();
        Trainer.Train(net, data.XTrain, data.YTrain, train with { Iterations = 1, PrintEvery = 1, MiniBatchSize = null, Decay = LearningRateDecay.None });
        using var after = net.CopyParameters();
        return Math.Sqrt(before.Names.Sum(n => after.ToArray(n).Zip(before.ToArray(n), (a, x) => (a - x) * (a - x)).Sum()));
    }
}
