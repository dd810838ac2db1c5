using System.Diagnostics.CodeAnalysis;
using TorchPractice.Data.BuiltIn;

namespace TorchPractice.Data;

/// <summary>The datasets that ship with TorchPractice (no download): circles, football, fraud, moons.</summary>
public static class BuiltInDatasets
{
    /// <summary>The built-in datasets' names: circles, football, fraud, moons.</summary>
    public static IReadOnlyList<string> Names { get; } = [Circles.Name, Football.Name, Fraud.Name, Moons.Name];

    /// <summary>The seed that gives each dataset's reference data (for circles: the course's pair).</summary>
    public const int DefaultSeed = Circles.CourseSeed;

    /// <summary>The seed that gives the course's data for <paramref name="name"/>: 3 for moons (week 2), else <see cref="DefaultSeed"/>.</summary>
    /// <param name="name">A built-in dataset's name, or anything else (then <see cref="DefaultSeed"/>).</param>
    public static long CourseSeed(string? name) =>
        string.Equals(name?.Trim(), Moons.Name, StringComparison.OrdinalIgnoreCase) ? Moons.CourseSeed : DefaultSeed;

    /// <summary>
    /// Loads a built-in dataset's train/test pair, or returns false for an unknown name (case-insensitive).
    /// The seed (0 to 2**32 − 1, NumPy's seeds; circles: to 2**32 − 2, its test set takes seed + 1) picks the data; the same seed always gives bit-identical data:
    /// circles: train = make_circles(300, noise .05) after np.random.seed(seed), test = make_circles(100)
    /// after np.random.seed(seed + 1), so seed 1 (the default) is the course's data;
    /// football and fraud: train then test drawn from one NumPy stream seeded with the seed; moons: train =
    /// make_moons(300, noise .2) after np.random.seed(seed), test = make_moons(100) after np.random.seed(seed + 1), so
    /// seed 3 (<see cref="Moons.CourseSeed"/>) is the course's week 2 training set.
    /// </summary>
    public static bool TryLoad(string name, long seed, [MaybeNullWhen(false)] out DataSplit split)
    {
        Func<long, DataSplit>? load = name?.Trim().ToLowerInvariant() switch
        {
            Circles.Name => Circles.Load,
            Football.Name => Football.Load,
            Fraud.Name => Fraud.Load,
            Moons.Name => Moons.Load,
            _ => null,
        };
        split = load?.Invoke(seed);
        return load is not null;
    }
}
