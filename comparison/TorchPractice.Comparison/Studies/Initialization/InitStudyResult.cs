using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

public sealed record InitStudyResult(
    StudySettings Settings,
    IReadOnlyList<InitRow> Rows,
    string? CostFigure,
    IReadOnlyList<string> Notes);
