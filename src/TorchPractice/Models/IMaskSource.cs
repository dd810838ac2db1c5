using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>Supplies the dropout masks of one training forward pass: D_l of shape (n_l, m), 1 = keep.</summary>
public interface IMaskSource
{
    /// <summary>The masks D_1 … D_L of one pass, each (n_l, m), 1 = keep, in <paramref name="dtype"/> on <paramref name="device"/>.</summary>
    /// <param name="hiddenSizes">n_l of each hidden layer.</param>
    /// <param name="m">The number of samples.</param>
    /// <param name="device">Where the masks go.</param>
    /// <param name="dtype">Their dtype.</param>
    Tensor[] NextPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype);

    /// <summary>
    /// The masks of one pass of K models trained as one batch (the scratch model's shapes): each (K, n_l, m), or
    /// (n_l, m) when every model gets the same masks (a source that knows one keep_prob).
    /// </summary>
    internal Tensor[] NextBatchedPass(IReadOnlyList<long> hiddenSizes, long m, Device device, ScalarType dtype) =>
        NextPass(hiddenSizes, m, device, dtype);
}
