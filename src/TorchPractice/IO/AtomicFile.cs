namespace TorchPractice.IO;

/// <summary>
/// Writes a file whole or not at all: into a hidden temporary file in the same directory, then renamed over the
/// target, so a crash or a full disk never leaves half a file where the old one was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/> atomically (replacing a file there).</summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <param name="contents">The whole text of the file.</param>
    /// <exception cref="IOException">
    /// The write failed (e.g. a full disk): the message names <paramref name="path"/>, not the temporary file, and the
    /// file at <paramref name="path"/> is as it was.
    /// </exception>
    public static void WriteAllText(string path, string contents)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(temp, contents);
            File.Move(temp, full, overwrite: true);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // "No space left on device : '/dir/.name.tmp-…'": the temporary name means nothing to the reader.
            throw new IOException($"cannot write {full}: {e.Message.Replace($" : '{temp}'", "", StringComparison.Ordinal)}", e);
        }
        finally
        {
            try { if (File.Exists(temp)) File.Delete(temp); }
            catch (IOException) { } // never hides the write's own exception
        }
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically with a writer that takes a file name (e.g. a plot's SavePng): it writes a
    /// hidden temporary file in the same directory, which is then renamed over the target.
    /// </summary>
    /// <param name="path">The file to write; its directory must exist.</param>
    /// <param name="write">Writes the whole file at the path it is given.</param>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}{Path.GetExtension(full)}");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }
}
