namespace TorchPractice.Comparison.Studies;

/// <summary>The depth study's results.</summary>
/// <param name="Settings">How it ran.</param>
/// <param name="Cells">Every configuration's scratch run.</param>
/// <param name="Gradients">Per-layer records at the deepest depth.</param>
/// <param name="Rounding">Scratch against autograd at iteration 0, per configuration.</param>
/// <param name="Findings">What the numbers show (<see cref="DepthFindings"/>).</param>
/// <param name="Figures">The pictures.</param>
/// <param name="Notes">How to read it.</param>
public sealed record DepthStudyResult(
    DepthSettings Settings,
    IReadOnlyList<DepthCell> Cells,
    IReadOnlyList<DepthGradients> Gradients,
    IReadOnlyList<DepthRounding> Rounding,
    IReadOnlyList<DepthFinding> Findings,
    IReadOnlyList<DepthFigure> Figures,
    IReadOnlyList<string> Notes);
