namespace TorchPractice.Data.Scaling;

/// <summary>
/// z-score scaling fitted on a training set: x' = (x − mean) / scale per feature, with mean and scale the training
/// set's mean and population standard deviation (ddof 0, as scikit-learn's StandardScaler; 1 for a constant
/// feature). Fit it on the training split only and apply it to every split, so the test set stays unseen. Stored
/// with saved parameters (see <see cref="Models.ParameterFile"/>) so a loaded model sees the scaling it was trained on.
/// </summary>
public sealed record Standardization
{
    /// <summary>A scaling from given means and scales (one per feature; scales finite and &gt; 0).</summary>
    /// <param name="mean">Subtracted from each feature.</param>
    /// <param name="scale">Each feature is then divided by it.</param>
    public Standardization(IReadOnlyList<double> mean, IReadOnlyList<double> scale)
    {
        if (mean.Count != scale.Count)
            throw new ArgumentException($"standardization has {mean.Count} means but {scale.Count} scales");
        for (int j = 0; j < mean.Count; j++)
            if (!double.IsFinite(mean[j]) || !(scale[j] > 0) || double.IsInfinity(scale[j]))
                throw new ArgumentException($"standardization of feature {j + 1}: mean {mean[j]}, scale {scale[j]} (need a finite mean and a finite scale > 0)");
        Mean = mean.ToArray();
        Scale = scale.ToArray();
    }

    /// <summary>The training set's mean per feature.</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>The divisor per feature: the standard deviation, or 1 where it is 0.</summary>
    public IReadOnlyList<double> Scale { get; }
    /// <summary>How many features it scales.</summary>
    public int FeatureCount => Mean.Count;

    /// <summary>Mean and population standard deviation of every feature of <paramref name="train"/>.</summary>
    public static Standardization Fit(Dataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException($"{train.Name}: cannot standardize an empty training set");
        int m = train.Count, n = train.FeatureCount;
        var mean = new double[n];
        var scale = new double[n];
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < m; i++) sum += train.Features[i, j];
            double mu = sum / m, squares = 0;
            for (int i = 0; i < m; i++) { double d = train.Features[i, j] - mu; squares += d * d; }
            double std = Math.Sqrt(squares / m);
            mean[j] = mu;
            scale[j] = std > 0 ? std : 1.0;
        }
        return new Standardization(mean, scale);
    }

    /// <summary>The dataset with every feature standardized (a new dataset; names and labels kept).</summary>
    public Dataset Apply(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != FeatureCount)
            throw new ArgumentException($"{data.Name} has {data.FeatureCount} features but the standardization was fitted on {FeatureCount}");
        var x = new double[data.Count, FeatureCount];
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < FeatureCount; j++)
                x[i, j] = (data.Features[i, j] - Mean[j]) / Scale[j];
        return new Dataset(data.Name, x, data.Labels, data.FeatureNames);
    }

    /// <summary>Both parts scaled with this (typically fitted on <c>split.Train</c>).</summary>
    public DataSplit Apply(DataSplit split) => split.Map(Apply);

    /// <summary>Fits on the training part and applies to both: the usual way to standardize a split.</summary>
    public static (DataSplit Split, Standardization Scaling) FitAndApply(DataSplit split)
    {
        var s = Fit(split.Train);
        return (s.Apply(split), s);
    }
}
