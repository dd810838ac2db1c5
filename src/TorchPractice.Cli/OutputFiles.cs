using TorchPractice.Comparison.Report;

namespace TorchPractice.Cli;

/// <summary>Output paths, checked before any work: what TorchPractice may write, and where.</summary>
public static class OutputFiles
{
    /// <summary>
    /// Fails before any work unless <paramref name="path"/> is absent or a regular file (never a directory, device
    /// node, FIFO, socket or symbolic link: files are replaced by renaming a new one over them) in an existing,
    /// writable directory. <paramref name="option"/> names the option in the message (e.g. "--save").
    /// </summary>
    public static void CheckFileTarget(string path, string option)
    {
        var kind = UnixFiles.KindOf(Path.GetFullPath(path));
        if (kind is not (UnixFiles.Kind.Missing or UnixFiles.Kind.Regular))
            throw new UsageException($"{option} {path}: it is {UnixFiles.Describe(kind)}; give the path of a new or regular file");
        CheckWritable(path);
    }

    /// <summary>
    /// <see cref="CheckFileTarget"/>, and an existing file is replaced only when it is one of ours
    /// (<paramref name="isOurs"/>; <paramref name="ours"/> says what that is, e.g. "a TorchPractice parameter file") or
    /// <paramref name="force"/> is set: anything else is refused, before any work, so that a user's file survives a typo.
    /// </summary>
    public static void CheckReplaceable(string path, string option, Func<string, bool> isOurs, string ours, bool force)
    {
        CheckFileTarget(path, option);
        if (!force && File.Exists(path) && !isOurs(path))
            throw new UsageException($"{option} {path}: the file exists and is not {ours}, so it is left alone; give another path, or --force to replace it");
    }

    /// <summary>
    /// Fails unless <paramref name="path"/> is a different file from every input of the run (compared by identity:
    /// device and inode, so a symbolic or hard link to an input counts as the input). Never overridden by --force.
    /// </summary>
    public static void CheckNotInput(string path, string option, params (string Option, string? Path)[] inputs)
    {
        foreach (var (name, input) in inputs)
            if (input is not null && UnixFiles.SameFile(path, input))
                throw new UsageException($"{option} {path}: that is the {name} file of this run{(input == path ? "" : $" ({input})")}; an input is never written over, give another path");
    }

    /// <summary>Fails before any work if a file cannot be written where asked (directory missing or read-only).</summary>
    public static void CheckWritable(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir)) throw new UsageException($"cannot write {path}: directory {dir} does not exist");
        var probe = Path.Combine(dir, $".torchpractice-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try { using (new FileStream(probe, FileMode.CreateNew)) { } File.Delete(probe); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        { throw new UsageException($"cannot write {path}: {e.Message}"); }
    }
}
