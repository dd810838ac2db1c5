using TorchPractice.Models;

namespace TorchPractice.Comparison.Peers;

/// <summary>One configuration of a sweep: trained in turn from the same initialization.</summary>
public sealed record PeerSweepEntry(double Lambd, double KeepProb);
