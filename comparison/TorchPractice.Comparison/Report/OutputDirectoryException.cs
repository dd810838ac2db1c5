using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TorchPractice.Comparison.Report;

/// <summary>The report cannot be written where asked: said before any training starts.</summary>
/// <param name="message">What is wrong, in the library's terms.</param>
/// <param name="inner">The file-system error behind it, if any.</param>
public sealed class OutputDirectoryException(string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>Why the directory was refused (<see cref="OutputDirectoryRefusal.Other"/>: see the message).</summary>
    public OutputDirectoryRefusal Refusal { get; init; } = OutputDirectoryRefusal.Other;

    /// <summary>The directory asked for (full path), when <see cref="Refusal"/> is not Other.</summary>
    public string? Target { get; init; }

    /// <summary>The file that is not part of an earlier report (<see cref="OutputDirectoryRefusal.ForeignFile"/>).</summary>
    public string? ForeignFile { get; init; }
}
