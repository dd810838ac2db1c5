using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// RMSprop, as the lectures write it:
///   s = β2·s + (1 − β2)·dθ²     (s starts at 0)
///   θ = θ − α·dθ / (√s + ε)
/// </summary>
internal sealed class RmsPropUpdate(double beta2, double epsilon) : ScratchUpdate
{
    Tensor[]? _s;

    public override void Apply(IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> gradients, double learningRate)
    {
        _s ??= ZerosLike(theta);
        for (int i = 0; i < theta.Count; i++)
        {
            using var scope = NewDisposeScope();
            var g = gradients[i];
            _s[i].mul_(Held[beta2]).add_(g.mul(g).mul_(Held[1 - beta2]), HeldScalars.One);
            theta[i].sub_(g.mul(Alpha(learningRate)).div_(_s[i].sqrt().add_(Held[epsilon], HeldScalars.One)));
        }
    }

    public override void Dispose()
    {
        Free(_s);
        base.Dispose();
    }
}
