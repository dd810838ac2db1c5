namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The course's momentum (scratch) beside torch.optim's SGD with momentum, as the study trains it (dampening β) and as
/// it equals the course (dampening 0, learning rate α·(1 − β)), from the same start and mini-batches.
/// </summary>
/// <param name="Beta">β.</param>
/// <param name="Variants">The course's rule first, then the torch.optim runs.</param>
public sealed record MomentumComparison(double Beta, IReadOnlyList<MomentumVariant> Variants);

/// <summary>One momentum run of <see cref="MomentumComparison"/>.</summary>
/// <param name="Rule">What ran, e.g. "torch.optim SGD(momentum 0.9, dampening 0)".</param>
/// <param name="LearningRate">Its learning rate.</param>
/// <param name="FirstStepRatio">‖Δθ‖ of its first step ÷ the course's (one step on all training samples from the same start).</param>
/// <param name="Run">Its run (the cost every 100 epochs).</param>
/// <param name="MaxCostDifference">max over the recorded epochs of |J − J_course| / J_course.</param>
public sealed record MomentumVariant(string Rule, double LearningRate, double FirstStepRatio, RunResult Run, double MaxCostDifference);
