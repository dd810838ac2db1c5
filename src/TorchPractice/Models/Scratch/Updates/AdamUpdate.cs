using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// update_parameters_with_adam, t counted per update (per mini-batch), from 1:
///   v = β1·v + (1 − β1)·dθ          v̂ = v / (1 − β1^t)
///   s = β2·s + (1 − β2)·dθ²         ŝ = s / (1 − β2^t)
///   θ = θ − α·v̂ / (√ŝ + ε)
/// </summary>
internal sealed class AdamUpdate(double beta1, double beta2, double epsilon) : ScratchUpdate
{
    Tensor[]? _v, _s;
    int _t;

    public override void Apply(IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> gradients, double learningRate)
    {
        _v ??= ZerosLike(theta);
        _s ??= ZerosLike(theta);
        _t++;
        using var correction1 = (1 - Math.Pow(beta1, _t)).ToScalar(); // held for this update (see HeldScalars)
        using var correction2 = (1 - Math.Pow(beta2, _t)).ToScalar();
        for (int i = 0; i < theta.Count; i++)
        {
            using var scope = NewDisposeScope();
            var g = gradients[i];
            _v[i].mul_(Held[beta1]).add_(g.mul(Held[1 - beta1]), HeldScalars.One);
            var vHat = _v[i].div(correction1);
            _s[i].mul_(Held[beta2]).add_(g.mul(g).mul_(Held[1 - beta2]), HeldScalars.One);
            var sHat = _s[i].div(correction2);
            theta[i].sub_(vHat.mul_(Alpha(learningRate)).div_(sHat.sqrt_().add_(Held[epsilon], HeldScalars.One)));
        }
    }

    public override void Dispose()
    {
        Free(_v);
        Free(_s);
        base.Dispose();
    }
}
