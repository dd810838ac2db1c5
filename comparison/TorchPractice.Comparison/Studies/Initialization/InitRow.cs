using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

public sealed record InitRow(
    string Name,
    string Init,
    double? Scale,
    PairResult Pair,
    IReadOnlyList<GradientNormPoint> GradientNorms,
    HiddenSymmetry Symmetry,
    string? GradientNormFigure);
