using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The course's regularization notebook: [n_x,20,3,1], LeCun weights (randn/√n_prev), lr 0.3, NumPy seed 3;
/// no regularization, L2 λ = 0.7, dropout keep_prob = 0.86 with both implementations (the autograd model uses the
/// same masks), then λ and keep_prob sweeps with the scratch model.
/// </summary>
public static class RegularizationStudy
{
    public const string Name = "reg";
    public const double LearningRate = 0.3;
    public const long Seed = 3;

    public sealed record Entry(string Name, double Lambd, double KeepProb);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("none", 0, 1),
        new("L2 λ=0.7", 0.7, 1),
        new("dropout keep=0.86", 0, 0.86),
    ];

    public static IReadOnlyList<double> Lambdas { get; } = [0, 0.1, 0.3, 0.7, 1.5, 3];
    public static IReadOnlyList<double> KeepProbs { get; } = [1, 0.95, 0.86, 0.7, 0.5];

    public static long Work(IterationBudget b, int peers) =>
        Entries.Count * (long)b.Reg * (2 + peers) + (Lambdas.Count + KeepProbs.Count) * (long)b.Sweep;

    public static RegStudyResult Run(StudyContext ctx, DataSplit split, string dataName)
    {
        using var data = new StudyData(split, ctx.Device, ctx.Options.BoundaryGrid);
        bool course = ctx.Options.Course;
        int[] layers = [split.Train.FeatureCount, 20, 3, 1];
        var train = new TrainOptions { LearningRate = LearningRate, Iterations = ctx.Budget.Reg, PrintEvery = ctx.Budget.PrintEvery };
        ModelOptions Model(double lambd, double keep) => new()
        {
            Layers = layers, Init = Init.Lecun, Lambd = lambd, KeepProb = keep, CourseCost = course, CourseDropout = course,
        };
        var rows = new List<RegRow>();
        foreach (var e in Entries)
        {
            if (ctx.Stopped) break;
            var model = Model(e.Lambd, e.KeepProb);
            using var scratch = PairTrainer.Train(Implementation.Scratch, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · scratch", train.Iterations), ctx.Cancel);
            if (!scratch.Result.Finished) break;
            using var autograd = PairTrainer.Train(Implementation.Autograd, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · autograd", train.Iterations), ctx.Cancel);
            if (!autograd.Result.Finished) break;
            var peers = PeerRuns.Run(ctx, Name, e.Name, data, model, train, Seed);
            if (ctx.Stopped) break;
            string? boundary = null;
            if (scratch.Grid is not null)
            {
                boundary = $"reg-boundary-{InitStudy.Slug(e.Name)}.png";
                Figures.Boundary(ctx.Figure(boundary), $"Regularization {e.Name}: decision boundary (scratch, {train.Iterations} it.)",
                    data.Grid!, scratch.Grid, split.Train);
            }
            var pair = new PairResult(e.Name, scratch.Result, autograd.Result, peers,
                PairTrainer.MaxRelativeDifference(scratch.Final, autograd.Final), PairTrainer.Disagreements(scratch.Grid, autograd.Grid), boundary);
            rows.Add(new RegRow(e.Name, e.Lambd, e.KeepProb, pair, Diagnosis.Of(scratch.Result.TrainAccuracy!.Value, scratch.Result.TestAccuracy!.Value)));
        }

        var sweepTrain = train with { Iterations = ctx.Budget.Sweep };
        SweepPoint? Sweep(double lambd, double keep, string label)
        {
            if (ctx.Stopped) return null;
            using var run = PairTrainer.Train(Implementation.Scratch, Model(lambd, keep), sweepTrain, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"sweep {label}", sweepTrain.Iterations), ctx.Cancel);
            if (!run.Result.Finished) return null;
            return new SweepPoint(lambd, keep, run.Result, Diagnosis.Of(run.Result.TrainAccuracy!.Value, run.Result.TestAccuracy!.Value));
        }
        var lambdaSweep = Lambdas.Select(l => Sweep(l, 1, $"λ={l}")).TakeWhile(p => p is not null).Select(p => p!).ToList();
        var keepSweep = KeepProbs.Select(k => Sweep(0, k, $"keep={k}")).TakeWhile(p => p is not null).Select(p => p!).ToList();

        string? costFigure = null, sweepFigure = null;
        if (rows.Count > 0)
        {
            costFigure = "reg-costs.png";
            Figures.CostCurves(ctx.Figure(costFigure), "Regularization study: training cost (scratch solid, autograd dashed)",
                rows.Select(r => r.Pair).ToList(), course);
        }
        if (lambdaSweep.Count + keepSweep.Count > 0)
        {
            sweepFigure = "reg-sweeps.png";
            Figures.Sweeps(ctx.Figure(sweepFigure), lambdaSweep, keepSweep, sweepTrain.Iterations);
        }
        var notes = new List<string>
        {
            $"bias/variance rules: {Diagnosis.Rules}",
            $"sweeps: scratch model only, {sweepTrain.Iterations} iterations each (the table above uses {train.Iterations}), to keep the run short",
            course
                ? "course mode: the dropout stream is re-seeded with 1 before every forward pass (the notebook's np.random.seed(1)), so every pass drops the same units"
                : "dropout masks are fresh every pass (the stream continues after the weights); the autograd model uses the same masks as the scratch model",
        };
        var settings = new StudySettings(dataName, split.Train.Count, split.Test.Count, layers, LearningRate, train.Iterations, Seed,
            RandomSources.NumPy, course ? "course formula" : "stable (from logits)", course ? "course (re-seeded with 1 every pass)" : "fresh masks every pass");
        return new RegStudyResult(settings, rows, sweepTrain.Iterations, lambdaSweep, keepSweep, costFigure, sweepFigure, notes);
    }
}
