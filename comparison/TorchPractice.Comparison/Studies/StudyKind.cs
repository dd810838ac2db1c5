using TorchPractice.Runtime;

namespace TorchPractice.Comparison.Studies;

/// <summary>The studies of `torchpractice compare`.</summary>
public enum StudyKind
{
    /// <summary>Zeros, large random and He initialization.</summary>
    Init,
    /// <summary>No regularization, L2 and dropout, with the sweeps.</summary>
    Reg,
    /// <summary>Gradient checking and the planted bugs.</summary>
    GradCheck,
    /// <summary>Vanishing and exploding gradients with depth.</summary>
    Depth,
}
