using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>The gradient-check study's results.</summary>
/// <param name="Epsilon">ε.</param>
/// <param name="Threshold">The threshold.</param>
/// <param name="Checks">The correct backward pass in each case and configuration.</param>
/// <param name="Bugs">Each planted bug.</param>
/// <param name="Notes">How to read them.</param>
public sealed record GradCheckStudyResult(
    double Epsilon,
    double Threshold,
    IReadOnlyList<GradCheckRow> Checks,
    IReadOnlyList<GradCheckRow> Bugs,
    IReadOnlyList<string> Notes);
