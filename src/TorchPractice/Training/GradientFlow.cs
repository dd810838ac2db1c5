using System.Globalization;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// How much gradient reaches each layer: ‖dW_l‖ (Frobenius) for l = 1 … L at the current parameters, without dropout.
/// A network whose gradients vanish — all ≈ 0, or the first layer's at least <see cref="VanishingRatio"/>× smaller than
/// the last's — cannot be trained by a smaller learning rate or scaled features: it is too deep for its activation and
/// initialization (the course's vanishing gradients).
/// </summary>
/// <param name="WeightGradientNorms">‖dW_l‖ for l = 1 … L (index 0 is the input-side layer).</param>
public sealed record GradientFlow(IReadOnlyList<double> WeightGradientNorms)
{
    /// <summary>Every ‖dW_l‖ below this is "all ≈ 0": no gradient reaches any layer.</summary>
    public const double Negligible = 1e-5;
    /// <summary>‖dW_L‖ / ‖dW_1‖ above this (with at least two hidden layers) is vanishing toward the input.</summary>
    public const double VanishingRatio = 1e3;

    /// <summary>Measures ‖dW_l‖ of <paramref name="model"/> on (<paramref name="x"/>, <paramref name="y"/>); changes nothing.</summary>
    /// <param name="model">The model, at its current parameters.</param>
    /// <param name="x">Features, (n_x, m), on the model's device and dtype.</param>
    /// <param name="y">Labels, (1, m).</param>
    public static GradientFlow Of(IClassifier model, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        using var g = model.Gradients(x, y, null);
        return new GradientFlow(Enumerable.Range(1, g.LayerCount).Select(l => g[ParameterSet.W(l)].norm().to(ScalarType.Float64).item<double>()).ToArray());
    }

    /// <summary>‖dW_1‖: the input-side layer's.</summary>
    public double First => WeightGradientNorms[0];
    /// <summary>‖dW_L‖: the output layer's.</summary>
    public double Last => WeightGradientNorms[^1];

    /// <summary>Every layer's gradient is below <see cref="Negligible"/>.</summary>
    public bool AllNegligible => WeightGradientNorms.All(n => n < Negligible);

    /// <summary>All ≈ 0, or (with at least three layers) ‖dW_L‖ / ‖dW_1‖ above <see cref="VanishingRatio"/>.</summary>
    public bool Vanishing => AllNegligible || (WeightGradientNorms.Count >= 3 && Last > VanishingRatio * First);

    /// <summary>"‖dW1‖ = 3.1e-12 … ‖dW10‖ = 4.2e-4 (…× smaller at the input)", for messages.</summary>
    public string Describe()
    {
        static string G(double v) => v.ToString("0.#e+0", CultureInfo.InvariantCulture);
        int l = WeightGradientNorms.Count;
        string norms = $"‖dW1‖ = {G(First)}, ‖dW{l}‖ = {G(Last)}";
        if (AllNegligible) return $"{norms}: every layer's gradient is below {G(Negligible)}";
        return First > 0 ? $"{norms}: {G(Last / First)}× smaller at the input than at the output" : $"{norms}: none reaches the input layer";
    }
}
