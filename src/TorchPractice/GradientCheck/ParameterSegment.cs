namespace TorchPractice.GradientCheck;

/// <summary>Where one tensor's values sit in the vector.</summary>
/// <param name="Name">The tensor (W1, b1, …).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Offset">Where its first value sits in the vector.</param>
/// <param name="Length">How many values it has.</param>
public sealed record ParameterSegment(string Name, long[] Shape, int Offset, int Length);
