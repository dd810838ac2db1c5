namespace TorchPractice.Models;

/// <summary>How the weights start (biases always start at zero).</summary>
public enum Init
{
    /// <summary>All zeros: every hidden unit stays identical (symmetry is never broken).</summary>
    Zeros,
    /// <summary>Standard normal × scale (default 10: the course's "too large" initialization).</summary>
    Random,
    /// <summary>Standard normal × sqrt(2 / n_prev) (He et al. 2015).</summary>
    He,
    /// <summary>Standard normal / sqrt(n_prev) (the course's regularization notebook).</summary>
    Lecun,
    /// <summary>Standard normal × sqrt(2 / (n_prev + n_l)) (Glorot normal).</summary>
    Xavier,
    /// <summary>U(−1, 1) × scale: the "why randn and not rand" contrast.</summary>
    Uniform,
}
