namespace TorchPractice.Data;

/// <summary>
/// The course's train / dev / test: the model learns from <see cref="Train"/>; choices (hyperparameters, which model)
/// are made on <see cref="Dev"/> when there is one; <see cref="Test"/> is kept for the final, unbiased estimate
/// (the course's notebooks have no dev set and call the held-out set test). See <see cref="Splitting"/> to make one.
/// </summary>
/// <param name="Train">Trained on.</param>
/// <param name="Test">Judged on once, at the end.</param>
/// <param name="Dev">Chosen on (hyperparameters, which model); null when the split has no dev set.</param>
public sealed record DataSplit(Dataset Train, Dataset Test, Dataset? Dev = null)
{
    /// <summary>
    /// The same split with every part passed through <paramref name="transform"/> (train, dev if any, test): for a
    /// per-split transform fitted on <see cref="Train"/> only, such as standardization, so dev and test never inform it.
    /// </summary>
    public DataSplit Map(Func<Dataset, Dataset> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return new DataSplit(transform(Train), transform(Test), Dev is null ? null : transform(Dev));
    }

    /// <summary>The parts that exist, named "train", "dev", "test", in that order.</summary>
    public IEnumerable<(string Name, Dataset Data)> Parts()
    {
        yield return ("train", Train);
        if (Dev is not null) yield return ("dev", Dev);
        yield return ("test", Test);
    }
}
