using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The two implementations trained from the same parameters (and masks), plus peers where they ran.
/// MaxRelativeParameterDifference: max|θ_scratch − θ_autograd| / max(1, max|θ|) over every parameter after training:
/// relative to the largest parameter, absolute when all are below 1 (so a bias of 1e-16 vs 0 is not a 100 % difference).
/// PredictionDisagreements: grid points of the decision-boundary picture where the two implementations predict
/// different classes (null without a 2-feature grid).
/// </summary>
public sealed record PairResult(
    string Label,
    RunResult Scratch,
    RunResult Autograd,
    IReadOnlyList<RunResult> Peers,
    double MaxRelativeParameterDifference,
    long? PredictionDisagreements,
    string? BoundaryFigure)
{
    /// <summary>Scratch, autograd and the peers that ran, in that order.</summary>
    public IEnumerable<RunResult> All => new[] { Scratch, Autograd }.Concat(Peers);
}
