using TorchPractice.Training;

namespace TorchPractice.Tests.Training;

/// <summary>Week 2's decay functions, pinned to the assignment's published test values.</summary>
public sealed class LearningRateDecayTests
{
    [Fact]
    public void Update_lr_gives_the_assignment_s_value()
    {
        // update_lr(learning_rate0 = 0.5, epoch_num = 2, decay_rate = 1) → 0.16666666666666666
        var decay = new LearningRateDecay { Kind = DecayKind.Inverse, Rate = 1 };
        Assert.Equal(0.16666666666666666, decay.Decayed(0.5, 2));
    }

    [Fact]
    public void Schedule_lr_decay_gives_the_assignment_s_values()
    {
        // schedule_lr_decay(0.5, epoch_num, decay_rate = 0.3, time_interval = 100): epoch 10 → 0.5, epoch 100 → 0.3846153846153846
        var decay = new LearningRateDecay { Kind = DecayKind.Scheduled, Rate = 0.3, TimeInterval = 100 };
        Assert.Equal(0.5, decay.Decayed(0.5, 10));
        Assert.Equal(0.3846153846153846, decay.Decayed(0.5, 100));
    }

    [Fact]
    public void Epoch_0_runs_with_the_initial_rate_and_epoch_e_with_the_rate_decayed_after_e_minus_1()
    {
        var decay = new LearningRateDecay { Kind = DecayKind.Inverse, Rate = 1 };
        Assert.Equal(0.5, decay.For(0.5, 0));
        Assert.Equal(decay.Decayed(0.5, 2), decay.For(0.5, 3));
        Assert.Equal(0.5, LearningRateDecay.None.For(0.5, 1000));
    }

    [Theory]
    [InlineData(-1.0, 1000)]
    [InlineData(double.PositiveInfinity, 1000)]
    [InlineData(1.0, 0)]
    public void Out_of_range_settings_are_refused(double rate, int interval) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LearningRateDecay { Kind = DecayKind.Scheduled, Rate = rate, TimeInterval = interval }.Validate());
}
