using System.Text.Json.Serialization;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One update rule of the optimization study, trained by both implementations from the same start: the scratch model
/// with the course's hand-written rule, the autograd model with torch.optim; and by the NumPy peer where it runs.
/// </summary>
/// <param name="Optimizer">gd, momentum, rmsprop or adam.</param>
/// <param name="Decay">none, inverse (update_lr) or scheduled (schedule_lr_decay).</param>
/// <param name="LearningRate">α0.</param>
/// <param name="Pair">Both runs (cost every 100 epochs, accuracies, time) and the NumPy peer's (its costs at the same epochs; skipped with the reason when it cannot run here).</param>
/// <param name="MaxCostDifference">max over the recorded epochs of |J_scratch − J_autograd| / J_scratch.</param>
/// <param name="FinalLearningRate">α in the last epoch (α0 without decay).</param>
/// <param name="NumPyCostDifference">max over the recorded epochs of |J_numpy − J_scratch| / J_scratch (null: the peer did not run).</param>
/// <param name="NumPyEarlyCostDifference">
/// The same over every one of the first <see cref="OptimizationStudy.EarlyEpochs"/> epochs (against a scratch run of
/// those epochs that records each one): the bar of issue #25, ≤ 1e-12.
/// </param>
public sealed record OptimizationRow(string Optimizer, string Decay, double LearningRate, PairResult Pair, double MaxCostDifference, double FinalLearningRate,
    [property: JsonPropertyName("numpy_cost_difference")] double? NumPyCostDifference = null,
    [property: JsonPropertyName("numpy_early_cost_difference")] double? NumPyEarlyCostDifference = null)
{
    /// <summary>The NumPy peer's run (null: peers turned off).</summary>
    [JsonIgnore] public RunResult? NumPy => Pair.Peers.FirstOrDefault(p => p.Implementation == "numpy");

    /// <summary>The peer ran and its train and test accuracies are the scratch run's.</summary>
    [JsonIgnore] public bool NumPyAccuraciesEqual => NumPy is { Skipped: false } p
        && p.TrainAccuracy == Pair.Scratch.TrainAccuracy && p.TestAccuracy == Pair.Scratch.TestAccuracy;
}
