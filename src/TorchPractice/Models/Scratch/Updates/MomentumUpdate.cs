using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// update_parameters_with_momentum, the course's form (an exponentially weighted average of the gradients):
///   v = β·v + (1 − β)·dθ        (v starts at 0: initialize_velocity)
///   θ = θ − α·v
/// </summary>
internal sealed class MomentumUpdate(double beta) : ScratchUpdate
{
    Tensor[]? _v;

    public override void Apply(IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> gradients, double learningRate)
    {
        _v ??= ZerosLike(theta);
        for (int i = 0; i < theta.Count; i++)
        {
            using var scope = NewDisposeScope();
            _v[i].mul_(Held[beta]).add_(gradients[i].mul(Held[1 - beta]), HeldScalars.One);
            theta[i].sub_(_v[i].mul(Alpha(learningRate)));
        }
    }

    public override void Dispose()
    {
        Free(_v);
        base.Dispose();
    }
}
