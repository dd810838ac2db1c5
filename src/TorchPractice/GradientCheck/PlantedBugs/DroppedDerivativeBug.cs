using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The activation's derivative left out at the middle hidden layer l = ⌊(L+1)/2⌋ (dZ_l = dA_l): wrong from that layer
/// down, so dW_l, db_l and every layer before it.
/// </summary>
public sealed class DroppedDerivativeBug : PlantedBug
{
    internal DroppedDerivativeBug() { }

    /// <summary>The hidden layer the derivative is dropped at: ⌊(L+1)/2⌋.</summary>
    /// <param name="layers">L, the number of layers with weights.</param>
    public static int MiddleLayer(int layers) => (layers + 1) / 2;

    /// <inheritdoc/>
    public override string Name => "dropped-derivative";

    /// <inheritdoc/>
    public override string Description => "the activation's derivative left out at the middle hidden layer (dZ_l = dA_l)";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) =>
        ParameterSet.NamesFor(MiddleLayer(model.LayerCount)).ToArray();

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) => NeedsHiddenLayer(model);

    internal override Tensor ActivationBackward(int layer, int layers, Tensor dA, Tensor a, Tensor? z, Func<Tensor, Tensor> reference) =>
        layer == MiddleLayer(layers) ? dA : reference(dA);
}
