using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

// The from-scratch network's layer kinds, each one's forward and backward side by side (the textbook form).
// Shapes, for K models trained at once (the sweep's configurations, the gradient check's perturbations): X (K, n_x, m),
// A_l and Z_l (K, n_l, m), W_l (K, n_l, n_prev), b_l (K, n_l, 1), keep_prob and λ/m (K, 1, 1). One model is the same
// without the K (X (n_x, m), …, keep_prob (1, 1)), and a tensor without it stands for all K (Runtime/Batched).
// Autograd is off: plain tensor programs, on any device.
//
// Speed: every tensor operation is one native call (~1–2 µs at the course's sizes, more than the arithmetic), so the
// step makes few calls: `_` (in-place) methods on tensors the step made and no longer needs, held Scalars.

/// <summary>LINEAR: Z = W·A_prev + b.</summary>
internal static class LinearLayer
{
    // forward:  Z = W·A_prev + b                   (K, n_l, m) = (K, n_l, n_prev)(K, n_prev, m) + (K, n_l, 1)
    public static Tensor Forward(Tensor aPrev, Tensor w, Tensor b) => Batched.Add(Batched.Product(w, aPrev), b);

    // backward: dW = dZ·A_prevᵀ + λ/m·W,  db = Σ_m dZ          (the cost's 1/m is in dZ already)
    public static (Tensor dW, Tensor db) Backward(Tensor dZ, Tensor aPrev, Tensor w, Tensor? lambdOverM)
    {
        var dW = Batched.Product(dZ, aPrev.transpose(-1, -2));
        if (lambdOverM is not null) dW.addcmul_(w, lambdOverM, HeldScalars.One); // one call; W·λ/m rounded, then added (as NumPy)
        return (dW, dZ.sum(-1, keepdim: true));
    }

    //           dA_prev = Wᵀ·dZ                    (K, n_prev, m) = (K, n_prev, n_l)(K, n_l, m)
    public static Tensor InputGradient(Tensor dZ, Tensor w) => Batched.Product(w.transpose(-1, -2), dZ);
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
    public static Tensor Forward(Tensor a, Tensor d, Tensor keepProb) => a.mul(d).div_(keepProb);

    // backward: dA = dA ⊙ D / keep_prob     (the same mask)
    public static Tensor Backward(Tensor dA, Tensor d, Tensor keepProb) => dA.mul_(d).div_(keepProb);
}

/// <summary>SIGMOID + CROSS-ENTROPY (with L2) on the output layer's Z_L, (K, 1, m).</summary>
internal static class SigmoidCrossEntropy
{
    // forward:  A_L = σ(Z_L)
    public static Tensor Forward(Tensor zL) => zL.sigmoid();

    //           J = −1/m Σ [Y log A_L + (1−Y) log(1−A_L)] + λ/(2m) Σ_l ‖W_l‖²       one model's: Z_L, A_L, Y (1, m)
    //           (from Z_L, stable; or the course's formula on A_L, which prints inf once σ saturates)
    public static Tensor Cost(Tensor zL, Tensor aL, Tensor y, IEnumerable<Tensor> weights, double lambd, bool courseCost)
    {
        var ce = courseCost ? Models.CostFormulas.Course(aL, y) : Models.CostFormulas.Stable(zL, y);
        return lambd > 0 ? ce.add(Models.CostFormulas.L2(weights, lambd, y.shape[^1]), HeldScalars.One) : ce;
    }

    // backward: dZ_L = ∂J/∂Z_L = (A_L − Y)/m   (in place in A_L; the L2 term's gradient is added in LinearLayer)
    public static Tensor Backward(Tensor aL, Tensor y, Scalar m) => aL.sub_(y).div_(m);
}
