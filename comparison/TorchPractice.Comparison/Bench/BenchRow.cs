using TorchPractice.Comparison.Peers;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>One implementation on one case: wall times of its training loops, one per repetition.</summary>
public sealed record BenchRow(string CaseId, string CaseTitle, string Variant, string Threads, int Iterations,
    IReadOnlyList<double> Seconds, long? RssGrowthBytes, long? PeakBytes, string? Note, bool IsReference)
{
    /// <summary>The median of <see cref="Seconds"/>.</summary>
    public double MedianSeconds => Median(Seconds);
    /// <summary>The median loop time per iteration.</summary>
    public double SecondsPerIteration => MedianSeconds / Iterations;
    /// <summary>Nothing was timed (the variant could not run here).</summary>
    public bool Skipped => Seconds.Count == 0;

    /// <summary>The median of <paramref name="xs"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> xs)
    {
        if (xs.Count == 0) return double.NaN;
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
