namespace TorchPractice.Data.Loading;

/// <summary>The bounds the loaders keep to, so that no input can make them take unbounded memory.</summary>
public static class DataLimits
{
    /// <summary>
    /// A quarter of the memory available to the process (physical memory, or the container's limit), and at most
    /// what one .NET array can hold: loading needs about twice the numbers' size at its peak, and training another copy.
    /// </summary>
    public static long DefaultMemoryBytes { get; } =
        Math.Min(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, (long)Array.MaxLength * sizeof(double));

    /// <summary>The longest line the CSV reader accepts (Sep's row limit, in characters).</summary>
    public const int MaxLineCharacters = 1 << 24;

    /// <summary>"1.5 GiB", "300 MiB", "12 KiB".</summary>
    public static string Bytes(long bytes) => FormattableString.Invariant(bytes switch
    {
        >= 1L << 30 => (FormattableString)$"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => (FormattableString)$"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => (FormattableString)$"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    });
}
