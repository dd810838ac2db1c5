namespace TorchPractice.Models;

/// <summary>The hidden layers' activation (the output layer is always a sigmoid).</summary>
public enum Activation
{
    /// <summary>max(z, 0): the course's. Pair with He initialization.</summary>
    Relu,
    /// <summary>tanh(z). Pair with Xavier/Glorot initialization.</summary>
    Tanh,
    /// <summary>σ(z) = 1 / (1 + e^−z): saturates at both ends, so gradients vanish in deep stacks.</summary>
    Sigmoid,
    /// <summary>z for z &gt; 0, else <see cref="ModelOptions.LeakyReluSlope"/>·z (PyTorch's default slope 0.01).</summary>
    LeakyRelu,
}
