using System.Globalization;

namespace TorchPractice.Cli;

/// <summary>
/// --seed and --data-seed: whole numbers in NumPy's seed range [0, 2**32 − 1] (or a narrower one where the library
/// takes less), refused with one line that names the flag and the range — never the library's message without the flag.
/// </summary>
static class Seeds
{
    /// <summary>The largest NumPy seed, 2**32 − 1.</summary>
    public const long NumPyMax = uint.MaxValue;

    /// <summary>The seed given as --<paramref name="name"/>, or <paramref name="fallback"/>; it must lie in [0, <paramref name="max"/>]
    /// (<paramref name="why"/>, e.g. "; circles' test set takes seed + 1", ends the range's explanation).</summary>
    public static long Read(CommandLine o, string command, string name, long fallback, long max = NumPyMax, string? why = null)
    {
        var text = o.String(name);
        if (text is null) return fallback;
        string range = max switch
        {
            NumPyMax => $"[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295{why})",
            NumPyMax - 1 => $"[0, 2**32 − 2] (0 to 4294967294{why})",
            int.MaxValue => $"[0, 2**31 − 1] (0 to 2147483647{why})",
            _ => $"[0, {max}]",
        };
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed) && seed >= 0 && seed <= max)
            return seed;
        throw new UsageException($"{command}: --{name} expects a whole number in {range}; got '{text}'");
    }
}
