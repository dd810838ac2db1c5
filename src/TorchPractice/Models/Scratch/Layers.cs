using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

// The from-scratch network's layer kinds, each one's forward and backward side by side (the textbook form).
// Shapes are one model's: X (n_x, m), A_l and Z_l (n_l, m), W_l (n_l, n_prev), b_l (n_l, 1). Every function also
// takes a leading batch dimension, (K, n_l, m), for K configurations trained at once or K perturbations of one
// parameter; a 2-D operand then stands for all K. Autograd is off: these are plain tensor programs, on any device.
//
// Speed: every tensor operation is one native call (~1–2 µs at the course's sizes, more than the arithmetic), so the
// step makes few calls: `_` (in-place) methods on tensors the step made and no longer needs, held Scalars (no new
// native Scalar per call).

/// <summary>LINEAR: Z = W·A_prev + b.</summary>
internal static class LinearLayer
{
    // forward:  Z = W·A_prev + b                   (n_l, m) = (n_l, n_prev)(n_prev, m) + (n_l, 1)
    // Not addmm: it rounds differently from the batched bmm + b, and the gradient check's batched costs must give
    // the single model's costs bit for bit.
    public static Tensor Forward(Tensor aPrev, Tensor w, Tensor b)
    {
        // K configurations (all three batched: the sweep): b + W·A in one call, baddbmm. It may round a last bit
        // differently from bmm + add_, which the sweep allows (it matches one-at-a-time runs to 1e-10); the gradient
        // check's batched costs, which must match the single model bit for bit, never batch all three.
        if (b.dim() == 3 && w.dim() == 3 && aPrev.dim() == 3) return BiasPlusProduct(b, w, aPrev);
        var z = Product(w, aPrev);
        return z.dim() >= b.dim() ? z.add_(b, HeldScalars.One) : b.add(z, HeldScalars.One); // b batched alone: broadcast out of place
    }

    // backward: dW = dZ·A_prevᵀ (+ λ/m·W),  db = Σ_m dZ          (the cost's 1/m is in dZ already)
    public static (Tensor dW, Tensor db) Backward(Tensor dZ, Tensor aPrev, Tensor w, Coefficient? lambdOverM)
    {
        var dW = Product(dZ, aPrev.transpose(-1, -2));
        if (lambdOverM is { } c) c.AddScaledInPlace(dW, w);
        return (dW, dZ.sum(-1, keepdim: true));
    }

    //           dA_prev = Wᵀ·dZ                    (n_prev, m) = (n_prev, n_l)(n_l, m)
    public static Tensor InputGradient(Tensor dZ, Tensor w) => Product(w.transpose(-1, -2), dZ);

    // TorchSharp 0.107's baddbmm hands its arguments to libtorch shifted (the tensor it is called on becomes batch1,
    // its first argument batch2, its second the added input): W.baddbmm(A, b) is what computes b + W·A. A test pins
    // this, so a TorchSharp that fixes the binding fails there, not silently.
    static Tensor BiasPlusProduct(Tensor b, Tensor w, Tensor a) => w.baddbmm(a, b);

    // One model: mm. Batched: bmm, each batch entry the same 2-D product as mm (broadcast matmul would fold the
    // batch into one larger product and round differently); a 2-D operand stands for every entry (expanded: a view).
    static Tensor Product(Tensor a, Tensor b)
    {
        long da = a.dim(), db = b.dim();
        if (da == db) return da == 2 ? a.mm(b) : a.bmm(b);
        return da == 2 ? a.expand(b.shape[0], a.shape[0], a.shape[1]).bmm(b) : a.bmm(b.expand(a.shape[0], b.shape[0], b.shape[1]));
    }
}

/// <summary>ACTIVATION of a hidden layer: A = g(Z).</summary>
internal static class ActivationLayer
{
    static readonly Scalar Slope = ModelOptions.LeakyReluSlope, Zero = 0.0; // held (see HeldScalars)

    // forward:  A = g(Z), in place in Z (backward needs A, not Z)
    public static Tensor Forward(Activation g, Tensor z) => g switch
    {
        Activation.Relu => z.relu_(),                 // max(Z, 0)
        Activation.Tanh => z.tanh_(),
        Activation.Sigmoid => z.sigmoid_(),           // 1 / (1 + e^−Z)
        Activation.LeakyRelu => z.leaky_relu_(Slope), // Z > 0 ? Z : 0.01·Z
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, "unknown activation"),
    };

    // backward: dZ = dA ⊙ g'(Z), with g' written from A = g(Z); in place in dA
    //   relu        g' = 1[A > 0]     A ≥ 0, so sign(A) is that 0/1 mask in A's dtype (cheaper than a bool mask; made
    //                                 in place in A, which backward no longer needs by then)
    //   leaky_relu  g' = A > 0 ? 1 : 0.01
    //   tanh        g' = 1 − A²
    //   sigmoid     g' = A(1 − A)     (libtorch's order: dA·(1 − A)·A)
    public static Tensor Backward(Activation g, Tensor dA, Tensor a) => g switch
    {
        Activation.Relu => dA.mul_(a.sign_()),
        Activation.LeakyRelu => where(a.gt(Zero), dA, dA.mul(Slope)),
        Activation.Tanh => dA.mul_(a.mul(a).neg_().add_(HeldScalars.One, HeldScalars.One)),
        Activation.Sigmoid => dA.mul_(a.neg().add_(HeldScalars.One, HeldScalars.One)).mul_(a),
        _ => throw new ArgumentOutOfRangeException(nameof(g), g, "unknown activation"),
    };

    /// <summary>
    /// Whether g' can be read from the output after dropout: for relu and leaky_relu a kept unit's A/keep_prob has A's
    /// sign (and a dropped unit's dA is 0 anyway), so dropout may overwrite A; tanh and sigmoid need A itself.
    /// </summary>
    public static bool DerivativeSurvivesDropout(Activation g) => g is Activation.Relu or Activation.LeakyRelu;
}

/// <summary>INVERTED DROPOUT on a hidden layer's output, with mask D (1 = keep).</summary>
internal static class DropoutLayer
{
    // forward:  A = A ⊙ D / keep_prob       (inverted: the expected activation is unchanged)
    // A new tensor, not in place in A: relu's A is what autograd's relu backward reads (the gradient check
    // differentiates this forward pass with autograd).
    public static Tensor Forward(Tensor a, Tensor d, Coefficient keepProb) => keepProb.DivideInPlace(a.mul(d));

    // backward: dA = dA ⊙ D / keep_prob     (the same mask)
    public static Tensor Backward(Tensor dA, Tensor d, Coefficient keepProb) => keepProb.DivideInPlace(dA.mul_(d));
}

/// <summary>SIGMOID + CROSS-ENTROPY (with L2) on the output layer's Z_L, (1, m).</summary>
internal static class SigmoidCrossEntropy
{
    // forward:  A_L = σ(Z_L)
    public static Tensor Forward(Tensor zL) => zL.sigmoid();

    //           J = −1/m Σ [Y log A_L + (1−Y) log(1−A_L)] + λ/(2m) Σ_l ‖W_l‖²
    //           (from Z_L, stable; or the course's formula on A_L, which prints inf once σ saturates)
    public static Tensor Cost(Tensor zL, Tensor aL, Tensor y, IEnumerable<Tensor> weights, double lambd, bool courseCost)
    {
        var ce = courseCost ? Models.Cost.Course(aL, y) : Models.Cost.Stable(zL, y);
        return lambd > 0 ? ce.add(Models.Cost.L2(weights, lambd, y.shape[^1]), HeldScalars.One) : ce;
    }

    // backward: dZ_L = ∂J/∂Z_L = (A_L − Y)/m   (in place in A_L; the L2 term's gradient is added in LinearLayer)
    public static Tensor Backward(Tensor aL, Tensor y, Scalar m) => aL.sub_(y).div_(m);
}
