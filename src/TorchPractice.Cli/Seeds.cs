using System.CommandLine;
using System.Globalization;
using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;

namespace TorchPractice.Cli;

/// <summary>
/// --seed and --data-seed: whole numbers in NumPy's seed range [0, 2**32 − 1] (or a narrower one where the library
/// takes less), refused with one line that names the flag and the range — never the library's message without the flag.
/// </summary>
static class Seeds
{
    /// <summary>The largest NumPy seed, 2**32 − 1.</summary>
    public const long NumPyMax = uint.MaxValue;

    /// <summary>
    /// `--name S` (default <paramref name="fallback"/>): a whole number in [0, <paramref name="max"/>]. Without a
    /// <paramref name="max"/> only the number is parsed here and the command checks the range with <see cref="Check"/>
    /// (--data-seed's range depends on --data).
    /// </summary>
    public static Option<long> Option(string name, string description, long fallback, long? max = NumPyMax) =>
        Declare.Value(name, "S", description, fallback,
            s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed) ? seed : throw new FormatException(s),
            $"a whole number in {Range(max ?? NumPyMax, null)}",
            max is { } m ? seed => seed >= 0 && seed <= m ? null : $"{name} expects a whole number in {Range(m, null)}; got '{seed.ToString(CultureInfo.InvariantCulture)}'" : null);

    /// <summary>Throws <see cref="UsageException"/> unless <paramref name="seed"/> lies in [0, <paramref name="max"/>]
    /// (<paramref name="why"/>, e.g. ": circles' test set takes seed + 1", ends the range's explanation).</summary>
    public static long Check(string command, string name, long seed, long max, string? why = null) => seed >= 0 && seed <= max ? seed
        : throw new UsageException($"{command}: {name} expects a whole number in {Range(max, why)}; got '{seed.ToString(CultureInfo.InvariantCulture)}'");

    /// <summary>
    /// --data-seed for <paramref name="dataSpec"/>: the given seed, or the data set's course seed (moons: 3, else 1),
    /// checked against its range (circles and moons draw their test set with seed + 1).
    /// </summary>
    public static long DataSeed(string command, ParseResult parse, Option<long> option, string? dataSpec)
    {
        bool pair = string.Equals(dataSpec, Circles.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(dataSpec, Moons.Name, StringComparison.OrdinalIgnoreCase);
        long seed = Declare.IsGiven(parse, option) ? parse.GetValue(option) : BuiltInDatasets.CourseSeed(dataSpec);
        return Check(command, option.Name, seed, pair ? NumPyMax - 1 : NumPyMax, pair ? $": {dataSpec!.ToLowerInvariant()}' test set takes seed + 1" : null);
    }

    static string Range(long max, string? why) => max switch
    {
        NumPyMax => $"[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295{why})",
        NumPyMax - 1 => $"[0, 2**32 − 2] (0 to 4294967294{why})",
        int.MaxValue => $"[0, 2**31 − 1] (0 to 2147483647{why})",
        _ => $"[0, {max}]",
    };
}
