using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>One initialization's runs.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Init">The initialization.</param>
/// <param name="Scale">The random init's factor.</param>
/// <param name="Pair">Scratch, autograd and the peers from the same start.</param>
/// <param name="GradientNorms">‖dW_l‖ over the first iterations.</param>
/// <param name="Symmetry">Whether the hidden units stayed copies.</param>
/// <param name="GradientNormFigure">Its picture's file, or null.</param>
public sealed record InitRow(
    string Name,
    string Init,
    double? Scale,
    PairResult Pair,
    IReadOnlyList<GradientNormPoint> GradientNorms,
    HiddenSymmetry Symmetry,
    string? GradientNormFigure);
