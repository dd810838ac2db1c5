namespace TorchPractice.Data.Loading;

/// <summary>How far a loader has read a data file (reported through <see cref="IProgress{T}"/>, on the loading thread).</summary>
/// <param name="Path">The file as the caller named it.</param>
/// <param name="BytesRead">Bytes read from the file so far (the reader reads ahead by one buffer).</param>
/// <param name="TotalBytes">The file's size, or null where it is not known in advance (a pipe or device).</param>
/// <param name="Rows">Data rows read so far.</param>
public sealed record DataLoadProgress(string Path, long BytesRead, long? TotalBytes, long Rows)
{
    /// <summary>BytesRead / TotalBytes in [0, 1], or null without a known size.</summary>
    public double? Fraction => TotalBytes is > 0 and long total ? Math.Min(1.0, (double)BytesRead / total) : null;
}
