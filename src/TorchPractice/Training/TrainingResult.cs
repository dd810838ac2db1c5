using TorchPractice.Models;

namespace TorchPractice.Training;

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
    /// <summary>
    /// The trained parameters, when the trainer made the model (<see cref="Trainer.Sweep"/>: the caller disposes them);
    /// null when the caller holds the model (<see cref="Trainer.Train"/>).
    /// </summary>
    public ParameterSet? Parameters { get; init; }
}
