using TorchPractice.Models;

namespace TorchPractice.Comparison.Peers;

/// <summary>The course's initializations (weights; biases are always zero). See comparison/peers/peer_common.py.</summary>
public enum PeerInit
{
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>randn × the scale.</summary>
    Random,
    /// <summary>randn × √(2/n_prev).</summary>
    He,
    /// <summary>randn × √(1/n_prev).</summary>
    Lecun,
    /// <summary>randn × √(2/(n_prev + n_l)).</summary>
    Xavier,
    /// <summary>uniform in ±scale.</summary>
    Uniform,
}
