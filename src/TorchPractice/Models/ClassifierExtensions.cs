using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>What every <see cref="IClassifier"/> can do from its probabilities.</summary>
public static class ClassifierExtensions
{
    /// <summary>1 where σ(z_L) &gt; 0.5, else 0, shape (1, m).</summary>
    public static Tensor Predict(this IClassifier model, Tensor x)
    {
        using var scope = NewDisposeScope();
        var p = model.Probabilities(x);
        return p.gt(HeldScalars.Half).to(p.dtype).MoveToOuterDisposeScope();
    }
}
