namespace TorchPractice.Comparison.Studies;

/// <summary>One momentum run of <see cref="MomentumComparison"/>.</summary>
/// <param name="Rule">What ran, e.g. "torch.optim SGD(momentum 0.9, dampening 0)".</param>
/// <param name="LearningRate">Its learning rate.</param>
/// <param name="FirstStepRatio">‖Δθ‖ of its first step ÷ the course's (one step on all training samples from the same start).</param>
/// <param name="Run">Its run (the cost every 100 epochs).</param>
/// <param name="MaxCostDifference">max over the recorded epochs of |J − J_course| / J_course.</param>
public sealed record MomentumVariant(string Rule, double LearningRate, double FirstStepRatio, RunResult Run, double MaxCostDifference);
