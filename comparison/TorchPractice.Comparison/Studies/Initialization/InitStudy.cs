using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The course's initialization notebook: circles, [2,10,5,1], lr 0.01, NumPy stream seeded 3; zeros, large random
/// (×10) and He, plus LeCun, Xavier, and normal vs uniform at the same scale (×1).
/// </summary>
public static class InitStudy
{
    /// <summary>The study's name (--studies init).</summary>
    public const string Name = "init";
    /// <summary>α (the course's).</summary>
    public const double LearningRate = 0.01;
    /// <summary>Seeds the NumPy stream (the course's 3).</summary>
    public const long Seed = 3;

    /// <summary>One initialization of the study.</summary>
    /// <param name="Name">Its name in the report.</param>
    /// <param name="Init">The initialization.</param>
    /// <param name="Scale">The random init's factor (null: none).</param>
    public sealed record Entry(string Name, Init Init, double? Scale);

    /// <summary>The notebook's initializations.</summary>
    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("zeros", Init.Zeros, null),
        new("random ×10", Init.Random, 10),
        new("he", Init.He, null),
        new("lecun", Init.Lecun, null),
        new("xavier", Init.Xavier, null),
        new("normal ×1", Init.Random, 1),
        new("uniform ×1", Init.Uniform, 1),
    ];

    /// <summary>Iterations (as progress work) the study will run.</summary>
    public static long Work(IterationBudget b, int peers) =>
        Entries.Count * ((long)b.Init * (2 + peers) + b.GradientNorms);

    /// <summary>The course's circles data.</summary>
    public static DataSplit Data() =>
        BuiltInDatasets.TryLoad("circles", BuiltInDatasets.DefaultSeed, out var split) ? split : throw new InvalidOperationException("circles missing");

    /// <summary>Runs the study in <paramref name="ctx"/>.</summary>
    public static InitStudyResult Run(StudyContext ctx)
    {
        var split = Data();
        using var data = new StudyData(split, ctx.Device, ctx.Options.BoundaryGrid);
        bool course = ctx.Options.Course;
        var train = new TrainOptions { LearningRate = LearningRate, Iterations = ctx.Budget.Init, PrintEvery = ctx.Budget.PrintEvery };
        int[] layers = [split.Train.FeatureCount, 10, 5, 1];
        var rows = new List<InitRow>();
        var notes = new List<string>
        {
            "scratch and autograd start from the same parameters: ModelFactory draws them from the NumPy stream seeded 3 for both",
            "normal ×1 vs uniform ×1: the same scale, but U(−1,1) has standard deviation 1/√3 of N(0,1)'s",
            "this study compares initializations and chooses none of them, so every row's test accuracy is shown, as in the notebook (the regularization study's sweeps choose, on a dev set)",
        };
        foreach (var e in Entries)
        {
            if (ctx.Stopped) break;
            var model = new ModelOptions { Layers = layers, Init = e.Init, InitScale = e.Scale ?? 10, CourseCost = course };
            string slug = Slug(e.Name);
            using var scratch = StudyRuns.Train(Implementation.Scratch, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · scratch", train.Iterations), ctx.Cancel);
            if (!scratch.Result.Finished) break;
            using var autograd = StudyRuns.Train(Implementation.Autograd, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
                ctx.Run(Name, $"{e.Name} · autograd", train.Iterations), ctx.Cancel);
            if (!autograd.Result.Finished) break;
            var peers = PeerRuns.Run(ctx, Name, e.Name, data, model, train, Seed);
            if (ctx.Stopped) break;

            long start = ctx.Done;
            var norms = StudyRuns.GradientNorms(model, LearningRate, ctx.Budget.GradientNorms, Seed, RandomSources.NumPy, data, ctx.Device, ctx.Cancel);
            if (ctx.Stopped) break;
            ctx.Finished(Name, $"{e.Name} · gradient norms", ctx.Budget.GradientNorms, start);

            string? boundary = null;
            if (scratch.Grid is not null)
            {
                boundary = $"init-boundary-{slug}.png";
                ctx.Figure(boundary, () => Figures.Boundary($"Initialization {e.Name}: decision boundary (scratch, {train.Iterations} it.)",
                    data.Grid!, scratch.Grid, split.Train));
            }
            string normsFigure = $"init-gradnorms-{slug}.png";
            ctx.Figure(normsFigure, () => Figures.GradientNorms($"Initialization {e.Name}: gradient norms, first {norms.Count} iterations", norms));
            var pair = new PairResult(e.Name, scratch.Result, autograd.Result, peers,
                StudyRuns.MaxRelativeDifference(scratch.Final, autograd.Final),
                StudyRuns.Disagreements(scratch.Grid, autograd.Grid), boundary);
            rows.Add(new InitRow(e.Name, e.Init.ToString().ToLowerInvariant(), e.Scale, pair, norms, StudyRuns.Symmetry(scratch.Final), normsFigure));
        }
        string? costFigure = null;
        if (rows.Count > 0)
        {
            costFigure = "init-costs.png";
            ctx.Figure(costFigure, () => Figures.CostCurves("Initialization study: training cost (scratch solid, autograd dashed)",
                rows.Select(r => r.Pair).ToList(), course));
        }
        var settings = new StudySettings("circles (the course's, built in)", split.Train.Count, split.Test.Count, layers, LearningRate,
            train.Iterations, Seed, RandomSources.NumPy, course ? "course formula" : "stable (from logits)", "none");
        return new InitStudyResult(settings, rows, costFigure, notes);
    }

    /// <summary>A file-name part: lower-case ASCII letters, digits and decimal points, anything else one hyphen ("L2 λ=0.7" → "l2-0.7").</summary>
    public static string Slug(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9.]+", "-").Trim('-', '.');
}
