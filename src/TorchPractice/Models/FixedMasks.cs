using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>The same masks for every pass: gradient checking perturbs θ, never the masks.</summary>
public sealed class FixedMasks(IReadOnlyList<Tensor> masks) : IMaskSource
{
    /// <inheritdoc/>
    public Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype)
    {
        for (int i = 0; i < hiddenSizes.Count; i++)
            if (masks[i].shape[0] != hiddenSizes[i] || masks[i].shape[1] != m)
                throw new ArgumentException($"frozen mask D{i + 1} has shape ({masks[i].shape[0]}, {masks[i].shape[1]}); the pass needs ({hiddenSizes[i]}, {m})");
        // The to() result is disposed here, not left to a finalizer that could free it during clone() (README "Known limits").
        return masks.Select(d => { using var converted = d.to(dtype, device); return converted.clone(); }).ToArray();
    }
}
