using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>Whether a peer ran, and its versions or why not.</summary>
/// <param name="Peer">numpy or torch.</param>
/// <param name="Available">It ran.</param>
/// <param name="Detail">Its versions, or why it was skipped.</param>
public sealed record PeerAvailability(string Peer, bool Available, string Detail);
