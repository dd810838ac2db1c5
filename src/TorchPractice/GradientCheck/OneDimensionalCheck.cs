namespace TorchPractice.GradientCheck;

/// <summary>The course's 1-D example: J(θ) = θ·x, dJ/dθ = x.</summary>
/// <param name="Gradient">dJ/dθ = x.</param>
/// <param name="Numeric">(J(θ + ε) − J(θ − ε)) / 2ε.</param>
/// <param name="Difference">The relative difference.</param>
/// <param name="Passed">Difference below the threshold.</param>
public sealed record OneDimensionalCheck(double Gradient, double Numeric, double Difference, bool Passed);
