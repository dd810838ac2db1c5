namespace TorchPractice.Data.Loading;

/// <summary>
/// Builds the exception for a data file (or data view) whose content is not what a loader expects:
/// an <see cref="InvalidDataException"/>, which the CLI reports as bad input. The message is complete
/// (file, then line and column for text or the byte offset for binary files, then what was expected);
/// the same place is also stored in <see cref="Exception.Data"/> under the keys below, for callers and tests.
/// </summary>
public static class DataError
{
    /// <summary>The <see cref="Exception.Data"/> key of the file (string).</summary>
    public const string PathKey = "Path";
    /// <summary>The <see cref="Exception.Data"/> key of the 1-based line (int).</summary>
    public const string LineKey = "Line";
    /// <summary>The <see cref="Exception.Data"/> key of the 1-based column (int).</summary>
    public const string ColumnKey = "Column";
    /// <summary>The <see cref="Exception.Data"/> key of the byte offset (long).</summary>
    public const string ByteOffsetKey = "ByteOffset";

    /// <summary>The exception, with the place stored under the keys above.</summary>
    /// <param name="message">The complete message (file, place, what was expected).</param>
    /// <param name="path">The file as the user named it (or the data view's name).</param>
    /// <param name="line">1-based line of a text file (for a data view: 1-based row).</param>
    /// <param name="column">1-based column.</param>
    /// <param name="byteOffset">Where in a binary file the problem is.</param>
    public static InvalidDataException Create(string message, string path, int? line = null, int? column = null, long? byteOffset = null)
    {
        var e = new InvalidDataException(message);
        e.Data[PathKey] = path;
        if (line is not null) e.Data[LineKey] = line.Value;
        if (column is not null) e.Data[ColumnKey] = column.Value;
        if (byteOffset is not null) e.Data[ByteOffsetKey] = byteOffset.Value;
        return e;
    }
}
