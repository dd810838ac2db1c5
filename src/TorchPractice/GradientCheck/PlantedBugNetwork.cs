using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The scratch network with one <see cref="PlantedBug"/> planted: every backward step goes through the bug's decorator,
/// which calls the reference step of <see cref="ScratchNetwork"/> or replaces it with the mistaken code.
/// </summary>
internal sealed class PlantedBugNetwork(PlantedBug bug, int layers, Activation activation, Tensor keepProb)
    : ScratchNetwork(activation, keepProb)
{
    protected override bool KeepsPreActivations => bug.NeedsPreActivations;

    protected override (Tensor dW, Tensor db) LinearBackward(int layer, Tensor dZ, Tensor aPrev, Tensor w, Tensor? lambdOverM) =>
        bug.LinearBackward(layer, layers, dZ.shape[^1], lambdOverM, c => base.LinearBackward(layer, dZ, aPrev, w, c));

    protected override Tensor DropoutBackward(int layer, Tensor dA, Tensor d) =>
        bug.DropoutBackward(layer, dA, d, g => base.DropoutBackward(layer, g, d));

    protected override Tensor ActivationBackward(int layer, Tensor dA, Tensor a, Tensor? z) =>
        bug.ActivationBackward(layer, layers, dA, a, z, g => base.ActivationBackward(layer, g, a, z));
}
