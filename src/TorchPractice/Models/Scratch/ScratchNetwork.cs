using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// The L-layer network, written once from the layer kinds in Layers.cs: [LINEAR → ACTIVATION → DROPOUT] × (L−1) →
/// LINEAR → SIGMOID + CROSS-ENTROPY, on K models at once (shapes as in Layers.cs): <see cref="ScratchModel"/> runs it
/// on one model (K = 1) or a sweep's K configurations, GradientCheck.BatchedCost on K perturbations of one
/// parameter. Layers are numbered 1 … L as in the course; array
/// index l − 1 holds layer l. The three backward steps are virtual only so that the gradient check's planted bugs
/// (GradientCheck/PlantedBugNetwork) can replace one; this class has no mistakes in it.
/// </summary>
/// <param name="activation">The hidden layers' activation.</param>
/// <param name="keepProb">keep_prob, (K, 1, 1), or (1, 1) for one model or when all share it (unused without masks).</param>
internal class ScratchNetwork(Activation activation, Tensor keepProb)
{
    /// <summary>The hidden layers' activation.</summary>
    public Activation Activation { get; } = activation;

    /// <summary>
    /// What forward keeps for backward, which uses it up (A_L and, for relu, the A_l are overwritten in place).
    /// Inputs[l − 1] is layer l's input A_{l−1} (X for l = 1, after dropout otherwise); Undropped[l − 1] is A_l before
    /// dropout when the activation's derivative needs it (tanh, sigmoid); Masks[l − 1] is D_l.
    /// </summary>
    public sealed record Cache(Tensor[] Inputs, Tensor?[] Undropped, IReadOnlyList<Tensor>? Masks, Tensor ZL, Tensor AL)
    {
        /// <summary>PreActivations[l − 1] is Z_l of hidden layer l, kept only when <see cref="KeepsPreActivations"/> (else null).</summary>
        public Tensor?[]? PreActivations { get; init; }
    }

    /// <summary>
    /// Whether forward keeps a copy of each hidden Z_l for backward (one clone per layer). The reference reads g'(Z)
    /// from A = g(Z) and needs none; a planted bug that acts where Z = 0 exactly cannot tell Z = 0 from Z &lt; 0 in A.
    /// </summary>
    protected virtual bool KeepsPreActivations => false;

    /// <summary>Forward through every layer: X (K, n_x, m), W_l (K, n_l, n_prev), b_l (K, n_l, 1), <paramref name="masks"/> D_1 … D_{L−1} (K, n_l, m) (null: no dropout); one model's without K.</summary>
    public Cache Forward(Tensor x, IReadOnlyList<Tensor> w, IReadOnlyList<Tensor> b, IReadOnlyList<Tensor>? masks)
    {
        int layers = w.Count;
        var inputs = new Tensor[layers];
        var undropped = new Tensor?[layers];
        var preActivations = KeepsPreActivations ? new Tensor?[layers] : null;
        var a = x;
        for (int l = 1; l < layers; l++)
        {
            inputs[l - 1] = a;
            var z = LinearLayer.Forward(a, w[l - 1], b[l - 1]);                                  // (K, n_l, m)
            if (preActivations is not null) preActivations[l - 1] = z.clone();
            a = ActivationLayer.Forward(Activation, z);                                         // (K, n_l, m)
            if (masks is null) continue;
            if (!ActivationLayer.DerivativeSurvivesDropout(Activation)) (undropped[l - 1], a) = (a, a.clone());
            a = DropoutLayer.Forward(a, masks[l - 1], keepProb);
        }
        inputs[layers - 1] = a;
        var zL = LinearLayer.Forward(a, w[layers - 1], b[layers - 1]);                         // (K, 1, m)
        return new Cache(inputs, undropped, masks, zL, SigmoidCrossEntropy.Forward(zL)) { PreActivations = preActivations };
    }

    /// <summary>
    /// The elements one model's forward pass makes per layer output, Σ_l n_l·m over layers 1 … L (one Z_l, A_l each;
    /// what memory and chunk estimates scale: TrainingMemory, GradientCheck's batched chunks, the sweep's threads).
    /// </summary>
    public static long ActivationElements(IReadOnlyList<int> layers, long m)
    {
        long units = 0;
        for (int l = 1; l < layers.Count; l++) units += layers[l];
        return units * m;
    }

    /// <summary>The largest single layer output, max_l n_l·m: what decides whether a libtorch op pays for more threads.</summary>
    public static long LargestActivation(IReadOnlyList<int> layers, long m) => layers.Skip(1).DefaultIfEmpty(0).Max() * m;

    /// <summary>The hidden layers' outputs A_1 … A_{L−1} (after dropout when masks were given) of a forward pass.</summary>
    public static Tensor[] HiddenOutputs(Cache c) => c.Inputs[1..];

    /// <summary>
    /// Backward from the cost to every dW_l, db_l (in place in the cache). <paramref name="y"/> is Y, (1, m) (every model's);
    /// <paramref name="m"/> the sample count as a held Scalar (dZ_L = (A_L − Y)/m); <paramref name="lambdOverM"/> λ/m, (K, 1, 1)
    /// or (1, 1), or null without L2.
    /// </summary>
    public (Tensor[] dW, Tensor[] db) Backward(Cache c, Tensor y, IReadOnlyList<Tensor> w, Scalar m, Tensor? lambdOverM)
    {
        int layers = w.Count;
        var dW = new Tensor[layers];
        var db = new Tensor[layers];
        var dZ = SigmoidCrossEntropy.Backward(c.AL, y, m);                                     // (K, 1, m)
        for (int l = layers; l >= 1; l--)
        {
            (dW[l - 1], db[l - 1]) = LinearBackward(l, dZ, c.Inputs[l - 1], w[l - 1], lambdOverM);
            if (l == 1) break;
            var dA = LinearLayer.InputGradient(dZ, w[l - 1]);                                  // dA_{l−1}: (K, n_{l−1}, m)
            if (c.Masks is not null) dA = DropoutBackward(l - 1, dA, c.Masks[l - 2]);
            dZ = ActivationBackward(l - 1, dA, c.Undropped[l - 2] ?? c.Inputs[l - 1], c.PreActivations?[l - 2]); // dZ_{l−1}
        }
        return (dW, db);
    }

    /// <summary>Layer <paramref name="layer"/>'s LINEAR backward.</summary>
    protected virtual (Tensor dW, Tensor db) LinearBackward(int layer, Tensor dZ, Tensor aPrev, Tensor w, Tensor? lambdOverM) =>
        LinearLayer.Backward(dZ, aPrev, w, lambdOverM);

    /// <summary>Hidden layer <paramref name="layer"/>'s DROPOUT backward.</summary>
    protected virtual Tensor DropoutBackward(int layer, Tensor dA, Tensor d) => DropoutLayer.Backward(dA, d, keepProb);

    /// <summary>Hidden layer <paramref name="layer"/>'s ACTIVATION backward, from A = g(Z) (<paramref name="z"/>: Z itself, when kept).</summary>
    protected virtual Tensor ActivationBackward(int layer, Tensor dA, Tensor a, Tensor? z) => ActivationLayer.Backward(Activation, dA, a);
}
