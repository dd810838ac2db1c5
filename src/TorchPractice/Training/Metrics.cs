using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Evaluating a classifier.</summary>
public static class Metrics
{
    /// <summary>Predict (threshold 0.5, no dropout) and compare with the labels.</summary>
    public static ConfusionMatrix Evaluate(IClassifier model, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        return ConfusionMatrix.Of(model.Predict(x), y);
    }
}
