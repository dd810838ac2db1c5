using System.Globalization;

namespace TorchPractice.Training;

/// <summary>
/// The course's bias/variance diagnosis from train and dev error against a baseline (Bayes or human-level error):
/// avoidable bias = train error − baseline, variance = dev error − train error. High bias when the avoidable bias
/// exceeds <see cref="BiasThreshold"/>, high variance when the variance exceeds <see cref="VarianceThreshold"/>;
/// both, one, or neither. Errors are fractions (0.07 is 7 %). The course's advice: work on the larger of the two first.
/// </summary>
/// <param name="BaselineError">Bayes / human-level error the avoidable bias is measured against.</param>
/// <param name="TrainError">Error on the training set.</param>
/// <param name="DevError">Error on the dev set.</param>
/// <param name="AvoidableBias">Train error − baseline.</param>
/// <param name="Variance">Dev error − train error.</param>
/// <param name="HighBias">Avoidable bias above <see cref="BiasThreshold"/>.</param>
/// <param name="HighVariance">Variance above <see cref="VarianceThreshold"/>.</param>
/// <param name="Verdict">High bias, high variance, both or neither, in words.</param>
/// <param name="Larger">"avoidable bias" or "variance": the larger one, where the course says to look first.</param>
public sealed record BiasVariance(
    double BaselineError,
    double TrainError,
    double DevError,
    double AvoidableBias,
    double Variance,
    bool HighBias,
    bool HighVariance,
    string Verdict,
    string Larger)
{
    /// <summary>Avoidable bias above this (a fraction: 0.10 is 10 percentage points) is high bias.</summary>
    public const double BiasThreshold = 0.10;
    /// <summary>Variance above this (a fraction: 0.02 is 2 percentage points) is high variance.</summary>
    public const double VarianceThreshold = 0.02;

    const double Rounding = 1e-12;

    /// <summary>
    /// The training error is below the baseline (a negative avoidable bias, beyond rounding). By definition no model
    /// beats Bayes error, so either the baseline is set too high or the training error is luck (a small or easy
    /// training set); the avoidable bias then says nothing, and "the larger" compares against a meaningless number.
    /// </summary>
    public bool BelowBaseline => AvoidableBias < -Rounding;

    /// <summary>A sentence for <see cref="BelowBaseline"/> (null otherwise): what a negative avoidable bias means.</summary>
    public string? Warning => BelowBaseline
        ? string.Create(CultureInfo.InvariantCulture,
            $"train error {100 * TrainError:0.##} % is below the baseline {100 * BaselineError:0.##} % (avoidable bias {100 * AvoidableBias:+0.0;−0.0;0.0} pp): " +
            $"no model beats Bayes error, so the baseline is too high or the training error is luck; the avoidable bias means nothing here")
        : null;

    /// <summary>The rules in words, for reports.</summary>
    public static string Rules(double baselineError) => string.Create(CultureInfo.InvariantCulture,
        $"baseline (Bayes / human-level) error {100 * baselineError:0.##} %; avoidable bias = train error − baseline, " +
        $"variance = dev error − train error; high bias: avoidable bias > {100 * BiasThreshold:0} percentage points, " +
        $"high variance: variance > {100 * VarianceThreshold:0} percentage points");

    /// <summary>Diagnoses from accuracies (fractions) on train and dev.</summary>
    public static BiasVariance FromAccuracies(double trainAccuracy, double devAccuracy, double baselineError = 0) =>
        Diagnose(1 - trainAccuracy, 1 - devAccuracy, baselineError);

    /// <summary>Diagnoses from errors (fractions) on train and dev; <paramref name="baselineError"/> in [0, 1).</summary>
    public static BiasVariance Diagnose(double trainError, double devError, double baselineError = 0)
    {
        CheckBaseline(baselineError);
        if (!(trainError is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(trainError), trainError, "the train error must lie in [0, 1]");
        if (!(devError is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(devError), devError, "the dev error must lie in [0, 1]");
        double bias = trainError - baselineError, variance = devError - trainError;
        // "Above" beyond rounding: 0.07 − 0.05 is 0.020000000000000004 in binary, which is exactly 2 points.
        bool highBias = bias > BiasThreshold + Rounding, highVariance = variance > VarianceThreshold + Rounding;
        string verdict = (highBias, highVariance) switch
        {
            (true, true) => "high bias and high variance",
            (true, false) => "high bias",
            (false, true) => "high variance",
            _ => "neither (low bias, low variance)",
        };
        return new BiasVariance(baselineError, trainError, devError, bias, variance, highBias, highVariance, verdict,
            bias >= variance ? "avoidable bias" : "variance");
    }

    /// <summary>Throws (an <see cref="ArgumentException"/> whose message is one line for users) unless 0 ≤ <paramref name="baselineError"/> &lt; 1.</summary>
    public static void CheckBaseline(double baselineError)
    {
        if (!(baselineError is >= 0 and < 1))
            throw new ArgumentException(
                $"the baseline error must be a fraction in [0, 1) (0.05 for 5 %); got {baselineError.ToString(CultureInfo.InvariantCulture)}");
    }
}
