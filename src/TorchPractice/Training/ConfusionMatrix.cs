using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Counts of a binary classifier's predictions against labels, and what follows from them.</summary>
/// <param name="TruePositives">Predicted 1, label 1.</param>
/// <param name="FalsePositives">Predicted 1, label 0.</param>
/// <param name="TrueNegatives">Predicted 0, label 0.</param>
/// <param name="FalseNegatives">Predicted 0, label 1.</param>
public sealed record ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>All samples.</summary>
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    /// <summary>(TP + TN) / total; 0 for no samples.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Total;
    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    /// <summary>The harmonic mean of precision and recall; 0 when both are 0.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    /// <summary>Every sample got the same prediction: the model learnt nothing but (at best) the majority class.</summary>
    public bool PredictsOneClass => Total > 0 && (TruePositives + FalsePositives == 0 || TrueNegatives + FalseNegatives == 0);

    /// <summary>Counts predictions against labels (both 0/1 tensors of the same shape; &gt; 0.5 counts as 1).</summary>
    /// <param name="predicted">Predicted 0/1.</param>
    /// <param name="labels">True 0/1.</param>
    public static ConfusionMatrix Of(Tensor predicted, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var p = predicted.gt(HeldScalars.Half);
        var l = labels.gt(HeldScalars.Half);
        long Count(Tensor t) => t.sum().item<long>();
        return new ConfusionMatrix(Count(p & l), Count(p & ~l), Count(~p & ~l), Count(~p & l));
    }
}
