using TorchPractice.IO;

namespace TorchPractice.Cli.Commands;

/// <summary>
/// `gradcheck --plot DIR`: a directory of heat maps that gradcheck owns. DIR must be new (its parent existing), empty,
/// or one an earlier `gradcheck --plot` wrote (its marker file lists the pictures it wrote, and nothing else is there):
/// checked before any work, so a user's file is never replaced. Each picture is written atomically; pictures of an
/// earlier run that this run does not redraw (a tensor no longer wrong) are removed, since they are gradcheck's own.
/// </summary>
internal static class PlotDirectory
{
    /// <summary>The marker file: one line per picture gradcheck wrote there.</summary>
    public const string Marker = ".torchpractice-gradcheck-plots";

    /// <summary>Throws <see cref="UsageException"/> unless gradcheck may write its pictures into <paramref name="dir"/>.</summary>
    public static void Check(string dir)
    {
        if (File.Exists(dir)) throw new UsageException($"gradcheck: --plot {dir} is a file; give a directory (new, empty, or written by gradcheck --plot)");
        if (!Directory.Exists(dir))
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(dir));
            if (parent is null || !Directory.Exists(parent)) throw new UsageException($"gradcheck: --plot {dir}: its parent directory {parent} does not exist");
            return;
        }
        var entries = Entries(dir);
        if (entries.Length == 0) return;
        if (!entries.Contains(Marker))
            throw new UsageException($"gradcheck: --plot {dir} holds files gradcheck did not write ({entries[0]}); give a new or empty directory");
        var ours = Owned(dir);
        if (entries.FirstOrDefault(e => e != Marker && !ours.Contains(e)) is { } foreign)
            throw new UsageException($"gradcheck: --plot {dir} holds {foreign}, which gradcheck did not write; give a new or empty directory");
    }

    /// <summary>Writes each picture (name, writer of a path) into <paramref name="dir"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string dir, IReadOnlyList<(string Name, Action<string> Save)> pictures)
    {
        Check(dir);
        Directory.CreateDirectory(dir);
        var old = Owned(dir);
        var names = pictures.Select(p => p.Name).ToArray();
        var marker = Path.Combine(dir, Marker);
        // The marker names old and new pictures while they are written: an interrupted run leaves only files it names.
        AtomicFile.WriteAllText(marker, string.Join('\n', old.Union(names)) + "\n");
        var paths = new List<string>();
        foreach (var (name, save) in pictures)
        {
            var path = Path.Combine(dir, name);
            save(path);
            paths.Add(path);
        }
        foreach (var stale in old.Except(names))
        {
            var path = Path.Combine(dir, stale);
            if (File.Exists(path)) File.Delete(path);
        }
        AtomicFile.WriteAllText(marker, names.Length == 0 ? "" : string.Join('\n', names) + "\n");
        return paths;
    }

    /// <summary>The directory's entries, without the hidden temporary files of an interrupted atomic write.</summary>
    static string[] Entries(string dir) => Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>()
        .Where(e => !(e.StartsWith('.') && e.Contains(".tmp-", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToArray();

    static HashSet<string> Owned(string dir)
    {
        var marker = Path.Combine(dir, Marker);
        return File.Exists(marker)
            ? File.ReadAllLines(marker).Where(l => l.Length > 0 && !l.Contains('/') && !l.Contains('\\') && l != Marker).ToHashSet(StringComparer.Ordinal)
            : [];
    }
}
