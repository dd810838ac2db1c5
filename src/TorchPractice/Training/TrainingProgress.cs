namespace TorchPractice.Training;

/// <summary>Where a run is: reported after every iteration (presenters decide how often to draw).</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Iterations">Iterations asked for.</param>
/// <param name="LastCost">The latest recorded cost (null before the first).</param>
/// <param name="Elapsed">Time since the start.</param>
public sealed record TrainingProgress(int Iteration, int Iterations, double? LastCost, TimeSpan Elapsed);
