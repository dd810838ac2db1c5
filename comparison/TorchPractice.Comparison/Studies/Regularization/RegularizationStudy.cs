using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The course's regularization notebook: [n_x,20,3,1] with ReLU (or <see cref="CompareOptions.RegLayers"/> and
/// <see cref="CompareOptions.RegActivation"/>), LeCun weights (randn/√n_prev), lr 0.3, NumPy seed 3;
/// no regularization, L2 λ = 0.7, dropout keep_prob = 0.86 with both implementations (the autograd model uses the
/// same masks), trained on the whole training set and scored on the test set as the notebook does. Then λ and
/// keep_prob sweeps with the scratch model's step, each sweep batched into one tensor program, on a train / dev / test
/// split: trained on train, chosen and diagnosed (bias/variance) on dev, and only the chosen configuration scored on test.
/// </summary>
public static class RegularizationStudy
{
    /// <summary>The study's name (--studies reg).</summary>
    public const string Name = "reg";
    /// <summary>α (the course's).</summary>
    public const double LearningRate = 0.3;
    /// <summary>Seeds the NumPy stream (the course's 3).</summary>
    public const long Seed = 3;

    /// <summary>One of the notebook's runs.</summary>
    /// <param name="Name">Its name in the report.</param>
    /// <param name="Lambd">λ.</param>
    /// <param name="KeepProb">keep_prob.</param>
    public sealed record Entry(string Name, double Lambd, double KeepProb);

    /// <summary>The notebook's three runs.</summary>
    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("none", 0, 1),
        new("L2 λ=0.7", 0.7, 1),
        new("dropout keep=0.86", 0, 0.86),
    ];

    /// <summary>The λ sweep.</summary>
    public static IReadOnlyList<double> Lambdas { get; } = [0, 0.1, 0.3, 0.7, 1.5, 3, 10];
    /// <summary>The keep_prob sweep.</summary>
    public static IReadOnlyList<double> KeepProbs { get; } = [1, 0.95, 0.86, 0.7, 0.5, 0.3];

    /// <summary>The study's progress work.</summary>
    public static long Work(IterationBudget b, int peers) =>
        Entries.Count * (long)b.Reg * (2 + peers) + 2L * b.Sweep; // each sweep is one batched run

    /// <summary>
    /// <paramref name="split"/>: the study's train and test sets (the notebook's three runs); <paramref name="sweepSplit"/>:
    /// the same test set and the training set cut into train and dev (the sweeps).
    /// </summary>
    public static RegStudyResult Run(StudyContext ctx, DataSplit split, DataSplit sweepSplit, string dataName)
    {
        if (sweepSplit.Dev is null) throw new ArgumentException("the sweeps need a dev set", nameof(sweepSplit));
        using var data = new StudyData(split, ctx.Device, ctx.Options.BoundaryGrid);
        using var sweepData = new StudyData(sweepSplit, ctx.Device, gridPoints: 0);
        double baseline = ctx.Options.BaselineError;
        bool course = ctx.Options.Course;
        int[] layers = ctx.Options.RegLayers ?? [split.Train.FeatureCount, 20, 3, 1];
        var activation = ctx.Options.RegActivation;
        var train = new TrainOptions { LearningRate = LearningRate, Iterations = ctx.Budget.Reg, PrintEvery = ctx.Budget.PrintEvery };
        ModelOptions Model(double lambd, double keep) => new()
        {
            Layers = layers, Activation = activation, Init = Init.Lecun, Lambd = lambd, KeepProb = keep, CourseCost = course, CourseDropout = course,
        };
        var rows = new List<RegRow>();
        var oneClass = new List<string>();
        foreach (var e in Entries)
        {
            if (ctx.Stopped) break;
            var model = Model(e.Lambd, e.KeepProb);
            using var scratch = StudyRuns.Train(Implementation.Scratch, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · scratch", train.Iterations), ctx.Cancel);
            if (!scratch.Result.Finished) break;
            using var autograd = StudyRuns.Train(Implementation.Autograd, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · autograd", train.Iterations), ctx.Cancel);
            if (!autograd.Result.Finished) break;
            if (scratch.PredictsOneClass) oneClass.Add($"{e.Name} (scratch)");
            if (autograd.PredictsOneClass) oneClass.Add($"{e.Name} (autograd)");
            var peers = PeerRuns.Run(ctx, Name, e.Name, data, model, train, Seed);
            if (ctx.Stopped) break;
            string? boundary = null;
            if (scratch.Grid is not null)
            {
                boundary = $"reg-boundary-{InitStudy.Slug(e.Name)}.png";
                ctx.Figure(boundary, () => Figures.Boundary($"Regularization {e.Name}: decision boundary (scratch, {train.Iterations} it.)",
                    data.Grid!, scratch.Grid, split.Train));
            }
            var pair = new PairResult(e.Name, scratch.Result, autograd.Result, peers,
                StudyRuns.MaxRelativeDifference(scratch.Final, autograd.Final), StudyRuns.Disagreements(scratch.Grid, autograd.Grid), boundary);
            rows.Add(new RegRow(e.Name, e.Lambd, e.KeepProb, pair));
        }

        // Each sweep is batched (all its configurations at once, in two groups on the CPU), so it can afford the
        // full iteration count: the overfit → underfit trade-off only shows once the unregularized fit overfits.
        var sweepTrain = train with { Iterations = ctx.Budget.Sweep };
        // Trained on the sweep's train part, chosen on dev; the test set is read once, for the chosen configuration.
        (IReadOnlyList<SweepPoint> Points, SweepChoice? Choice) Sweep(IReadOnlyList<SweepConfig> configs, string label, string parameter,
            Func<SweepPoint, double> value)
        {
            if (ctx.Stopped) return ([], null);
            var runs = Trainer.Sweep(Model(0, 1), configs, RandomSources.NumPy, Seed, sweepData.XTrain, sweepData.YTrain, sweepTrain,
                ctx.Run(Name, $"{label} sweep ({configs.Count} configurations at once)", sweepTrain.Iterations), ctx.Cancel);
            try
            {
                if (runs[0].Cancelled) return ([], null);
                // Prediction never drops units; the dev cost is the plain cross-entropy (stable form, no L2 term).
                Models.Scratch.ScratchModel Predictor(TrainingResult r) => new(Model(0, 1) with { CourseCost = false }, r.Parameters!);
                var points = runs.Select((r, i) =>
                {
                    using var model = Predictor(r);
                    var trainMetrics = Metrics.Evaluate(model, sweepData.XTrain, sweepData.YTrain);
                    double trainAcc = trainMetrics.Accuracy;
                    double devAcc = Metrics.Evaluate(model, sweepData.XDev!, sweepData.YDev!).Accuracy;
                    double devCost = model.Cost(sweepData.XDev!, sweepData.YDev!, null);
                    var result = new RunResult("scratch (batched)", trainAcc, null, r.Costs.Count > 0 ? r.Costs[^1].Cost : null,
                        r.Elapsed.TotalSeconds / configs.Count, sweepTrain.Iterations, r.IterationsRun, r.Costs);
                    return new SweepPoint(configs[i].Lambd, configs[i].KeepProb, result, devAcc, devCost, BiasVariance.FromAccuracies(trainAcc, devAcc, baseline),
                        PredictsOneClass: trainMetrics.PredictsOneClass);
                }).ToList();
                double Test(int i)
                {
                    using var model = Predictor(runs[i]);
                    return Metrics.Evaluate(model, sweepData.XTest, sweepData.YTest).Accuracy;
                }
                return DevSelection.Select(points, parameter, value, Test, ctx.Options.ShowAllTest);
            }
            finally { foreach (var r in runs) r.Parameters?.Dispose(); }
        }
        var (lambdaSweep, lambdaChoice) = Sweep(Lambdas.Select(l => new SweepConfig(l, 1)).ToList(), "λ", "lambd", p => p.Lambd);
        var (keepSweep, keepChoice) = Sweep(KeepProbs.Select(k => new SweepConfig(0, k)).ToList(), "keep_prob", "keep_prob", p => p.KeepProb);

        string? costFigure = null, sweepFigure = null;
        if (rows.Count > 0)
        {
            costFigure = "reg-costs.png";
            ctx.Figure(costFigure, () => Figures.CostCurves("Regularization study: training cost (scratch solid, autograd dashed)",
                rows.Select(r => r.Pair).ToList(), course));
        }
        if (lambdaSweep.Count + keepSweep.Count > 0)
        {
            sweepFigure = "reg-sweeps.png";
            ctx.Figure(sweepFigure, () => Figures.Sweeps(lambdaSweep, keepSweep, sweepTrain.Iterations, baseline));
        }
        var sets = new SweepSplit(sweepSplit.Train.Count, sweepSplit.Dev.Count, sweepSplit.Test.Count, ctx.Options.DevFraction, ctx.Options.DevSeed,
            $"{100 * ctx.Options.DevFraction:0.##} % of the study's training set, stratified, seed {ctx.Options.DevSeed}",
            TestSource(split, dataName));
        var notes = new List<string>
        {
            $"which set chose what: the notebook's three runs (first table) train on all {split.Train.Count} training samples and are scored on the " +
            $"{split.Test.Count}-sample test set, as the notebook does; nothing is chosen from them. The sweeps train on {sets.TrainCount} of the training " +
            $"samples; the other {sets.DevCount} ({sets.DevSource}) are the dev set, which alone chooses λ and keep_prob and gives the bias/variance " +
            $"diagnosis; the test set ({sets.TestSource}) is read once per sweep, for the chosen configuration: that is the one number not used for any choice",
            $"bias/variance, as the course defines it: {BiasVariance.Rules(baseline)}",
            $"choice: {DevSelection.Rule}. One dev sample is {100.0 / sets.DevCount:0.#} percentage points of dev error on {sets.DevCount} samples, so " +
            "small dev sets tie often and choose noisily (a larger dev fraction trades training data for a steadier choice)",
            $"sweeps: the scratch model's step, all configurations of a sweep trained at once as batched tensor programs (Trainer.Sweep, the scratch model with K configurations, two groups on two threads on the CPU: each configuration's numbers are its one-at-a-time run's), {sweepTrain.Iterations} iterations each; time s is the sweep's time divided by its configurations. The sweeps train on the train part only (not on dev), so their λ = 0.7, keep_prob = 0.86 and unregularized rows differ from the notebook's runs above",
            course
                ? "course mode: the dropout stream is re-seeded with 1 before every forward pass (the notebook's np.random.seed(1)), so every pass drops the same units"
                : "dropout masks are fresh every pass (the stream continues after the weights); the autograd model uses the same masks as the scratch model",
        };
        if (rows.Any(r => r.KeepProb < 1 && r.Pair.Peers.Any(p => p.Implementation == "torch" && !p.Skipped)))
            notes.Add("the torch peer draws its dropout masks from its own torch.Generator, not NumPy's stream, so its dropout row agrees with ours only statistically");
        if (ctx.Peers is not null && !PeerRuns.TorchSupports(Model(0, 1)))
            notes.Add($"torch peer skipped: it implements the course's three-layer ReLU model only, not layers [{string.Join(",", layers)}] with {activation.Name()} (the NumPy peer runs it)");
        var settings = new StudySettings(dataName, split.Train.Count, split.Test.Count, layers, LearningRate, train.Iterations, Seed,
            RandomSources.NumPy, course ? "course formula" : "stable (from logits)", course ? "course (re-seeded with 1 every pass)" : "fresh masks every pass", activation);
        oneClass.AddRange(lambdaSweep.Where(p => p.PredictsOneClass).Select(p => $"λ = {p.Lambd.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        oneClass.AddRange(keepSweep.Where(p => p.PredictsOneClass).Select(p => $"keep_prob = {p.KeepProb.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        // Measured on the study's training features as trained on (standardized ones are even by construction).
        var scales = FeatureScales.Of(split.Train) is { IsUneven: true } s ? s : null;
        return new RegStudyResult(settings, rows, sweepTrain.Iterations, sets, baseline, lambdaSweep, keepSweep, lambdaChoice, keepChoice,
            ctx.Options.ShowAllTest, costFigure, sweepFigure, notes, scales, oneClass, 2 * rows.Count + lambdaSweep.Count + keepSweep.Count);
    }

    /// <summary>Where the test set comes from, in words: data.mat's Xval, yval is the notebook's test set.</summary>
    static string TestSource(DataSplit split, string dataName) =>
        split.Test.Name.EndsWith("(Xval, yval)", StringComparison.Ordinal)
            ? $"Xval, yval of {dataName}, which the notebook uses as its test set"
            : $"the test set of {dataName}";
}
