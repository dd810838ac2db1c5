namespace TorchPractice.Training;

/// <summary>
/// How the learning rate falls with the epochs. As in the assignment's model, epoch 0 runs with α0 and, after
/// epoch e, α becomes the decayed rate for e (update_lr or schedule_lr_decay of α0, e): epoch e + 1 runs with it.
/// </summary>
public sealed record LearningRateDecay
{
    /// <summary>No decay.</summary>
    public static LearningRateDecay None { get; } = new();

    /// <summary>Which formula.</summary>
    public DecayKind Kind { get; init; } = DecayKind.None;
    /// <summary>decay_rate (the assignment's default 1).</summary>
    public double Rate { get; init; } = 1;
    /// <summary>time_interval of the scheduled form, in epochs (the assignment's 1000).</summary>
    public int TimeInterval { get; init; } = 1000;

    /// <summary>The assignment's update_lr / schedule_lr_decay: the rate after epoch <paramref name="epochNum"/>.</summary>
    /// <param name="learningRate0">α0.</param>
    /// <param name="epochNum">The epoch just finished, from 0.</param>
    public double Decayed(double learningRate0, int epochNum) => Kind switch
    {
        DecayKind.Inverse => 1 / (1 + Rate * epochNum) * learningRate0,                           // the assignment's order
        DecayKind.Scheduled => 1 / (1 + Rate * Math.Floor((double)epochNum / TimeInterval)) * learningRate0,
        _ => learningRate0,
    };

    /// <summary>The learning rate epoch <paramref name="epoch"/> runs with: α0 for epoch 0, then <see cref="Decayed"/>(α0, epoch − 1).</summary>
    /// <param name="learningRate0">α0.</param>
    /// <param name="epoch">The epoch, from 0.</param>
    public double For(double learningRate0, int epoch) => epoch == 0 ? learningRate0 : Decayed(learningRate0, epoch - 1);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown decay");
        if (!(Rate >= 0) || double.IsInfinity(Rate)) throw new ArgumentOutOfRangeException(nameof(Rate), Rate, $"the decay rate must be a finite number ≥ 0; got {Rate}");
        if (TimeInterval < 1) throw new ArgumentOutOfRangeException(nameof(TimeInterval), TimeInterval, $"the time interval must be ≥ 1 epoch; got {TimeInterval}");
    }
}
