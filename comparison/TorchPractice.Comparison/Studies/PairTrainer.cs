using System.Diagnostics;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>A dataset's tensors on the device, in the course layout, and the grid for boundary pictures.</summary>
public sealed class StudyData : IDisposable
{
    /// <summary><paramref name="gridPoints"/> ≤ 0: no boundary grid.</summary>
    public StudyData(DataSplit split, Device device, int gridPoints)
    {
        Split = split;
        (XTrain, YTrain) = split.Train.ToTensors(device, float64);
        (XTest, YTest) = split.Test.ToTensors(device, float64);
        if (split.Dev is not null) (XDev, YDev) = split.Dev.ToTensors(device, float64);
        if (split.Train.FeatureCount == 2 && gridPoints > 0) Grid = BoundaryGrid.Around(split.Train, gridPoints, device);
    }

    public DataSplit Split { get; }
    public Tensor XTrain { get; }
    public Tensor YTrain { get; }
    public Tensor XTest { get; }
    public Tensor YTest { get; }
    /// <summary>Null without a dev set.</summary>
    public Tensor? XDev { get; }
    public Tensor? YDev { get; }
    /// <summary>Null unless the data has exactly two features.</summary>
    public BoundaryGrid? Grid { get; }

    public void Dispose()
    {
        XTrain.Dispose(); YTrain.Dispose(); XTest.Dispose(); YTest.Dispose(); XDev?.Dispose(); YDev?.Dispose(); Grid?.Dispose();
    }
}

/// <summary>A square grid of points covering the training data (plus a margin), as X (2, n·n), x fastest.</summary>
public sealed class BoundaryGrid : IDisposable
{
    BoundaryGrid(double xMin, double xMax, double yMin, double yMax, int n, Tensor points)
    {
        (XMin, XMax, YMin, YMax, N, Points) = (xMin, xMax, yMin, yMax, n, points);
    }

    public double XMin { get; }
    public double XMax { get; }
    public double YMin { get; }
    public double YMax { get; }
    public int N { get; }
    public Tensor Points { get; }

    public static BoundaryGrid Around(Dataset d, int n, Device device)
    {
        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        for (int i = 0; i < d.Count; i++)
        {
            x0 = Math.Min(x0, d.Features[i, 0]); x1 = Math.Max(x1, d.Features[i, 0]);
            y0 = Math.Min(y0, d.Features[i, 1]); y1 = Math.Max(y1, d.Features[i, 1]);
        }
        double mx = 0.1 * (x1 - x0) + 1e-9, my = 0.1 * (y1 - y0) + 1e-9;
        (x0, x1, y0, y1) = (x0 - mx, x1 + mx, y0 - my, y1 + my);
        using var scope = NewDisposeScope();
        var xs = linspace(x0, x1, n, float64, device);
        var ys = linspace(y0, y1, n, float64, device);
        var mesh = meshgrid([ys, xs], indexing: "ij");               // [row = y, col = x]
        var points = stack([mesh[1].reshape(-1), mesh[0].reshape(-1)]).MoveToOuterDisposeScope();
        return new BoundaryGrid(x0, x1, y0, y1, n, points);
    }

    /// <summary>The model's class (0 or 1) at every grid point, [row = y index, column = x index].</summary>
    public double[,] Predict(IClassifier model)
    {
        using var scope = NewDisposeScope();
        var flat = model.Predict(Points).cpu().to(float64).contiguous().data<double>().ToArray();
        var grid = new double[N, N];
        Buffer.BlockCopy(flat, 0, grid, 0, flat.Length * sizeof(double));
        return grid;
    }

    public void Dispose() => Points.Dispose();
}

/// <summary>
/// One trained model, what it scored, and its boundary grid (for pictures; not in results.json). <see cref="Diverged"/>:
/// where the cost went non-finite (only from <see cref="PairTrainer.TrainAllowingDivergence"/>); the accuracies and
/// the grid are then null and <see cref="Final"/> means nothing.
/// </summary>
public sealed record TrainedRun(RunResult Result, ParameterSet Final, double[,]? Grid) : IDisposable
{
    public NonFiniteCost? Diverged { get; init; }
    /// <summary>The trained model predicts the same class for every training sample.</summary>
    public bool PredictsOneClass { get; init; }
    public void Dispose() => Final.Dispose();
}

/// <summary>Trains one configuration with one implementation and measures it.</summary>
public static class PairTrainer
{
    public static TrainedRun Train(Implementation impl, ModelOptions model, TrainOptions train, long seed, string rng,
        StudyData data, Device device, Action<TrainingProgress>? progress, CancellationToken cancel)
    {
        var run = TrainAllowingDivergence(impl, model, train, seed, rng, data, device, progress, cancel);
        if (run.Diverged is { } diverged)
        {
            run.Dispose();
            throw new TrainingDivergedException($"{run.Result.Implementation} ({model.Init.ToString().ToLowerInvariant()}, λ {model.Lambd}, keep_prob {model.KeepProb})", diverged, train.LearningRate);
        }
        return run;
    }

    /// <summary>
    /// As <see cref="Train"/>, but a run whose cost or parameters go non-finite is a result, not an error: it comes back
    /// with <see cref="TrainedRun.Diverged"/> set, the finite costs recorded before, and no accuracies.
    /// </summary>
    public static TrainedRun TrainAllowingDivergence(Implementation impl, ModelOptions model, TrainOptions train, long seed, string rng,
        StudyData data, Device device, Action<TrainingProgress>? progress, CancellationToken cancel)
    {
        using var net = ModelFactory.Create(impl, model, rng, seed, device);
        var result = Trainer.Train(net, data.XTrain, data.YTrain, train, progress, cancel);
        if (result.NonFinite is { } diverged)
            return new TrainedRun(new RunResult(net.Implementation, null, null, null, result.Elapsed.TotalSeconds, train.Iterations,
                result.IterationsRun, result.Costs), net.CopyParameters(), null) { Diverged = diverged };
        var trainMetrics = Metrics.Evaluate(net, data.XTrain, data.YTrain);
        var testMetrics = Metrics.Evaluate(net, data.XTest, data.YTest);
        var run = new RunResult(net.Implementation, trainMetrics.Accuracy, testMetrics.Accuracy,
            result.Costs.Count > 0 ? result.Costs[^1].Cost : null, result.Elapsed.TotalSeconds,
            train.Iterations, result.IterationsRun, result.Costs);
        return new TrainedRun(run, net.CopyParameters(), data.Grid?.Predict(net)) { PredictsOneClass = trainMetrics.PredictsOneClass };
    }

    /// <summary>See <see cref="PairResult.MaxRelativeParameterDifference"/>.</summary>
    public static double MaxRelativeDifference(ParameterSet a, ParameterSet b)
    {
        double diff = 0, scale = 0;
        foreach (var name in a.Names)
        {
            var x = a.ToArray(name);
            var y = b.ToArray(name);
            for (int i = 0; i < x.Length; i++)
            {
                diff = Math.Max(diff, Math.Abs(x[i] - y[i]));
                scale = Math.Max(scale, Math.Max(Math.Abs(x[i]), Math.Abs(y[i])));
            }
        }
        return diff / Math.Max(1, scale);
    }

    public static long? Disagreements(double[,]? a, double[,]? b)
    {
        if (a is null || b is null) return null;
        long n = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (a[i, j] != b[i, j]) n++;
        return n;
    }

    /// <summary>See <see cref="HiddenSymmetry"/>.</summary>
    public static HiddenSymmetry Symmetry(ParameterSet p) => new(MaxRowDifference(p, "W1"), MaxRowDifference(p, "W2"));

    /// <summary>max over rows i and columns j of |W[i, j] − W[0, j]|: 0 when every unit of that layer has the same weights.</summary>
    public static double MaxRowDifference(ParameterSet p, string name)
    {
        var shape = p[name].shape;
        int rows = (int)shape[0], cols = (int)shape[1];
        var w = p.ToArray(name);
        double worst = 0;
        for (int i = 1; i < rows; i++)
            for (int j = 0; j < cols; j++)
                worst = Math.Max(worst, Math.Abs(w[i * cols + j] - w[j]));
        return worst;
    }

    /// <summary>
    /// ‖dW_l‖ at each of the first <paramref name="iterations"/> iterations of a scratch model started as the study's
    /// runs start (same seed), measured before each update, without dropout. Stops after the first point with a
    /// non-finite norm (the run diverged there: later points would all be NaN).
    /// </summary>
    public static IReadOnlyList<GradientNormPoint> GradientNorms(ModelOptions model, double learningRate, int iterations,
        long seed, string rng, StudyData data, Device device, CancellationToken cancel)
    {
        var o = model with { KeepProb = 1 };
        using var net = ModelFactory.Create(Implementation.Scratch, o, rng, seed, device);
        var points = new List<GradientNormPoint>();
        for (int i = 0; i < iterations && !cancel.IsCancellationRequested; i++)
        {
            using (var scope = NewDisposeScope()) // holds the norms (a temporary's finalizer could free it during item())
            using (var g = net.Gradients(data.XTrain, data.YTrain, null))
                points.Add(new GradientNormPoint(i, Enumerable.Range(1, g.LayerCount)
                    .Select(l => g[ParameterSet.W(l)].norm().item<double>()).ToArray()));
            if (!points[^1].WeightGradientNorms.All(double.IsFinite)) break;
            net.TrainStep(data.XTrain, data.YTrain, learningRate, false);
        }
        return points;
    }
}
