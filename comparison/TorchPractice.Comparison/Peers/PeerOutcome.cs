using System.Diagnostics.CodeAnalysis;

namespace TorchPractice.Comparison.Peers;

/// <summary>A run's outcome: the result, or the status that says why the peer was skipped.</summary>
public sealed record PeerOutcome(PeerStatus Status, PeerResult? Result)
{
    /// <summary>The peer ran and returned a result.</summary>
    [MemberNotNullWhen(true, nameof(Result))]
    public bool Completed => Result is not null;
}
