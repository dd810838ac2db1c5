namespace TorchPractice.Data.Loading;

/// <summary>
/// Builds the exception for a data file (or data view) whose content is not what a loader expects:
/// an <see cref="InvalidDataException"/>, which the CLI reports as bad input. The message is complete
/// (file, then line and column for text or the byte offset for binary files, then what was expected);
/// the same place is also stored in <see cref="Exception.Data"/> under the keys below, for callers and tests.
/// </summary>
public static class DataError
{
    public const string PathKey = "Path", LineKey = "Line", ColumnKey = "Column", ByteOffsetKey = "ByteOffset";

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
