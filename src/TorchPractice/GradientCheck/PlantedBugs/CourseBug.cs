using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>The course's two mistakes (gradient_check_n's backward_propagation_n): dW2 multiplied by 2, and db1 with 4/m instead of 1/m.</summary>
public sealed class CourseBug : PlantedBug
{
    // Held: an implicit Scalar may be freed by its finalizer mid-call (README "Known limits").
    static readonly Scalar Two = 2, Four = 4;

    internal CourseBug() { }

    /// <inheritdoc/>
    public override string Name => "course";

    /// <inheritdoc/>
    public override string Description => "the course's two: dW2 multiplied by 2, and db1 computed with 4/m instead of 1/m";

    /// <inheritdoc/>
    public override IReadOnlyList<string> AffectedTensors(ModelOptions model) => ["b1", "W2"];

    /// <inheritdoc/>
    public override string? Unplantable(ModelOptions model) => NeedsHiddenLayer(model);

    internal override (Tensor dW, Tensor db) LinearBackward(int layer, int layers, long samples, Tensor? lambdOverM, Func<Tensor?, (Tensor dW, Tensor db)> reference)
    {
        var (dW, db) = reference(lambdOverM);
        if (layer == 2) dW = dW.mul(Two);   // dW2 = 2·dZ2·A1ᵀ
        if (layer == 1) db = db.mul(Four);  // db1 = 4/m·Σ dZ1
        return (dW, db);
    }
}
