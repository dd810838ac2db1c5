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

/// <summary>Where a run is: reported at every recorded cost and about every 1 % of the run.</summary>
public sealed record TrainingProgress(int Iteration, int Iterations, double? LastCost, TimeSpan Elapsed);

/// <summary>
/// Why a run stopped early with numbers that mean nothing: at <see cref="Iteration"/> the cost was
/// <see cref="Cost"/> (NaN or ±inf), or (course cost formula, whose nansum hides NaN) the update of that iteration
/// left NaN or ±inf in the parameters (<see cref="ParametersNonFinite"/>). <see cref="LastFiniteIteration"/> is the latest iteration checked and found
/// finite before it (checks run at every recorded cost and about every 1 % of the run), null when none was.
/// </summary>
public sealed record NonFiniteCost(int Iteration, double Cost, bool ParametersNonFinite, int? LastFiniteIteration)
{
    /// <summary>One line for people: what was seen, where, and the usual causes.</summary>
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
public sealed record TrainingResult(IReadOnlyList<CostPoint> Costs, int IterationsRun, bool Cancelled, TimeSpan Elapsed)
{
    public NonFiniteCost? NonFinite { get; init; }
    public bool Diverged => NonFinite is not null;
}

/// <summary>One training loop for both implementations; the models know nothing of loops.</summary>
public static class Trainer
{
    /// <summary>
    /// Batch gradient descent for <see cref="TrainOptions.Iterations"/> iterations, recording the cost every
    /// <see cref="TrainOptions.PrintEvery"/>. Stops early when <paramref name="cancel"/> fires, or when a checked cost
    /// or the parameters are NaN or infinite (see <see cref="TrainingResult.NonFinite"/>); checks run at every
    /// recorded cost and about every 1 % of the run, so a divergence is caught within 1 % of the run. With the
    /// course's cost formula (<see cref="ModelOptions.CourseCost"/>) an infinite cost is the notebook's own print
    /// (σ saturated to exactly 0 or 1) and does not stop the run; NaN parameters still do.
    /// </summary>
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
        for (; i < options.Iterations; i++)
        {
            if (cancel.IsCancellationRequested) break;
            bool record = i % options.PrintEvery == 0 || i == options.Iterations - 1;
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
            if (progress is not null && check) progress(new TrainingProgress(i + 1, options.Iterations, last, clock.Elapsed));
        }
        return new TrainingResult(costs, i, nonFinite is null && i < options.Iterations, clock.Elapsed) { NonFinite = nonFinite };
    }

    /// <summary>True when every parameter is finite (the course's nansum cost reads 0 for NaN parameters, so the cost alone cannot tell).</summary>
    public static bool ParametersFinite(IClassifier model)
    {
        using var scope = NewDisposeScope();
        using var p = model.CopyParameters();
        return p.Names.All(n => p[n].isfinite().all().item<bool>());
    }
}
