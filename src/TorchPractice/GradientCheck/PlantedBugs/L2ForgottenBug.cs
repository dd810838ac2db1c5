using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>The L2 term λ/m·W left out of every dW, while the cost includes λ/(2m)·Σ‖W‖².</summary>
public sealed class L2ForgottenBug : PlantedBug
{
    internal L2ForgottenBug() { }

    /// <inheritdoc/>
    public override string Name => "l2-forgotten";

    /// <inheritdoc/>
    public override string Description => "the λ/m·W term left out of every dW";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) =>
        Enumerable.Range(1, model.LayerCount).Select(ParameterSet.W).ToArray();

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) => model.Lambd > 0 ? null : "the l2-forgotten bug needs L2 (λ > 0)";

    internal override (Tensor dW, Tensor db) LinearBackward(int layer, int layers, long samples, Tensor? lambdOverM, Func<Tensor?, (Tensor dW, Tensor db)> reference) =>
        reference(null);
}
