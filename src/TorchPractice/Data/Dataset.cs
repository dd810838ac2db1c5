using TorchSharp;

namespace TorchPractice.Data;

/// <summary>
/// A labelled binary-classification dataset, held as managed arrays (no native memory to dispose).
/// Features are sample-major, like a CSV: Features[i, j] is feature j of sample i. The models use the
/// course's layout, X of shape (n_x, m) and Y of shape (1, m): see <see cref="ToTensors"/>.
/// </summary>
public sealed class Dataset
{
    /// <summary>A dataset; throws <see cref="ArgumentException"/> when the sizes disagree.</summary>
    /// <param name="name">Shown in messages and reports.</param>
    /// <param name="features">[sample, feature].</param>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="featureNames">One per feature (default x1, x2, …).</param>
    public Dataset(string name, double[,] features, double[] labels, IReadOnlyList<string>? featureNames = null)
    {
        if (features.GetLength(0) != labels.Length)
            throw new ArgumentException($"{name}: {features.GetLength(0)} samples but {labels.Length} labels");
        Name = name;
        Features = features;
        Labels = labels;
        FeatureNames = featureNames ?? Enumerable.Range(1, features.GetLength(1)).Select(j => $"x{j}").ToArray();
        if (FeatureNames.Count != features.GetLength(1))
            throw new ArgumentException($"{name}: {features.GetLength(1)} features but {FeatureNames.Count} names");
    }

    /// <summary>Shown in messages and reports.</summary>
    public string Name { get; }
    /// <summary>[sample, feature].</summary>
    public double[,] Features { get; }
    /// <summary>0 or 1 per sample (NaN for every sample of a table read without labels: see <see cref="IsLabelled"/>).</summary>
    public double[] Labels { get; }
    /// <summary>False for data read without labels (<see cref="Loading.CsvLoadOptions.Unlabelled"/>: every label NaN).</summary>
    public bool IsLabelled => Labels.Length == 0 || !double.IsNaN(Labels[0]);
    /// <summary>One name per feature column.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>The number of samples, m.</summary>
    public int Count => Features.GetLength(0);
    /// <summary>The number of features, n_x.</summary>
    public int FeatureCount => Features.GetLength(1);

    /// <summary>X: (n_x, m), Y: (1, m), on the device in the dtype. The caller owns (disposes) both.</summary>
    public (torch.Tensor X, torch.Tensor Y) ToTensors(torch.Device device, torch.ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(Features, dtype: torch.float64).t().contiguous().to(dtype, device);
        var y = torch.tensor(Labels, dtype: torch.float64).reshape(1, Count).to(dtype, device);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}
