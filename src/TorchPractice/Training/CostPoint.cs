namespace TorchPractice.Training;

/// <summary>The cost after an iteration, as the course prints it.</summary>
/// <param name="Iteration">0-based iteration (the cost of its forward pass, before its update).</param>
/// <param name="Cost">J at that iteration.</param>
public sealed record CostPoint(int Iteration, double Cost);
