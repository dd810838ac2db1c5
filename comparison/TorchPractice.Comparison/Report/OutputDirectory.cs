using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TorchPractice.Comparison.Report;

/// <summary>
/// Where a report goes. Everything is written into a hidden staging directory next to the target and renamed into
/// place at the end, so the target never holds a half-written report: it appears whole or not at all. A marker file
/// (<see cref="MarkerFile"/>) lists what the report holds: --force replaces only a directory that is such a report and
/// holds nothing else. Runs that finish at the same time into the same target take turns (a lock on the parent); the
/// later one never replaces the earlier one's report (unless forced to replace exactly the report it saw at the start)
/// but moves its own to the first free "TARGET-N" beside it. Staging directories of runs that were killed are removed
/// by the next run into the same parent once their process is gone. A write that fails (a full disk) is recorded in
/// <see cref="Failure"/> by <see cref="TryWrite(string, byte[])"/>: the report is then not whole and must be abandoned.
/// </summary>
public sealed class OutputDirectory
{
    OutputDirectory(string target, string staging, bool force, string? replaces, Func<string, Stream> createFile) =>
        (Target, Staging, _force, _replaces, _createFile) = (target, staging, force, replaces, createFile);

    readonly Func<string, Stream> _createFile;
    readonly bool _force;
    readonly string? _replaces;
    bool _keepStaging;

    /// <summary>Written into every report: marks the directory as TorchPractice's and lists the files it wrote.</summary>
    public const string MarkerFile = ".torchpractice-report";
    const string MarkerFormat = "torchpractice-compare-report";

    /// <summary>Where the report ends up.</summary>
    public string Target { get; }
    /// <summary>Where it is written first (renamed into place when whole).</summary>
    public string Staging { get; }

    /// <summary>
    /// comparison/results/compare-YYYYMMDD-HHMMSS under the repository when <paramref name="currentDirectory"/> is inside
    /// one (a folder with TorchPractice.sln and comparison/), else compare-YYYYMMDD-HHMMSS in the current directory.
    /// Two runs started in the same second get the same name; the later to finish moves to "NAME-2" (see <see cref="Commit"/>).
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
    /// (with <paramref name="force"/>: one that is not an earlier TorchPractice report, or holds anything else), a file
    /// or link, or cannot be created or written. Removes staging directories that killed runs left beside the target.
    /// </summary>
    /// <param name="target">The report's directory.</param>
    /// <param name="force">Replace an earlier report there.</param>
    /// <param name="createFile">
    /// Opens a report file (a path in the staging directory) for writing; null: a new <see cref="FileStream"/>. A seam for
    /// tests (a stream that fails half way, as a full disk does).
    /// </param>
    public static OutputDirectory Prepare(string target, bool force, Func<string, Stream>? createFile = null)
    {
        target = Path.GetFullPath(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is { Length: > 0 } t ? t : target);
        var parent = Path.GetDirectoryName(target) ?? throw new OutputDirectoryException($"cannot write the report to {target}: it has no parent directory");
        string? replaces = null;
        switch (UnixFiles.KindOf(target))
        {
            case UnixFiles.Kind.Missing: break;
            case UnixFiles.Kind.Directory:
                if (!Directory.EnumerateFileSystemEntries(target).Any()) break;
                if (!force)
                    throw new OutputDirectoryException($"{target} already exists and is not empty; choose another directory, or allow replacing an earlier report")
                        { Refusal = OutputDirectoryRefusal.NotEmpty, Target = target };
                var marker = ReadMarker(target)
                    ?? throw new OutputDirectoryException($"{target} is not an earlier TorchPractice report (no {MarkerFile}); only such a report is replaced: choose another directory")
                        { Refusal = OutputDirectoryRefusal.NotAReport, Target = target };
                if (Foreign(target, marker.Files).FirstOrDefault() is { } foreign)
                    throw new OutputDirectoryException($"{target} holds {foreign}, which is not part of the earlier report; only a directory holding nothing but a TorchPractice report is replaced: choose another directory")
                        { Refusal = OutputDirectoryRefusal.ForeignFile, Target = target, ForeignFile = foreign };
                replaces = marker.Id;
                break;
            case UnixFiles.Kind.Regular:
                throw new OutputDirectoryException($"cannot write the report to {target}: it is a file, not a directory");
            case var kind:
                throw new OutputDirectoryException($"cannot write the report to {target}: it is {UnixFiles.Describe(kind)}, not a directory");
        }
        if (Directory.Exists(parent)) RemoveAbandoned(parent);
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
        return new OutputDirectory(target, staging, force, replaces,
            createFile ?? (path => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None)));
    }

    /// <summary>
    /// The first write that failed ("init-costs.png: No space left on device"), or null. Once set, the report is not
    /// whole: <see cref="TryWrite(string, byte[])"/> writes nothing more, and the caller abandons the staging directory.
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>Whether a write has failed (<see cref="Failure"/>).</summary>
    public bool Failed => Failure is not null;

    /// <summary>Writes a file into the staging directory (it becomes visible only with <see cref="Commit"/>); throws on failure.</summary>
    public string Write(string fileName, string contents) => Write(fileName, Encoding.UTF8.GetBytes(contents));

    /// <summary>Writes a file's bytes into the staging directory; throws an <see cref="IOException"/> on failure.</summary>
    public string Write(string fileName, byte[] contents)
    {
        var path = Path.Combine(Staging, fileName);
        using (var stream = _createFile(path))
        {
            stream.Write(contents);
            stream.Flush();
        }
        return path;
    }

    /// <summary>
    /// Writes a file into the staging directory unless a write has already failed. A failure (<see cref="IOException"/>,
    /// e.g. a full disk, or no permission) is recorded in <see cref="Failure"/>, the partial file removed, and false returned.
    /// </summary>
    public bool TryWrite(string fileName, byte[] contents)
    {
        if (Failed) return false;
        var path = Path.Combine(Staging, fileName);
        try
        {
            Write(fileName, contents);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failure = $"{fileName}: {Reason(e)}";
            try { File.Delete(path); } catch (Exception d) when (d is IOException or UnauthorizedAccessException) { }
            return false;
        }
    }

    /// <summary>Text as UTF-8 (no byte-order mark), as <see cref="TryWrite(string, byte[])"/>.</summary>
    public bool TryWrite(string fileName, string contents) => TryWrite(fileName, Encoding.UTF8.GetBytes(contents));

    /// <summary>
    /// <see cref="Commit"/> unless a write has failed; a failure of the commit itself (writing the marker on a full disk)
    /// is recorded in <see cref="Failure"/>. Returns where the report went, or null (then call <see cref="Abandon"/>).
    /// </summary>
    public string? TryCommit()
    {
        if (Failed) return null;
        try { return Commit(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failure = e is OutputDirectoryException ? e.Message : $"{MarkerFile}: {Reason(e)}";
            return null;
        }
    }

    /// <summary>
    /// Moves the staged report into place and returns where it went: the target, or — when another run filled the
    /// target meanwhile (or, with force, replaced the report this run was to replace) — the first free "TARGET-N"
    /// beside it. An existing target is replaced only when forced and it still is the report seen by <see cref="Prepare"/>.
    /// </summary>
    public string Commit()
    {
        var files = Directory.EnumerateFileSystemEntries(Staging).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Write(MarkerFile, JsonSerializer.Serialize(new Marker(MarkerFormat, Guid.NewGuid().ToString("N"), files!)));
        var parent = Path.GetDirectoryName(Target)!;
        using var turn = UnixFiles.LockDirectory(parent);
        string? old = null;
        var kind = UnixFiles.KindOf(Target);
        if (kind == UnixFiles.Kind.Directory)
        {
            if (!Directory.EnumerateFileSystemEntries(Target).Any()) Directory.Delete(Target);
            else if (_force && _replaces is not null && ReadMarker(Target) is { } m && m.Id == _replaces && !Foreign(Target, m.Files).Any())
            {
                old = Staging.Replace(".partial-", ".old-", StringComparison.Ordinal);
                Directory.Move(Target, old);
            }
            else return MoveToFreeName();
        }
        else if (kind != UnixFiles.Kind.Missing) return MoveToFreeName();
        try { Directory.Move(Staging, Target); }
        catch (IOException) when (old is null) { return MoveToFreeName(); }
        if (old is not null) TryDelete(old);
        return Target;
    }

    string MoveToFreeName()
    {
        for (int n = 2; n < 10_000; n++)
        {
            var candidate = $"{Target}-{n}";
            if (UnixFiles.KindOf(candidate) != UnixFiles.Kind.Missing) continue;
            try { Directory.Move(Staging, candidate); return candidate; }
            catch (IOException) { } // taken by a process that does not take turns: try the next name
        }
        _keepStaging = true;
        throw new OutputDirectoryException($"{Target} and every {Target}-N are taken; the report is left in {Staging}");
    }

    /// <summary>Removes the staging directory: nothing of an abandoned run is left behind (unless a message named it).</summary>
    public void Abandon()
    {
        if (!_keepStaging) TryDelete(Staging);
    }

    static readonly Regex PathSuffix = new(@" : '[^']*'$", RegexOptions.CultureInvariant);

    /// <summary>"No space left on device", without .NET's " : '/the/staging/path'" (a name that means nothing to the reader).</summary>
    static string Reason(Exception e) => PathSuffix.Replace(e.Message, "");

    sealed record Marker(string Format, string Id, string[] Files);

    static Marker? ReadMarker(string directory)
    {
        var path = Path.Combine(directory, MarkerFile);
        if (UnixFiles.KindOf(path) != UnixFiles.Kind.Regular) return null;
        try
        {
            var m = JsonSerializer.Deserialize<Marker>(File.ReadAllText(path));
            return m is { Format: MarkerFormat, Id: not null, Files: not null } ? m : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Entries of the directory that the report did not write.</summary>
    static IEnumerable<string> Foreign(string directory, string[] reportFiles) =>
        Directory.EnumerateFileSystemEntries(directory).Select(p => Path.GetFileName(p)!)
            .Where(n => n != MarkerFile && !reportFiles.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal);

    static readonly Regex Leftover = new(@"^\..+\.(partial|old)-(\d+)-[0-9a-f]{8}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Deletes staging (and set-aside) directories in <paramref name="parent"/> whose process is gone (no such process,
    /// or one started after the directory was last written: the id was reused) and that hold only what a report holds.
    /// </summary>
    public static void RemoveAbandoned(string parent)
    {
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateDirectories(parent, ".*").ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var dir in candidates)
        {
            var match = Leftover.Match(Path.GetFileName(dir));
            if (!match.Success || !int.TryParse(match.Groups[2].Value, out int pid) || UnixFiles.KindOf(dir) != UnixFiles.Kind.Directory) continue;
            try
            {
                if (OwnerAlive(pid, Directory.GetLastWriteTimeUtc(dir)) || !LooksLikeOurs(dir)) continue;
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    static bool OwnerAlive(int pid, DateTime lastWriteUtc)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.StartTime.ToUniversalTime() <= lastWriteUtc.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>Only files a report writes: no subdirectories, nothing but the marker, report.md, results.json, PNGs, the probe.</summary>
    static bool LooksLikeOurs(string dir) =>
        !Directory.EnumerateDirectories(dir).Any() &&
        Directory.EnumerateFiles(dir).Select(Path.GetFileName).All(n =>
            n is MarkerFile or ReportWriter.MarkdownFile or ReportWriter.JsonFile or ".probe" || n!.EndsWith(".png", StringComparison.Ordinal));

    static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
