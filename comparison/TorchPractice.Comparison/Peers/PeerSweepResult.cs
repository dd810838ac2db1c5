namespace TorchPractice.Comparison.Peers;

/// <summary>One trained configuration of a sweep.</summary>
public sealed record PeerSweepResult(
    double Lambd, double KeepProb, IReadOnlyList<PeerCost> Costs, double TrainAccuracy, double? TestAccuracy, double Seconds);
