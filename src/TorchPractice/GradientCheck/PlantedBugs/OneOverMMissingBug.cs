using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The cost's 1/m left out of the backward pass (dZ_L = A_L − Y instead of (A_L − Y)/m), the classic mistake of a
/// hand-written logistic regression: every gradient is m× the true one. Plantable at any depth, logistic regression
/// (L = 1) included; not with L2, whose λ/m·W term would keep its 1/m.
/// </summary>
public sealed class OneOverMMissingBug : PlantedBug
{
    internal OneOverMMissingBug() { }

    /// <inheritdoc/>
    public override string Name => "one-over-m";

    /// <inheritdoc/>
    public override string Description => "the cost's 1/m left out of the backward pass (dZ_L = A_L − Y): every gradient m× too large";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) => ParameterSet.NamesFor(model.LayerCount).ToArray();

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) =>
        model.Lambd > 0 ? "the one-over-m bug is planted without L2 (λ = 0): the L2 term's λ/m would keep its 1/m" : null;

    internal override (Tensor dW, Tensor db) LinearBackward(int layer, int layers, long samples, Tensor? lambdOverM, Func<Tensor?, (Tensor dW, Tensor db)> reference)
    {
        var (dW, db) = reference(lambdOverM);
        using Scalar m = samples; // held for the two calls (see HeldScalars)
        return (dW.mul(m), db.mul(m));
    }
}
