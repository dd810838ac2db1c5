using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>update_parameters_with_gd: θ = θ − α·dθ.</summary>
internal sealed class GradientDescentUpdate : ScratchUpdate
{
    public override void Apply(IReadOnlyList<Tensor> theta, IReadOnlyList<Tensor> gradients, double learningRate)
    {
        var minusAlpha = Alpha(-learningRate);
        for (int i = 0; i < theta.Count; i++) theta[i].add_(gradients[i], minusAlpha); // one call (week 1's numbers, bit for bit)
    }
}
