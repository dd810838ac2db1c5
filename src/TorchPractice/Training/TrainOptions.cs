namespace TorchPractice.Training;

/// <summary>
/// How a model is trained. An iteration is one pass over the training data (an epoch): one step of full-batch gradient
/// descent (week 1), or, with <see cref="MiniBatchSize"/>, one step per mini-batch (week 2).
/// </summary>
public sealed record TrainOptions
{
    /// <summary>Step size α of θ −= α·dθ.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Iterations: passes over the training data (epochs).</summary>
    public int Iterations { get; init; } = 15_000;
    /// <summary>Record the cost when iteration % PrintEvery == 0 (and at the last iteration).</summary>
    public int PrintEvery { get; init; } = 1000;

    /// <summary>Mini-batch size (null: full batch, one step per iteration). Batches as <see cref="MiniBatches"/> makes them.</summary>
    public int? MiniBatchSize { get; init; }
    /// <summary>The seed before the first epoch's mini-batch order (the assignment's 10; epoch e draws with seed + e + 1).</summary>
    public long MiniBatchSeed { get; init; } = MiniBatches.CourseSeed;
    /// <summary>The update rule (gradient descent unless set).</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerOptions.GradientDescent;
    /// <summary>Learning-rate decay over the epochs (none unless set).</summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.None;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    public void Validate()
    {
        Optimizer.Validate();
        Decay.Validate();
        if (MiniBatchSize is < 1) throw new ArgumentOutOfRangeException(nameof(MiniBatchSize), MiniBatchSize, $"{nameof(MiniBatchSize)} must be ≥ 1; got {MiniBatchSize}");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"{nameof(LearningRate)} must be a finite number > 0; got {LearningRate}");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, $"{nameof(Iterations)} must be ≥ 1; got {Iterations}");
        if (PrintEvery < 1) throw new ArgumentOutOfRangeException(nameof(PrintEvery), PrintEvery, $"{nameof(PrintEvery)} must be ≥ 1; got {PrintEvery}");
    }
}
