using TorchPractice.Data.Loading;

namespace TorchPractice.Data;

/// <summary>How to read a data spec (see <see cref="DataSources.Resolve"/>).</summary>
public sealed record DataOptions
{
    /// <summary>CSV only: the label column's name (default: the last column).</summary>
    public string? LabelColumn { get; init; }
    /// <summary>Seeds a built-in dataset's generation, a CSV's train/test split and the dev split: 0 to 2**32 − 1, as NumPy's seeds.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>
    /// Above 0: the share of the training data carved out as a dev set (seeded with <see cref="Seed"/>; see
    /// <see cref="Splitting.CarveDev"/>), for every kind of data. 0 (the default): no dev set, train and test as they come.
    /// </summary>
    public double DevFraction { get; init; }
    /// <summary>The dev split keeps each class's share (default), or is a plain shuffle.</summary>
    public bool StratifyDev { get; init; } = true;
    /// <summary>CSV without <see cref="TestPath"/>: the share of samples held out for testing, per class.</summary>
    public double TestFraction { get; init; } = 0.2;
    /// <summary>CSV only: a second CSV (same columns) used as the test set instead of splitting.</summary>
    public string? TestPath { get; init; }
    /// <summary>CSV only: told how far each file has been read (see <see cref="CsvLoadOptions.Progress"/>).</summary>
    public IProgress<DataLoadProgress>? Progress { get; init; }
}
