namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Where a compare run is. Work is counted in iterations over the whole plan (peers and gradient checks count as
/// the iterations they stand for), so Done/Total gives an overall ETA; Iteration/Iterations is the current run.
/// </summary>
public sealed record CompareProgress(
    string Study,
    string Run,
    int Iteration,
    int Iterations,
    double? Cost,
    long Done,
    long Total,
    TimeSpan Elapsed);
