using TorchPractice.Models;

namespace TorchPractice.Training;

/// <summary>One configuration's outcome: its cost history and its final parameters (owned by the caller).</summary>
/// <param name="Config">The configuration.</param>
/// <param name="Result">Its cost history.</param>
/// <param name="Parameters">Its final parameters (the caller disposes them).</param>
public sealed record SweepRun(SweepConfig Config, TrainingResult Result, ParameterSet Parameters);
