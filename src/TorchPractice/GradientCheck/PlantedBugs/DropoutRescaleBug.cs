using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>dA1 multiplied by the dropout mask D1 but not divided by keep_prob: g = keep_prob·g̃ for W1 and b1.</summary>
public sealed class DropoutRescaleBug : PlantedBug
{
    internal DropoutRescaleBug() { }

    /// <inheritdoc/>
    public override string Name => "dropout-rescale";

    /// <inheritdoc/>
    public override string Description => "dA1 multiplied by the dropout mask D1 but not divided by keep_prob";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) => ["W1", "b1"];

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) =>
        NeedsHiddenLayer(model) ?? (model.UsesDropout ? null : "the dropout-rescale bug needs dropout (keep_prob < 1)");

    internal override Tensor DropoutBackward(int layer, Tensor dA, Tensor d, Func<Tensor, Tensor> reference) =>
        layer == 1 ? dA.mul_(d) : reference(dA);
}
