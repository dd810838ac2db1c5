namespace TorchPractice.Training;

/// <summary>The update rules of week 2 of the course ("Optimization algorithms").</summary>
public enum OptimizerKind
{
    /// <summary>θ = θ − α·dθ.</summary>
    GradientDescent,
    /// <summary>The course's momentum: v = β·v + (1 − β)·dθ; θ = θ − α·v.</summary>
    Momentum,
    /// <summary>RMSprop: s = β2·s + (1 − β2)·dθ²; θ = θ − α·dθ / (√s + ε).</summary>
    RmsProp,
    /// <summary>Adam, with bias correction and t counted per mini-batch.</summary>
    Adam,
}
