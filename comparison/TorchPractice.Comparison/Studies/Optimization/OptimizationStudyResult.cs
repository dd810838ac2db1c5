namespace TorchPractice.Comparison.Studies;

/// <summary>What the optimization study found.</summary>
/// <param name="Settings">Data, layers, epochs, seed.</param>
/// <param name="MiniBatchSize">The mini-batch size (the assignment's 64).</param>
/// <param name="Rows">One per update rule (and decay).</param>
/// <param name="CostFigure">The cost curves' picture, or null.</param>
/// <param name="Notes">What to know when reading the numbers.</param>
/// <param name="Momentum">The course's momentum against torch.optim's (null: the study stopped before its momentum run).</param>
public sealed record OptimizationStudyResult(StudySettings Settings, int MiniBatchSize, IReadOnlyList<OptimizationRow> Rows, string? CostFigure,
    IReadOnlyList<string> Notes, MomentumComparison? Momentum = null)
{
    /// <summary>The learning-rate schedules' picture, or null.</summary>
    public string? ScheduleFigure { get; init; }
}
