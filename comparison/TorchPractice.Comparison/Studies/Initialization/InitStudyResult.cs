using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>The initialization study's results.</summary>
/// <param name="Settings">How it ran.</param>
/// <param name="Rows">One per initialization.</param>
/// <param name="CostFigure">The cost curves' file, or null.</param>
/// <param name="Notes">How to read them.</param>
public sealed record InitStudyResult(
    StudySettings Settings,
    IReadOnlyList<InitRow> Rows,
    string? CostFigure,
    IReadOnlyList<string> Notes);
