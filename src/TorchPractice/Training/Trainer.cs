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

/// <summary>
/// Why a run stopped early with numbers that mean nothing: at <see cref="Iteration"/> the cost was
/// <see cref="Cost"/> (NaN or ±inf), or (course cost formula, whose nansum hides NaN) the update of that iteration
/// left NaN or ±inf in the parameters (<see cref="ParametersNonFinite"/>). <see cref="LastFiniteIteration"/> is the latest iteration checked and found
/// finite before it (checks run at every recorded cost and about every 1 % of the run), null when none was.
/// </summary>
/// <param name="Iteration">The iteration whose cost (or update) was not finite.</param>
/// <param name="Cost">The cost seen there.</param>
/// <param name="ParametersNonFinite">True when the parameters, not the cost, were found non-finite.</param>
/// <param name="LastFiniteIteration">The latest checked iteration found finite before, or null.</param>
public sealed record NonFiniteCost(int Iteration, double Cost, bool ParametersNonFinite, int? LastFiniteIteration)
{
    /// <summary>One line for people: what was seen, where, and the usual causes.</summary>
    /// <param name="learningRate">The run's learning rate, named in the line.</param>
    public string Describe(double learningRate)
    {
        string what = ParametersNonFinite
            ? $"the update of iteration {Iteration} left NaN or infinite parameters"
            : $"the cost is {(double.IsNaN(Cost) ? "NaN" : "infinite")} at iteration {Iteration}";
        string since = LastFiniteIteration is int f ? $" (finite at iteration {f})" : "";
        return $"training diverged: {what}{since}. Likely causes: a learning rate too large for this data (lr {learningRate:G4}), " +
               "features on very different or large scales (standardize them), or initial weights too large (init scale)";
    }
}

/// <summary>
/// What a run did. <see cref="Cancelled"/>: stopped by the caller (what finished is valid);
/// <see cref="NonFinite"/>: stopped because the cost or the parameters stopped being finite (the model's
/// parameters are then meaningless; <see cref="Costs"/> holds the finite costs recorded before).
/// </summary>
/// <param name="Costs">The recorded costs (every PrintEvery iterations, the last, and the one where a stop was seen).</param>
/// <param name="IterationsRun">Iterations done (fewer than asked when cancelled or diverged).</param>
/// <param name="Cancelled">True when the token stopped the run.</param>
/// <param name="Elapsed">Time the run took.</param>
public sealed record TrainingResult(IReadOnlyList<CostPoint> Costs, int IterationsRun, bool Cancelled, TimeSpan Elapsed)
{
    /// <summary>Where and how the run stopped being finite; null when it did not.</summary>
    public NonFiniteCost? NonFinite { get; init; }
    /// <summary>True when <see cref="NonFinite"/> stopped the run.</summary>
    public bool Diverged => NonFinite is not null;
}

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
