using TorchPractice.Comparison.Peers;
using TorchPractice.Models;
using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>What `torchpractice bench` runs.</summary>
public sealed record BenchOptions
{
    /// <summary>Fewer iterations and cases (a smoke run).</summary>
    public bool Quick { get; init; }
    /// <summary>Case ids to run (null: all).</summary>
    public IReadOnlySet<string>? Cases { get; init; }
    /// <summary>Timed repetitions per variant (the median is reported).</summary>
    public int Reps { get; init; } = 3;
    /// <summary>Where our implementations run.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;
    /// <summary>Intra-op threads of our process (null: <see cref="TorchRuntime.ThreadsFor"/> per case).</summary>
    public int? Threads { get; init; }
    /// <summary>How the NumPy / PyTorch peers are started (null: the defaults).</summary>
    public PeerRunnerOptions? Peers { get; init; }
}
