using TorchPractice.Training;

namespace TorchPractice.Tests.Training;

/// <summary>The course's bias/variance diagnosis: avoidable bias = train − baseline, variance = dev − train.</summary>
public sealed class BiasVarianceTests
{
    // The course's lecture examples (human-level error ≈ 0): 1 %/11 %, 15 %/16 %, 15 %/30 %, 0.5 %/1 %.
    [Theory]
    [InlineData(0.01, 0.11, 0.0, "high variance")]
    [InlineData(0.15, 0.16, 0.0, "high bias")]
    [InlineData(0.15, 0.30, 0.0, "high bias and high variance")]
    [InlineData(0.005, 0.01, 0.0, "neither (low bias, low variance)")]
    // With a noisy problem's baseline (Bayes error 15 %), the 15 %/16 % model no longer has high bias.
    [InlineData(0.15, 0.16, 0.15, "neither (low bias, low variance)")]
    public void The_course_examples_get_the_course_verdicts(double train, double dev, double baseline, string verdict) =>
        Assert.Equal(verdict, BiasVariance.Diagnose(train, dev, baseline).Verdict);

    [Fact]
    public void Avoidable_bias_is_measured_from_the_baseline_and_variance_from_train()
    {
        var d = BiasVariance.FromAccuracies(trainAccuracy: 0.92, devAccuracy: 0.85, baselineError: 0.05);
        Assert.Equal(0.08, d.TrainError, 1e-15);
        Assert.Equal(0.15, d.DevError, 1e-15);
        Assert.Equal(0.03, d.AvoidableBias, 1e-15);
        Assert.Equal(0.07, d.Variance, 1e-15);
        Assert.Equal("variance", d.Larger);
        Assert.Equal("avoidable bias", BiasVariance.Diagnose(0.20, 0.21).Larger);
    }

    [Fact]
    public void The_thresholds_are_strict_and_stated()
    {
        Assert.False(BiasVariance.Diagnose(0.10, 0.10).HighBias);       // exactly 10 pp: not above
        Assert.True(BiasVariance.Diagnose(0.1001, 0.1001).HighBias);
        Assert.False(BiasVariance.Diagnose(0.05, 0.07).HighVariance);   // 2 pp
        Assert.True(BiasVariance.Diagnose(0.05, 0.0701).HighVariance);
        var rules = BiasVariance.Rules(0.05);
        Assert.Contains("baseline (Bayes / human-level) error 5 %", rules);
        Assert.Contains("avoidable bias > 10 percentage points", rules);
        Assert.Contains("variance > 2 percentage points", rules);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_baseline_outside_0_to_1_is_rejected_in_one_line(double baseline)
    {
        var e = Assert.Throws<ArgumentException>(() => BiasVariance.Diagnose(0.1, 0.1, baseline));
        Assert.Contains("baseline error must be a fraction in [0, 1)", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    // Issue #27, item 13: train error 10 % against a 15 % baseline is an avoidable bias of −5 pp, which cannot be:
    // no model beats Bayes error. It is flagged, never read as "low bias".
    [Fact]
    public void A_train_error_below_the_baseline_is_flagged()
    {
        var d = BiasVariance.Diagnose(trainError: 0.10, devError: 0.12, baselineError: 0.15);
        Assert.Equal(-0.05, d.AvoidableBias, 1e-15);
        Assert.True(d.BelowBaseline);
        Assert.NotNull(d.Warning);
        foreach (var fact in new[] { "train error 10 %", "baseline 15 %", "−5.0 pp", "Bayes error" })
            Assert.Contains(fact, d.Warning);
    }

    [Theory]
    [InlineData(0.15, 0.15)] // exactly at the baseline: zero, not negative
    [InlineData(0.20, 0.15)]
    [InlineData(0.05, 0.0)]
    public void A_train_error_at_or_above_the_baseline_is_not_flagged(double train, double baseline)
    {
        var d = BiasVariance.Diagnose(train, train + 0.01, baseline);
        Assert.False(d.BelowBaseline);
        Assert.Null(d.Warning);
    }
}
