namespace TorchPractice.Models;

/// <summary>How the autograd model drops units.</summary>
public enum AutogradDropout
{
    /// <summary>Masks from the shared random source: exactly the scratch model's masks.</summary>
    Shared,
    /// <summary>TorchSharp's own nn.Dropout (its generator seeded with the run's seed).</summary>
    Torch,
}
