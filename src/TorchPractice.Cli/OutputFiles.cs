namespace TorchPractice.Cli;

static class OutputFiles
{
    /// <summary>Fails before any work if a file cannot be written where asked (directory missing or read-only).</summary>
    public static void CheckWritable(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir)) throw new UsageException($"cannot write {path}: directory {dir} does not exist");
        var probe = Path.Combine(dir, $".torchpractice-write-test-{Environment.ProcessId}");
        try { File.WriteAllText(probe, ""); File.Delete(probe); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        { throw new UsageException($"cannot write {path}: {e.Message}"); }
    }
}
