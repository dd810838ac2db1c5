using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchPractice.Models.Autograd;

/// <summary>
/// The same network as TorchSharp modules: three Linear layers, ReLU, dropout, sigmoid. Rows are
/// samples here (x is (m, n_x), the nn convention); Linear's weight (n_l, n_prev) is the course's W.
/// </summary>
public sealed class ThreeLayerNet : Module<Tensor, Tensor>
{
    readonly Linear fc1, fc2, fc3;
    readonly Dropout drop1, drop2;

    /// <summary>Three Linear layers with the given sizes, on the device, in the dtype.</summary>
    /// <param name="layers">[n_x, h1, h2, 1].</param>
    /// <param name="keepProb">nn.Dropout keeps units with this probability.</param>
    /// <param name="dtype">Float64 or Float32.</param>
    /// <param name="device">Where the weights live.</param>
    public ThreeLayerNet(int[] layers, double keepProb, ScalarType dtype, Device device) : base(nameof(ThreeLayerNet))
    {
        fc1 = Linear(layers[0], layers[1], dtype: dtype);
        fc2 = Linear(layers[1], layers[2], dtype: dtype);
        fc3 = Linear(layers[2], layers[3], dtype: dtype);
        drop1 = Dropout(1 - keepProb);
        drop2 = Dropout(1 - keepProb);
        RegisterComponents();
        this.to(device);
    }

    /// <summary>σ(logits): probabilities, shape (m, 1).</summary>
    public override Tensor forward(Tensor x) => Logits(x, null).sigmoid();

    /// <summary>
    /// z3, shape (m, 1). In training mode, dropout uses the given masks (each (m, n_l), 1 = keep) when
    /// they are given, so both implementations drop the same units; else TorchSharp's own nn.Dropout.
    /// </summary>
    public Tensor Logits(Tensor x, Tensor[]? masks, double keepProb = 1)
    {
        using Scalar kp = keepProb; // held for the call (see HeldScalars)
        var a1 = Drop(fc1.forward(x).relu(), drop1, masks?[0], kp);
        var a2 = Drop(fc2.forward(a1).relu(), drop2, masks?[1], kp);
        return fc3.forward(a2);
    }

    Tensor Drop(Tensor a, Dropout dropout, Tensor? mask, Scalar keepProb) =>
        !training ? a : mask is null ? dropout.forward(a) : a.mul(mask).div(keepProb);

    /// <summary>The layers with their course numbers ("1", "2", "3"): fc_l.weight is W_l, fc_l.bias is b_l.</summary>
    public IEnumerable<(string Name, Linear Layer)> Layers => [("1", fc1), ("2", fc2), ("3", fc3)];
}
