using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The scratch model's run of one depth-study configuration.
/// </summary>
/// <param name="Run">The run (costs thinned to about 20 points).</param>
/// <param name="Diverged">Where the cost (or the parameters) went non-finite; the run's accuracies are then null.</param>
/// <param name="Outcome">Trains, does not, or diverged; null for a skipped run.</param>
public sealed record DepthRun(RunResult Run, NonFiniteCost? Diverged, DepthOutcome? Outcome);
