using System.Diagnostics;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Batch gradient descent settings.</summary>
public sealed record TrainOptions
{
    public double LearningRate { get; init; } = 0.01;
    public int Iterations { get; init; } = 15_000;
    /// <summary>Record the cost when iteration % PrintEvery == 0 (and at the last iteration).</summary>
    public int PrintEvery { get; init; } = 1000;

    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"--lr must be a finite number > 0; got {LearningRate}");
        if (Iterations < 1) throw new ArgumentException($"--iterations must be ≥ 1; got {Iterations}");
        if (PrintEvery < 1) throw new ArgumentException($"--print-every must be ≥ 1; got {PrintEvery}");
    }
}

public sealed record CostPoint(int Iteration, double Cost);

/// <summary>Where a run is: reported after every iteration (presenters decide how often to draw).</summary>
public sealed record TrainingProgress(int Iteration, int Iterations, double? LastCost, TimeSpan Elapsed);

public sealed record TrainingResult(IReadOnlyList<CostPoint> Costs, int IterationsRun, bool Cancelled, TimeSpan Elapsed);

/// <summary>
/// One training loop for both implementations; the models know nothing of loops. Cancellation is seen before an
/// iteration: that iteration still runs and records its cost (so a stopped run reports where it stopped, not only
/// the last multiple of PrintEvery), then the loop stops.
/// </summary>
public static class Trainer
{
    public static TrainingResult Train(IClassifier model, Tensor x, Tensor y, TrainOptions options,
        Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        var costs = new List<CostPoint>();
        var clock = Stopwatch.StartNew();
        int i = 0;
        bool stopping = false;
        double? last = null;
        while (i < options.Iterations && !stopping)
        {
            stopping = cancel.IsCancellationRequested;
            bool record = stopping || i % options.PrintEvery == 0 || i == options.Iterations - 1;
            double? cost = model.TrainStep(x, y, options.LearningRate, record);
            if (cost is double c) { costs.Add(new CostPoint(i, c)); last = c; }
            i++;
            progress?.Invoke(new TrainingProgress(i, options.Iterations, last, clock.Elapsed));
        }
        return new TrainingResult(costs, i, stopping && i < options.Iterations, clock.Elapsed);
    }
}
