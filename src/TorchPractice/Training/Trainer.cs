using System.Diagnostics;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// One training loop for both implementations; the models know nothing of loops. Cancellation is seen before an
/// iteration: that iteration still runs and records its cost (so a stopped run reports where it stopped, not only
/// the last multiple of PrintEvery), then the loop stops.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Batch gradient descent for <see cref="TrainOptions.Iterations"/> iterations, recording the cost every
    /// <see cref="TrainOptions.PrintEvery"/>. Stops early when <paramref name="cancel"/> fires, or when a checked cost
    /// or the parameters are NaN or infinite (see <see cref="TrainingResult.NonFinite"/>); checks run at every
    /// recorded cost and about every 1 % of the run, so a divergence is caught within 1 % of the run. With the
    /// course's cost formula (<see cref="ModelOptions.CourseCost"/>) an infinite cost is the notebook's own print
    /// (σ saturated to exactly 0 or 1) and does not stop the run; NaN parameters still do.
    /// Cancellation is seen before an iteration: that iteration still runs and records its cost, then the loop stops.
    /// </summary>
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
        int tick = Math.Max(1, options.Iterations / 100), i = 0;
        int? lastFinite = null;
        double? last = null;
        NonFiniteCost? nonFinite = null;
        bool stopping = false;
        while (i < options.Iterations && !stopping)
        {
            stopping = cancel.IsCancellationRequested;
            bool record = stopping || i % options.PrintEvery == 0 || i == options.Iterations - 1;
            bool check = record || i % tick == 0;
            double? cost = model.TrainStep(x, y, options.LearningRate, check);
            if (cost is double c)
            {
                bool costOk = double.IsFinite(c) || (model.Options.CourseCost && double.IsPositiveInfinity(c));
                if (!costOk) { nonFinite = new NonFiniteCost(i, c, false, lastFinite); i++; break; }
                // The course formula's nansum reads NaN parameters as cost 0, so in course mode the parameters are checked too
                // (otherwise a non-finite parameter shows in the next checked cost).
                if (model.Options.CourseCost && !ParametersFinite(model)) { nonFinite = new NonFiniteCost(i, c, true, lastFinite); i++; break; }
                lastFinite = i;
                if (record) { costs.Add(new CostPoint(i, c)); last = c; }
            }
            i++;
            progress?.Invoke(new TrainingProgress(i, options.Iterations, last, clock.Elapsed));
        }
        return new TrainingResult(costs, i, nonFinite is null && stopping && i < options.Iterations, clock.Elapsed) { NonFinite = nonFinite };
    }

    /// <summary>True when every parameter is finite (the course's nansum cost reads 0 for NaN parameters, so the cost alone cannot tell).</summary>
    /// <param name="model">Either implementation.</param>
    public static bool ParametersFinite(IClassifier model)
    {
        using var scope = NewDisposeScope();
        using var p = model.CopyParameters();
        return p.Names.All(n => p[n].isfinite().all().item<bool>());
    }
}
