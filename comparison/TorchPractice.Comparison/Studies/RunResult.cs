using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One training run by one implementation: "scratch", "autograd", or a peer ("numpy", "torch").
/// Accuracies are fractions; FinalCost is the cost recorded at the last iteration run (may be inf in course mode).
/// A skipped run (peer unavailable) has <see cref="SkipReason"/> and no numbers.
/// </summary>
public sealed record RunResult(
    string Implementation,
    double? TrainAccuracy,
    double? TestAccuracy,
    double? FinalCost,
    double Seconds,
    int Iterations,
    int IterationsRun,
    IReadOnlyList<CostPoint> Costs,
    string? SkipReason = null)
{
    /// <summary>The run did not happen (<see cref="SkipReason"/> says why).</summary>
    public bool Skipped => SkipReason is not null;
    /// <summary>Every planned iteration ran.</summary>
    public bool Finished => !Skipped && IterationsRun == Iterations;
    /// <summary>Wall time per iteration, in µs (null when skipped).</summary>
    public double? MicrosecondsPerIteration => IterationsRun > 0 ? Seconds * 1e6 / IterationsRun : null;

    /// <summary>A skipped run of <paramref name="implementation"/> and why.</summary>
    public static RunResult Skip(string implementation, int iterations, string reason) =>
        new(implementation, null, null, null, 0, iterations, 0, [], reason);
}
