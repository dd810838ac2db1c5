namespace TorchPractice.Training;

/// <summary>Batch gradient descent settings.</summary>
public sealed record TrainOptions
{
    /// <summary>Step size α of θ −= α·dθ.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Gradient-descent iterations (full batch).</summary>
    public int Iterations { get; init; } = 15_000;
    /// <summary>Record the cost when iteration % PrintEvery == 0 (and at the last iteration).</summary>
    public int PrintEvery { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{nameof(LearningRate)} must be a finite number > 0; got {LearningRate}");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{nameof(Iterations)} must be ≥ 1; got {Iterations}");
        if (PrintEvery < 1) throw new ArgumentOutOfRangeException(nameof(PrintEvery), PrintEvery, $"{nameof(PrintEvery)} must be ≥ 1; got {PrintEvery}");
    }
}
