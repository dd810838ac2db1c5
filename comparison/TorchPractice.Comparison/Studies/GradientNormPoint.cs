using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>‖dW_l‖ (Frobenius) of every layer at one iteration, before that iteration's update.</summary>
public sealed record GradientNormPoint(int Iteration, IReadOnlyList<double> WeightGradientNorms);
