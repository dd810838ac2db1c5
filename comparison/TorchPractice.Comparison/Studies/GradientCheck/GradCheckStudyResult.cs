using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

public sealed record GradCheckStudyResult(
    double Epsilon,
    double Threshold,
    IReadOnlyList<GradCheckRow> Checks,
    IReadOnlyList<GradCheckRow> Bugs,
    IReadOnlyList<string> Notes);
