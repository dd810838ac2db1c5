using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Counts of a binary classifier's predictions against labels, and what follows from them.</summary>
public sealed record ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => Total == 0 ? 0 : (double)(TruePositives + TrueNegatives) / Total;
    /// <summary>TP / (TP + FP); 0 when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    /// <summary>TP / (TP + FN); 0 when there are no positives.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    /// <summary>Every sample got the same prediction: the model learnt nothing but (at best) the majority class.</summary>
    public bool PredictsOneClass => Total > 0 && (TruePositives + FalsePositives == 0 || TrueNegatives + FalseNegatives == 0);

    public static ConfusionMatrix Of(Tensor predicted, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var p = predicted.gt(0.5);
        var l = labels.gt(0.5);
        long Count(Tensor t) => t.sum().item<long>();
        return new ConfusionMatrix(Count(p & l), Count(p & ~l), Count(~p & ~l), Count(~p & l));
    }
}

public static class Metrics
{
    /// <summary>Predict (threshold 0.5, no dropout) and compare with the labels.</summary>
    public static ConfusionMatrix Evaluate(IClassifier model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        return ConfusionMatrix.Of(model.Predict(x), y);
    }
}
