using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

public sealed record PeerAvailability(string Peer, bool Available, string Detail);
