namespace TorchPractice.Comparison.Peers;

/// <summary>Whether a peer can run here, and if not, why.</summary>
public sealed record PeerStatus(PeerKind Kind, bool IsAvailable, string? SkipReason, string? PythonPath, string? Versions)
{
    /// <summary>The peer can run, with this interpreter and these library versions.</summary>
    public static PeerStatus Available(PeerKind kind, string pythonPath, string versions) => new(kind, true, null, pythonPath, versions);
    /// <summary>The peer cannot run here, and why.</summary>
    public static PeerStatus Skipped(PeerKind kind, string reason, string? pythonPath = null) => new(kind, false, reason, pythonPath, null);

    /// <summary>One line: available (versions; interpreter) or skipped (why).</summary>
    public override string ToString() =>
        IsAvailable ? $"{Kind}: available ({Versions}; {PythonPath})" : $"{Kind}: skipped ({SkipReason})";
}
