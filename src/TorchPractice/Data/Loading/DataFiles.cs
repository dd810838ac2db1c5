namespace TorchPractice.Data.Loading;

/// <summary>Opening data files: one clear exception per way it can fail, and the start of the file for a first look.</summary>
static class DataFiles
{
    /// <summary>How much of a file is looked at to tell text from binary data.</summary>
    public const int FirstBlockBytes = 64 * 1024;

    /// <summary>
    /// Opens <paramref name="path"/> for reading. Throws <see cref="FileNotFoundException"/> (absent, or a directory)
    /// and <see cref="UnauthorizedAccessException"/> (no permission) with messages that name the file.
    /// </summary>
    public static FileStream OpenRead(string path, string kind)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"{kind} '{path}' is a directory, not a file", path);
        try
        {
            // No FileStream buffer: the readers above it buffer.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{kind} '{path}' not found", path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{kind} '{path}' cannot be read: permission denied (check the file's and its folders' permissions)", e);
        }
    }

    /// <summary>The size of a regular file, or null for a pipe or device (whose length is not known in advance).</summary>
    public static long? KnownLength(Stream stream)
    {
        try { return stream.CanSeek ? stream.Length : null; }
        catch (IOException) { return null; }
    }

    /// <summary>Fills <paramref name="buffer"/> (less of it only at the end of the stream); returns the bytes read.</summary>
    public static int ReadBlock(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
