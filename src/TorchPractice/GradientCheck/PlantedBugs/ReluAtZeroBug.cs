using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// ReLU's derivative at exactly Z = 0 taken as 1 (1[Z ≥ 0] instead of 1[Z &gt; 0]) at layer 1: wrong only where a
/// pre-activation Z1 is exactly 0, which ordinary data never hits; the built-in case is staged with unit 0 of layer 1
/// zeroed (its row of W1 and its bias 0, as zero initialization leaves every unit), so Z1[0, :] = 0 on every sample.
/// There J has a kink, so the numeric gradient cannot judge those entries (they are listed as non-differentiable):
/// hand-written vs autograd finds the mistake.
/// </summary>
public sealed class ReluAtZeroBug : PlantedBug
{
    static readonly Scalar Zero = 0.0; // held (see HeldScalars)

    internal ReluAtZeroBug() { }

    /// <inheritdoc/>
    public override string Name => "relu";

    /// <inheritdoc/>
    public override string Description => "ReLU's derivative at exactly Z1 = 0 taken as 1 (1[Z1 ≥ 0] instead of 1[Z1 > 0])";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) => ["W1", "b1"];

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) =>
        NeedsHiddenLayer(model) ?? (model.Activation == Activation.Relu ? null
            : $"the relu bug needs ReLU hidden layers; the model's are {model.Activation.Name()}");

    /// <inheritdoc/>
    public override string? Stage(Tensor x, ParameterSet parameters)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            parameters["W1"][0].zero_();
            parameters["b1"][0].zero_();
        }
        return "unit 0 of layer 1 zeroed (its weights and bias 0), so Z1[0, :] = 0 exactly on every sample, where the relu bug acts";
    }

    internal override bool NeedsPreActivations => true;

    internal override Tensor ActivationBackward(int layer, int layers, Tensor dA, Tensor a, Tensor? z, Func<Tensor, Tensor> reference) =>
        layer == 1 ? dA.mul_(z!.ge(Zero).to(dA.dtype)) : reference(dA);
}
