namespace TorchPractice.Models;

/// <summary>Which of the two implementations.</summary>
public enum Implementation
{
    /// <summary>Hand-written forward and backward passes (<see cref="Scratch.ScratchModel"/>).</summary>
    Scratch,
    /// <summary>TorchSharp nn modules and autograd (<see cref="Autograd.AutogradModel"/>).</summary>
    Autograd,
}
