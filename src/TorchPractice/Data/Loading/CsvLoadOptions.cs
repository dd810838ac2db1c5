namespace TorchPractice.Data.Loading;

/// <summary>How <see cref="CsvFile"/> reads a table.</summary>
public sealed record CsvLoadOptions
{
    /// <summary>The label column's name (default: the last column).</summary>
    public string? LabelColumn { get; init; }

    /// <summary>
    /// Read every column as a feature: a table without a label column (data to predict). The dataset's labels are then
    /// NaN (see <see cref="Dataset.IsLabelled"/>). Not together with <see cref="LabelColumn"/>.
    /// </summary>
    public bool Unlabelled { get; init; }

    /// <summary>
    /// Refuse a table whose labels are all one class (default: a classifier cannot learn from it). Off for data that is
    /// only predicted and scored, where one class is a valid sample.
    /// </summary>
    public bool RequireBothClasses { get; init; } = true;

    /// <summary>
    /// Told how far the file has been read about every MiB, and once at the end, on the loading thread.
    /// The library prints nothing; the CLI shows it for large files.
    /// </summary>
    public IProgress<DataLoadProgress>? Progress { get; init; }

    /// <summary>
    /// The most memory the table's numbers may take, as float64 (8 bytes a cell). A file that holds more is refused at
    /// the line where it passes the limit, so that no input (an endless pipe, a device) can exhaust memory.
    /// Default: <see cref="DataLimits.DefaultMemoryBytes"/>.
    /// </summary>
    public long MemoryLimitBytes { get; init; } = DataLimits.DefaultMemoryBytes;
}
