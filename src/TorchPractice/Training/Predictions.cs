namespace TorchPractice.Training;

/// <summary>What <see cref="Predictor.Predict"/> gives: one probability and one class per sample, and metrics when the data has labels.</summary>
/// <param name="Probabilities">σ(z_L) per sample, in the data's row order (computed in the model's dtype, exact as float64).</param>
/// <param name="Classes">1 where the probability is above 0.5, else 0 (the threshold training's metrics use).</param>
/// <param name="Metrics">Against the data's labels; null for data without labels.</param>
/// <param name="Standardized">Whether the model's stored standardization was applied to the data first.</param>
public sealed record Predictions(IReadOnlyList<double> Probabilities, IReadOnlyList<int> Classes, ConfusionMatrix? Metrics, bool Standardized);
