using System.Diagnostics;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Batch gradient descent settings.</summary>
public sealed record TrainOptions
{
    /// <summary>Step size α of θ −= α·dθ.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Gradient-descent iterations (full batch).</summary>
    public int Iterations { get; init; } = 15_000;
    /// <summary>Record the cost when iteration % PrintEvery == 0 (and at the last iteration).</summary>
    public int PrintEvery { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{nameof(LearningRate)} must be a finite number > 0; got {LearningRate}");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{nameof(Iterations)} must be ≥ 1; got {Iterations}");
        if (PrintEvery < 1) throw new ArgumentOutOfRangeException(nameof(PrintEvery), PrintEvery, $"{nameof(PrintEvery)} must be ≥ 1; got {PrintEvery}");
    }
}

/// <summary>The cost after an iteration, as the course prints it.</summary>
/// <param name="Iteration">0-based iteration (the cost of its forward pass, before its update).</param>
/// <param name="Cost">J at that iteration.</param>
public sealed record CostPoint(int Iteration, double Cost);

/// <summary>Where a run is: reported after every iteration (presenters decide how often to draw).</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Iterations">Iterations asked for.</param>
/// <param name="LastCost">The latest recorded cost (null before the first).</param>
/// <param name="Elapsed">Time since the start.</param>
public sealed record TrainingProgress(int Iteration, int Iterations, double? LastCost, TimeSpan Elapsed);

/// <summary>What a training run did.</summary>
/// <param name="Costs">The recorded costs (every PrintEvery iterations and the last).</param>
/// <param name="IterationsRun">Iterations done (fewer than asked when cancelled).</param>
/// <param name="Cancelled">True when the token stopped the run.</param>
/// <param name="Elapsed">Time the run took.</param>
public sealed record TrainingResult(IReadOnlyList<CostPoint> Costs, int IterationsRun, bool Cancelled, TimeSpan Elapsed);

/// <summary>
/// One training loop for both implementations; the models know nothing of loops. Cancellation is seen before an
/// iteration: that iteration still runs and records its cost (so a stopped run reports where it stopped, not only
/// the last multiple of PrintEvery), then the loop stops.
/// </summary>
public static class Trainer
{
    /// <summary>Runs <see cref="TrainOptions.Iterations"/> steps of <paramref name="model"/> on X, Y; stops early (after the current step) when <paramref name="cancel"/> fires.</summary>
    /// <param name="model">Either implementation.</param>
    /// <param name="x">X, (n_x, m), on the model's device and dtype.</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="options">Learning rate, iterations, how often to record the cost.</param>
    /// <param name="progress">Called after every iteration (presenters decide how often to draw).</param>
    /// <param name="cancel">Stops the run between iterations.</param>
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
