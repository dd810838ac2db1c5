using TorchPractice.Comparison.Peers;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>A whole benchmark run.</summary>
/// <param name="Machine">Where it ran.</param>
/// <param name="Rows">One row per case and variant.</param>
/// <param name="PeerInfo">The peers' versions, or why they were skipped.</param>
/// <param name="Notes">Sentences for the reader.</param>
/// <param name="Quick">The --quick preset ran.</param>
/// <param name="Reps">Repetitions per variant.</param>
public sealed record BenchResult(BenchMachine Machine, IReadOnlyList<BenchRow> Rows, IReadOnlyDictionary<string, string> PeerInfo,
    IReadOnlyList<string> Notes, bool Quick, int Reps);
