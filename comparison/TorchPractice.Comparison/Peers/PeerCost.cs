namespace TorchPractice.Comparison.Peers;

/// <summary>The cost of iteration <paramref name="Iteration"/>'s training forward pass, before its update (may be inf in course mode).</summary>
public sealed record PeerCost(int Iteration, double Cost);
