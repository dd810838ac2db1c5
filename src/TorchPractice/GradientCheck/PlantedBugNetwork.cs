using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The scratch network with one <see cref="BackwardBug"/> planted: each bug replaces one backward step of the
/// reference <see cref="ScratchNetwork"/> with the mistaken code a learner might write, and leaves the rest alone.
/// </summary>
internal sealed class PlantedBugNetwork(BackwardBug bug, int layers, Activation activation, Coefficient keepProb)
    : ScratchNetwork(activation, keepProb)
{
    // Held: an implicit Scalar may be freed by its finalizer mid-call (README "Known limits").
    static readonly Scalar Two = 2, Four = 4, Zero = 0.0;

    protected override (Tensor dW, Tensor db) LinearBackward(int layer, Tensor dZ, Tensor aPrev, Tensor w, Coefficient? lambdOverM)
    {
        var (dW, db) = base.LinearBackward(layer, dZ, aPrev, w, bug == BackwardBug.L2Forgotten ? null : lambdOverM);
        if (bug == BackwardBug.Course && layer == 2) dW = dW.mul(Two);   // course bug 1
        if (bug == BackwardBug.Course && layer == 1) db = db.mul(Four);   // course bug 2: 4/m instead of 1/m
        return (dW, db);
    }

    protected override Tensor DropoutBackward(int layer, Tensor dA, Tensor d) =>
        bug == BackwardBug.DropoutRescale && layer == 1 ? dA.mul_(d) : base.DropoutBackward(layer, dA, d);

    protected override Tensor ActivationBackward(int layer, Tensor dA, Tensor a) => (bug, layer) switch
    {
        (BackwardBug.ReluDerivative, 1) => dA.mul_(a.ge(Zero).to(dA.dtype)),
        (BackwardBug.DerivativeDropped, _) when layer == PlantedBugs.MiddleLayer(layers) => dA,
        _ => base.ActivationBackward(layer, dA, a),
    };
}
