namespace TorchPractice.Comparison.Studies;

/// <summary>One (dataset, activation, depth, init) configuration, trained by the scratch model.</summary>
/// <param name="Dataset">circles or fraud.</param>
/// <param name="Activation">The hidden layers' activation.</param>
/// <param name="Depth">L, the layers with weights.</param>
/// <param name="Init">The initialization's name (e.g. "he", "random ×10").</param>
/// <param name="Run">What the run did.</param>
/// <param name="MaxHiddenRowDifference">
/// Max over the hidden layers of <see cref="StudyRuns.MaxRowDifference"/> in the final parameters (0: every hidden
/// layer's units are still copies of each other); null when the run diverged.
/// </param>
public sealed record DepthCell(string Dataset, string Activation, int Depth, string Init, DepthRun Run, double? MaxHiddenRowDifference);
