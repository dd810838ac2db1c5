using TorchSharp;

namespace TorchPractice.Random;

/// <summary>Creates random sources by name ("numpy" or "torch").</summary>
public static class RandomSources
{
    /// <summary>NumPy's legacy RandomState stream (<see cref="NumPyRandomSource"/>).</summary>
    public const string NumPy = "numpy";
    /// <summary>libtorch's generator (<see cref="TorchRandomSource"/>).</summary>
    public const string Torch = "torch";
    /// <summary>Both kinds' names.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [NumPy, Torch];

    /// <summary>
    /// A source of the named kind seeded with <paramref name="seed"/>. The device is where its tensors
    /// will be used; both kinds draw on the CPU (see each class for why), so it only validates here.
    /// </summary>
    public static IRandomSource Create(string kind, long seed, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return kind?.Trim().ToLowerInvariant() switch
        {
            NumPy => new NumPyRandomSource(seed),
            Torch => new TorchRandomSource(seed),
            _ => throw new ArgumentException($"unknown random source '{kind}': expected numpy or torch", nameof(kind)),
        };
    }

    /// <summary>The shape as NumPy-style int dimensions; rejects negative or oversized ones.</summary>
    internal static int[] CheckedShape(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        var dims = new int[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0 || shape[i] > Array.MaxLength || (count *= shape[i]) > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(shape), $"shape ({string.Join(", ", shape)}): dimensions must be non-negative and hold at most {Array.MaxLength} values");
            dims[i] = (int)shape[i];
        }
        return dims;
    }
}
