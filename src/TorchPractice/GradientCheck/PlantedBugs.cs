using TorchPractice.Models;

namespace TorchPractice.GradientCheck;

/// <summary>The catalogue of <see cref="BackwardBug"/>s: where each can be planted and which tensors it reaches.</summary>
public static class PlantedBugs
{
    /// <summary>The hidden layer <see cref="BackwardBug.DerivativeDropped"/> drops its derivative at: ⌊(L+1)/2⌋.</summary>
    /// <param name="layers">L, the number of layers with weights.</param>
    public static int MiddleLayer(int layers) => (layers + 1) / 2;

    /// <summary>The tensors a bug's mistake reaches, for a model of <paramref name="layers"/> layers: what a check should name.</summary>
    /// <param name="bug">The planted bug.</param>
    /// <param name="layers">L, the number of layers with weights.</param>
    public static IReadOnlyList<string> AffectedTensors(BackwardBug bug, int layers) => bug switch
    {
        BackwardBug.None => [],
        BackwardBug.Course => ["b1", "W2"],
        BackwardBug.ReluDerivative or BackwardBug.DropoutRescale => ["W1", "b1"],
        BackwardBug.L2Forgotten => Enumerable.Range(1, layers).Select(ParameterSet.W).ToArray(),
        BackwardBug.DerivativeDropped => ParameterSet.NamesFor(MiddleLayer(layers)).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(bug), bug, "unknown bug"),
    };

    /// <summary>Whether <paramref name="bug"/> changes a hidden layer's step, so that logistic regression (L = 1) has no place for it.</summary>
    /// <param name="bug">The bug to plant.</param>
    public static bool NeedsHiddenLayer(BackwardBug bug) =>
        bug is BackwardBug.Course or BackwardBug.ReluDerivative or BackwardBug.DerivativeDropped;

    /// <summary>Why <paramref name="bug"/> cannot be planted in this model (null when it can).</summary>
    /// <param name="bug">The bug to plant.</param>
    /// <param name="o">The model it would be planted in.</param>
    public static string? Unplantable(BackwardBug bug, ModelOptions o) => bug switch
    {
        _ when NeedsHiddenLayer(bug) && o.LayerCount < 2 =>
            $"the {bug} bug needs a hidden layer; the model has {o.LayerCount} layer (logistic regression)",
        BackwardBug.DropoutRescale when !o.UsesDropout => "the DropoutRescale bug needs dropout (keep_prob < 1)",
        BackwardBug.L2Forgotten when !(o.Lambd > 0) => "the L2Forgotten bug needs L2 (λ > 0)",
        _ => null,
    };
}
