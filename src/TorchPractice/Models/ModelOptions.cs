using TorchSharp;

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

/// <summary>
/// One specification shared by both implementations: LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID with
/// layer sizes [n_x, h1, h2, 1], binary cross-entropy, L2 on weights, inverted dropout on the hidden layers.
/// </summary>
public sealed record ModelOptions
{
    public int[] Layers { get; init; } = [2, 10, 5, 1];
    public Init Init { get; init; } = Init.He;
    /// <summary>Multiplier for <see cref="Models.Init.Random"/> and <see cref="Models.Init.Uniform"/>.</summary>
    public double InitScale { get; init; } = 10.0;
    /// <summary>L2 strength λ: cost += λ/(2m)·Σ‖W‖², dW += (λ/m)·W.</summary>
    public double Lambd { get; init; }
    /// <summary>Probability of keeping a hidden unit; 1 turns dropout off.</summary>
    public double KeepProb { get; init; } = 1.0;
    /// <summary>Re-seed the dropout stream with 1 before every forward pass, as the course notebook does.</summary>
    public bool CourseDropout { get; init; }
    /// <summary>Report the course's exact cost formula (may be inf) instead of the stable one.</summary>
    public bool CourseCost { get; init; }
    public torch.ScalarType DType { get; init; } = torch.ScalarType.Float64;

    public bool UsesDropout => KeepProb < 1.0;

    /// <summary>Rejects impossible options before any work, with a message naming the option.</summary>
    public void Validate()
    {
        if (Layers.Length != 4)
            throw new ArgumentException($"--layers must have 4 entries [n_x, h1, h2, 1] for this three-layer model; got {Layers.Length} ({string.Join(",", Layers)})");
        if (Layers.Any(n => n <= 0))
            throw new ArgumentException($"--layers entries must be positive; got {string.Join(",", Layers)}");
        if (Layers[^1] != 1)
            throw new ArgumentException($"--layers must end in 1 (one sigmoid output for binary classification); got {Layers[^1]}");
        if (!(KeepProb > 0 && KeepProb <= 1))
            throw new ArgumentException($"--keep-prob must be in (0, 1]; got {KeepProb}");
        if (!(Lambd >= 0) || double.IsInfinity(Lambd))
            throw new ArgumentException($"--lambd must be a finite number ≥ 0; got {Lambd}");
        if (!(InitScale > 0) || double.IsInfinity(InitScale))
            throw new ArgumentException($"the initialization scale must be a finite number > 0; got {InitScale}");
        if (DType is not (torch.ScalarType.Float64 or torch.ScalarType.Float32))
            throw new ArgumentException($"dtype must be float64 or float32; got {DType}");
    }

    public static Init ParseInit(string text) => text.ToLowerInvariant() switch
    {
        "zeros" => Init.Zeros,
        "random" => Init.Random,
        "he" => Init.He,
        "lecun" => Init.Lecun,
        "xavier" => Init.Xavier,
        "uniform" => Init.Uniform,
        _ => throw new ArgumentException($"unknown init '{text}' (expected zeros, random, he, lecun, xavier or uniform)"),
    };
}
