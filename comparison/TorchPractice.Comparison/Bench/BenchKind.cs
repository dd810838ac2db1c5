using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Bench;

/// <summary>What a benchmark case times.</summary>
public enum BenchKind
{
    /// <summary>One model trained by each implementation and peer.</summary>
    Train,
    /// <summary>K configurations trained at once, against one after another.</summary>
    Sweep,
    /// <summary>The slow gradient check, batched against one perturbation at a time.</summary>
    GradCheck,
}
