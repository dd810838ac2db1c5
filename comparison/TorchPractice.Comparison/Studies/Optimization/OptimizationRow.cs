namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One update rule of the optimization study, trained by both implementations from the same start: the scratch model
/// with the course's hand-written rule, the autograd model with torch.optim.
/// </summary>
/// <param name="Optimizer">gd, momentum, rmsprop or adam.</param>
/// <param name="Decay">none, inverse (update_lr) or scheduled (schedule_lr_decay).</param>
/// <param name="LearningRate">α0.</param>
/// <param name="Pair">Both runs (cost every 100 epochs, accuracies, time).</param>
/// <param name="MaxCostDifference">max over the recorded epochs of |J_scratch − J_autograd| / J_scratch.</param>
/// <param name="FinalLearningRate">α in the last epoch (α0 without decay).</param>
public sealed record OptimizationRow(string Optimizer, string Decay, double LearningRate, PairResult Pair, double MaxCostDifference, double FinalLearningRate);
