namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The course's momentum (scratch) beside torch.optim's SGD with momentum, as the study trains it (dampening β) and as
/// it equals the course (dampening 0, learning rate α·(1 − β)), from the same start and mini-batches.
/// </summary>
/// <param name="Beta">β.</param>
/// <param name="Variants">The course's rule first, then the torch.optim runs.</param>
public sealed record MomentumComparison(double Beta, IReadOnlyList<MomentumVariant> Variants);
