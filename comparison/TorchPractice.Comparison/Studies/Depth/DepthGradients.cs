namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Per-layer measurements of one init at one depth (scratch model, the study's first dataset): ‖dW_l‖ at each of the
/// first iterations (before each update), and the standard deviation of every hidden layer's activations A_l at
/// iteration 0.
/// </summary>
/// <param name="Activation">The hidden layers' activation.</param>
/// <param name="Init">The initialization's name.</param>
/// <param name="Depth">L.</param>
/// <param name="Norms">‖dW_l‖ per recorded iteration.</param>
/// <param name="ActivationStd">std of A_1 … A_{L−1} at iteration 0.</param>
/// <param name="DivergedAt">The first recorded iteration whose norms were not finite (the record stops there).</param>
public sealed record DepthGradients(
    string Activation,
    string Init,
    int Depth,
    IReadOnlyList<GradientNormPoint> Norms,
    IReadOnlyList<double> ActivationStd,
    int? DivergedAt);
