namespace TorchPractice.Training;

/// <summary>
/// Thrown where a caller asked for trained results that a divergence made meaningless (a NaN or infinite cost,
/// see <see cref="TrainingResult.NonFinite"/>). <see cref="Trainer.Train"/> itself never throws it: it returns the
/// result with the flag set.
/// </summary>
public sealed class TrainingDivergedException(string run, NonFiniteCost detail, double learningRate)
    : Exception($"{run}: {detail.Describe(learningRate)}")
{
    /// <summary>Where and what was seen.</summary>
    public NonFiniteCost Detail { get; } = detail;
}
