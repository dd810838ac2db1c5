using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>Trains one configuration with one implementation and measures it.</summary>
public static class StudyRuns
{
    /// <summary>Trains one implementation from the study's start; a divergence ends compare (<see cref="TrainingDivergedException"/>).</summary>
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

    /// <summary>How many grid points two decision boundaries predict differently (null when either is missing).</summary>
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
