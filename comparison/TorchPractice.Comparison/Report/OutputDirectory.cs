namespace TorchPractice.Comparison.Report;

/// <summary>The report cannot be written where asked: said before any training starts.</summary>
public sealed class OutputDirectoryException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// Where a report goes. Everything is written into a hidden staging directory next to the target and renamed into
/// place at the end, so the target never holds a half-written report: it appears whole or not at all.
/// </summary>
public sealed class OutputDirectory
{
    OutputDirectory(string target, string staging, bool force) => (Target, Staging, _force) = (target, staging, force);

    readonly bool _force;
    public string Target { get; }
    public string Staging { get; }

    /// <summary>
    /// comparison/results/compare-YYYYMMDD-HHMMSS under the repository when <paramref name="currentDirectory"/> is inside
    /// one (a folder with TorchPractice.sln and comparison/), else compare-YYYYMMDD-HHMMSS in the current directory.
    /// </summary>
    public static string DefaultPath(string currentDirectory, DateTime now)
    {
        string name = $"compare-{now:yyyyMMdd-HHmmss}";
        for (var dir = new DirectoryInfo(currentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TorchPractice.sln")) && Directory.Exists(Path.Combine(dir.FullName, "comparison")))
                return Path.Combine(dir.FullName, "comparison", "results", name);
        return Path.Combine(currentDirectory, name);
    }

    /// <summary>
    /// Checks that the report can be written to <paramref name="target"/> and creates the staging directory (which
    /// proves it). Throws <see cref="OutputDirectoryException"/> when the target is an existing non-empty directory
    /// (unless <paramref name="force"/>), a file, or cannot be created or written.
    /// </summary>
    public static OutputDirectory Prepare(string target, bool force)
    {
        target = Path.GetFullPath(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is { Length: > 0 } t ? t : target);
        if (File.Exists(target))
            throw new OutputDirectoryException($"cannot write the report to {target}: it is a file, not a directory");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !force)
            throw new OutputDirectoryException($"{target} already exists and is not empty; choose another --out or pass --force to replace it");
        var parent = Path.GetDirectoryName(target) ?? throw new OutputDirectoryException($"cannot write the report to {target}: it has no parent directory");
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            Directory.CreateDirectory(parent);
            Directory.CreateDirectory(staging);
            // Creating a directory can succeed where writing files does not (e.g. some network mounts): write one.
            var probe = Path.Combine(staging, ".probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            TryDelete(staging);
            throw new OutputDirectoryException($"cannot write the report to {target}: {e.Message}", e);
        }
        return new OutputDirectory(target, staging, force);
    }

    /// <summary>Writes a file into the staging directory (it becomes visible only with <see cref="Commit"/>).</summary>
    public string Write(string fileName, string contents)
    {
        var path = Path.Combine(Staging, fileName);
        File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>Moves the staged report into place (replacing an existing target only when forced or empty).</summary>
    public void Commit()
    {
        string? old = null;
        if (Directory.Exists(Target))
        {
            bool empty = !Directory.EnumerateFileSystemEntries(Target).Any();
            if (!empty && !_force)
                throw new OutputDirectoryException($"{Target} was filled by something else during the run; the report is left in {Staging}");
            if (empty) Directory.Delete(Target);
            else
            {
                old = Staging.Replace(".partial-", ".old-", StringComparison.Ordinal);
                Directory.Move(Target, old);
            }
        }
        Directory.Move(Staging, Target);
        if (old is not null) TryDelete(old);
    }

    /// <summary>Removes the staging directory: nothing of an abandoned run is left behind.</summary>
    public void Abandon() => TryDelete(Staging);

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
