namespace TorchPractice.Comparison.Peers;

/// <summary>A peer that is available failed: bad exit, timeout, or output that is not the expected JSON.</summary>
public sealed class PeerRunException(string message, string standardError = "", Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Everything the script wrote to stderr.</summary>
    public string StandardError { get; } = standardError;
}
