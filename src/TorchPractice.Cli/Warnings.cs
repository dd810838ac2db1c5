using TorchPractice.Data.Scaling;
using TorchPractice.Training;

namespace TorchPractice.Cli;

/// <summary>
/// The warnings `train` and `compare` print on stderr (one line each) about data and results that need care, written
/// once for both commands: features on very different scales, and a model that predicts one class for every sample
/// (with the likely cause: vanishing gradients when they vanish, else scaling and the learning rate).
/// </summary>
public static class Warnings
{
    /// <summary>"warning: features' scales differ by …; … try --standardize".</summary>
    /// <param name="scales">The training features' scales (<see cref="FeatureScales.IsUneven"/>).</param>
    public static string FeatureScales(FeatureScales scales) =>
        $"warning: {scales.Describe()}; gradient descent may stall or diverge — try --standardize";

    /// <summary>
    /// What `train` says about a trained model, or null: it predicts one class for every training sample (with the
    /// likely cause), or its cost is no better than predicting the class shares (ln 2 on balanced data) while its
    /// gradients vanish: a dead network, which no learning rate or scaling revives.
    /// </summary>
    /// <param name="train">The trained model's confusion matrix on the training set.</param>
    /// <param name="finalCost">The last cost recorded (plain cross-entropy), or null.</param>
    /// <param name="standardized">Whether the features were standardized.</param>
    /// <param name="unevenFeatures">
    /// The features' scales differ by more than 100× (<see cref="FeatureScales.IsUneven"/>): then they are the likely cause
    /// (huge inputs kill ReLUs and saturate sigmoids in the first steps), and the advice stays "--standardize".
    /// </param>
    /// <param name="flow">Measures the gradients at the trained parameters (called only when a warning is due).</param>
    public static string? AfterTraining(ConfusionMatrix train, double? finalCost, bool standardized, bool unevenFeatures, Func<GradientFlow> flow)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(flow);
        if (train.PredictsOneClass)
            return OneClass("the trained model", train.TruePositives + train.FalsePositives > 0 ? 1 : 0, standardized, unevenFeatures ? null : flow());
        // The cross-entropy of predicting the share of positives p for every sample: what a model that learnt nothing reaches.
        double p = train.Total == 0 ? 0.5 : (double)(train.TruePositives + train.FalseNegatives) / train.Total;
        double prior = p is <= 0 or >= 1 ? 0 : -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
        if (unevenFeatures || finalCost is not double cost || !(cost >= prior * (1 - 1e-3))) return null;
        var measured = flow();
        return measured.Vanishing
            ? $"warning: the trained model learnt nothing (cost {cost.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}, that of predicting the class shares: " +
              $"{prior.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}) and " +
              $"the gradients vanish ({measured.Describe()}): a smaller learning rate or scaled features will not help; {VanishingAdvice}"
            : null;
    }

    const string VanishingAdvice = "try fewer layers, or --activation relu with --init he (tanh: --init xavier)";

    /// <summary>
    /// "warning: SUBJECT predicts class 1 for every training sample (its accuracy is just that class's share); ADVICE".
    /// </summary>
    /// <param name="subject">What predicts one class ("the trained model", "reg: none (scratch), λ = 0, …").</param>
    /// <param name="predictedClass">The class predicted, when it is one class for all of them; null: "one class".</param>
    /// <param name="standardized">Whether the features were standardized (then --standardize is not advised).</param>
    /// <param name="flow">The gradients at the trained parameters, when measured: vanishing ones are named as the cause.</param>
    /// <param name="learningRateOption">Whether the command has --lr and --iterations to advise.</param>
    public static string OneClass(string subject, int? predictedClass, bool standardized, GradientFlow? flow, bool learningRateOption = true)
    {
        string predicts = predictedClass is int c ? $"class {c}" : "one class";
        string advice = flow is { Vanishing: true }
            ? $"the gradients vanish ({flow.Describe()}): a smaller learning rate or scaled features will not help; {VanishingAdvice}"
            : learningRateOption
                ? standardized ? "try another --lr or more --iterations" : "try --standardize, a smaller --lr or more --iterations"
                : standardized ? "the features are standardized already" : "try --standardize";
        return $"warning: {subject} predicts {predicts} for every training sample (its accuracy is just that class's share); {advice}";
    }
}
