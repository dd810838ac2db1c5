using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One trained model, what it scored, and its boundary grid (for pictures; not in results.json). <see cref="Diverged"/>:
/// where the cost went non-finite (only from <see cref="StudyRuns.TrainAllowingDivergence"/>); the accuracies and
/// the grid are then null and <see cref="Final"/> means nothing.
/// </summary>
public sealed record TrainedRun(RunResult Result, ParameterSet Final, double[,]? Grid) : IDisposable
{
    /// <summary>Where the cost went non-finite, or null.</summary>
    public NonFiniteCost? Diverged { get; init; }
    /// <summary>The trained model predicts the same class for every training sample.</summary>
    public bool PredictsOneClass { get; init; }
    /// <summary>Frees the final parameters.</summary>
    public void Dispose() => Final.Dispose();
}
