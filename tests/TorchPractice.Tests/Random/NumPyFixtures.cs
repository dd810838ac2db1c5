using System.Buffers.Binary;
using System.Text.Json;

namespace TorchPractice.Tests.Random;

/// <summary>
/// Reads Fixtures/numpy (written by Fixtures/generate_numpy_fixtures.py with Debian's NumPy and
/// scikit-learn): a manifest of what was drawn, and little-endian binary files holding the values.
/// </summary>
public static class NumPyFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "numpy");

    static readonly Lazy<JsonElement> LazyManifest = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "manifest.json"))).RootElement);

    public static JsonElement Manifest => LazyManifest.Value;

    public static IEnumerable<JsonElement> Items(string section) => Manifest.GetProperty(section).EnumerateArray();

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The float64 values a manifest entry ({file, dtype: "f8", offset, count}) points at.</summary>
    public static double[] Doubles(JsonElement entry) =>
        Raw(entry, "f8").Select(BitConverter.Int64BitsToDouble).ToArray();

    /// <summary>The int64 values a manifest entry ({file, dtype: "i8", offset, count}) points at.</summary>
    public static long[] Longs(JsonElement entry) => Raw(entry, "i8");

    static long[] Raw(JsonElement entry, string dtype)
    {
        Assert.Equal(dtype, entry.GetProperty("dtype").GetString());
        var bytes = File.ReadAllBytes(Path.Combine(Directory, entry.GetProperty("file").GetString()!));
        int offset = entry.GetProperty("offset").GetInt32(), count = entry.GetProperty("count").GetInt32();
        var values = new long[count];
        for (int i = 0; i < count; i++)
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset + 8 * i, 8));
        return values;
    }

    /// <summary>Bit-for-bit equality of doubles, naming the first index that differs.</summary>
    public static void AssertBitEqual(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, NumPy gives {expected[i]:R}");
        }
    }
}
