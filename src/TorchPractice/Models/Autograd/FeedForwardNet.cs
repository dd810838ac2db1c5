using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchPractice.Models.Autograd;

/// <summary>
/// The same network as TorchSharp modules: L Linear layers, the hidden activation and dropout after each hidden
/// layer, a sigmoid on the last. Rows are samples here (x is (m, n_x), the nn convention); Linear l's weight
/// (n_l, n_{l−1}) is the course's W_l.
/// </summary>
public sealed class FeedForwardNet : Module<Tensor, Tensor>
{
    readonly ModuleList<Linear> linears;
    readonly ModuleList<Dropout> dropouts;
    readonly Func<Tensor, Tensor> activate;
    readonly Scalar slope = ModelOptions.LeakyReluSlope; // held: an implicit Scalar may be freed mid-call (README "Known limits")

    /// <summary>Linear layers with the given sizes, on the device, in the dtype.</summary>
    /// <param name="layers">[n_x, h_1, …, h_{L−1}, 1]: at least two entries ([n_x, 1] is logistic regression).</param>
    /// <param name="activation">The hidden layers' activation.</param>
    /// <param name="keepProb">nn.Dropout keeps units with this probability.</param>
    /// <param name="dtype">Float64 or Float32.</param>
    /// <param name="device">Where the weights live.</param>
    public FeedForwardNet(int[] layers, Activation activation, double keepProb, ScalarType dtype, Device device) : base(nameof(FeedForwardNet))
    {
        if (layers is null || layers.Length < 2)
            throw new ArgumentException($"layers need at least 2 entries [n_x, …, 1]; got {layers?.Length ?? 0}", nameof(layers));
        linears = ModuleList(Enumerable.Range(1, layers.Length - 1).Select(l => Linear(layers[l - 1], layers[l], dtype: dtype)).ToArray());
        dropouts = ModuleList(Enumerable.Range(1, layers.Length - 2).Select(_ => Dropout(1 - keepProb)).ToArray());
        activate = activation switch
        {
            Activation.Relu => z => functional.relu(z),
            Activation.Tanh => z => functional.tanh(z),
            Activation.Sigmoid => z => functional.sigmoid(z),
            Activation.LeakyRelu => z => z.leaky_relu(slope),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, $"unknown activation {activation}"),
        };
        Activation = activation;
        RegisterComponents();
        this.to(device);
    }

    /// <summary>The hidden layers' activation.</summary>
    public Activation Activation { get; }

    /// <summary>σ(logits): probabilities, shape (m, 1).</summary>
    public override Tensor forward(Tensor x) => Logits(x, null).sigmoid();

    /// <summary>
    /// z_L, shape (m, 1). In training mode, dropout uses the given masks (one per hidden layer, each (m, h_l),
    /// 1 = keep) when they are given, so both implementations drop the same units; else TorchSharp's own nn.Dropout.
    /// </summary>
    public Tensor Logits(Tensor x, Tensor[]? masks, double keepProb = 1)
    {
        using Scalar kp = keepProb; // held for the call (see HeldScalars)
        var a = x;
        for (int l = 0; l < dropouts.Count; l++)
            a = Drop(activate(linears[l].forward(a)), dropouts[l], masks?[l], kp);
        return linears[^1].forward(a);
    }

    Tensor Drop(Tensor a, Dropout dropout, Tensor? mask, Scalar keepProb) =>
        !training ? a : mask is null ? dropout.forward(a) : a.mul(mask).div(keepProb);

    /// <summary>The layers with their course numbers ("1" … "L"): layer l's weight is W_l, its bias b_l.</summary>
    public IEnumerable<(string Name, Linear Layer)> Layers => linears.Select((layer, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), layer));

    /// <summary>Frees the held slope with the modules.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing) slope.Dispose();
        base.Dispose(disposing);
    }
}
