namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Bias/variance from train and test error, by two simple rules (with no estimate of the best possible error):
/// high bias when the train error exceeds <see cref="BiasThreshold"/> (the model does not even fit its training data);
/// high variance when the test error exceeds the train error by more than <see cref="VarianceGap"/> (it fits the
/// training data better than it generalises). Both, one, or neither ("balanced").
/// </summary>
public static class Diagnosis
{
    public const double BiasThreshold = 0.10;
    public const double VarianceGap = 0.02;

    public static string Rules =>
        $"high bias: train error > {BiasThreshold * 100:0} %; high variance: test error − train error > {VarianceGap * 100:0} percentage points; neither: balanced";

    public static BiasVariance Of(double trainAccuracy, double testAccuracy)
    {
        double train = 1 - trainAccuracy, test = 1 - testAccuracy, gap = test - train;
        bool bias = train > BiasThreshold, variance = gap > VarianceGap;
        string verdict = (bias, variance) switch
        {
            (true, true) => "high bias and high variance",
            (true, false) => "high bias (underfit)",
            (false, true) => "high variance (overfit)",
            _ => "balanced",
        };
        return new BiasVariance(train, test, gap, verdict);
    }
}
