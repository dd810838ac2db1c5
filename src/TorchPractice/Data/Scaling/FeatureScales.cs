namespace TorchPractice.Data.Scaling;

/// <summary>
/// How far apart the features' magnitudes are: each feature's root mean square over the samples (its typical size,
/// offset and spread together), largest against smallest. Gradient descent with one learning rate for all weights
/// struggles when these differ by orders of magnitude; standardize the features (<see cref="Standardization"/>).
/// </summary>
/// <param name="LargestName">The feature with the largest root mean square.</param>
/// <param name="Largest">Its root mean square.</param>
/// <param name="SmallestName">The feature with the smallest non-zero root mean square.</param>
/// <param name="Smallest">Its root mean square.</param>
public sealed record FeatureScales(string LargestName, double Largest, string SmallestName, double Smallest)
{
    /// <summary>The ratio past which <see cref="IsUneven"/> holds: 100×.</summary>
    public const double UnevenRatio = 100;

    /// <summary>Largest / smallest root mean square.</summary>
    public double Ratio => Largest / Smallest;
    /// <summary>True when <see cref="Ratio"/> exceeds <see cref="UnevenRatio"/>.</summary>
    public bool IsUneven => Ratio > UnevenRatio;

    /// <summary>Null when fewer than two features have a non-zero root mean square (nothing to compare).</summary>
    public static FeatureScales? Of(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int largest = -1, smallest = -1;
        var rms = new double[data.FeatureCount];
        for (int j = 0; j < data.FeatureCount; j++)
        {
            double s = 0;
            for (int i = 0; i < data.Count; i++) s += data.Features[i, j] * data.Features[i, j];
            rms[j] = data.Count == 0 ? 0 : Math.Sqrt(s / data.Count);
            if (!(rms[j] > 0) || !double.IsFinite(rms[j])) continue;
            if (largest < 0 || rms[j] > rms[largest]) largest = j;
            if (smallest < 0 || rms[j] < rms[smallest]) smallest = j;
        }
        if (largest < 0 || largest == smallest) return null;
        return new FeatureScales(data.FeatureNames[largest], rms[largest], data.FeatureNames[smallest], rms[smallest]);
    }

    /// <summary>One line for people.</summary>
    public string Describe() =>
        $"features' scales differ by {G(Ratio)}× (root mean square of '{LargestName}' {G(Largest)}, of '{SmallestName}' {G(Smallest)})";

    static string G(double v) => v.ToString(v >= 1e3 || v < 1e-3 ? "0.##e+0" : "G3", System.Globalization.CultureInfo.InvariantCulture);
}
