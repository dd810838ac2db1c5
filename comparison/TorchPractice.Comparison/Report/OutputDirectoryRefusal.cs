namespace TorchPractice.Comparison.Report;

/// <summary>Why <see cref="OutputDirectory.Prepare"/> refused a directory (the caller words it in its own terms, e.g. flags).</summary>
public enum OutputDirectoryRefusal
{
    /// <summary>Anything else (no parent, a file, unwritable): the message says it.</summary>
    Other,
    /// <summary>The directory exists and is not empty, and replacing was not allowed.</summary>
    NotEmpty,
    /// <summary>Replacing was allowed, but the directory is not an earlier report (no marker).</summary>
    NotAReport,
    /// <summary>Replacing was allowed, but the directory holds a file the earlier report did not write.</summary>
    ForeignFile,
}
