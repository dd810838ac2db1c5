using TorchSharp;

namespace TorchPractice.Models;

/// <summary>
/// One specification shared by both implementations: LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID with
/// layer sizes [n_x, h1, h2, 1], binary cross-entropy, L2 on weights, inverted dropout on the hidden layers.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Layer sizes [n_x, h1, h2, 1].</summary>
    public int[] Layers { get; init; } = [2, 10, 5, 1];
    /// <summary>How the weights start.</summary>
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
    /// <summary>Float64 (default) or Float32.</summary>
    public torch.ScalarType DType { get; init; } = torch.ScalarType.Float64;

    /// <summary>True when <see cref="KeepProb"/> &lt; 1.</summary>
    public bool UsesDropout => KeepProb < 1.0;

    /// <summary>Rejects impossible options before any work, with a message naming the option.</summary>
    public void Validate()
    {
        string layers = string.Join(",", Layers);
        if (Layers.Length != 4)
            throw new ArgumentOutOfRangeException(nameof(Layers), layers, $"{nameof(Layers)} must have 4 entries [n_x, h1, h2, 1] for this three-layer model; got {Layers.Length} ({layers})");
        if (Layers.Any(n => n <= 0))
            throw new ArgumentOutOfRangeException(nameof(Layers), layers, $"{nameof(Layers)} entries must be positive; got {layers}");
        if (Layers[^1] != 1)
            throw new ArgumentOutOfRangeException(nameof(Layers), layers, $"{nameof(Layers)} must end in 1 (one sigmoid output for binary classification); got {Layers[^1]}");
        if (!(KeepProb > 0 && KeepProb <= 1))
            throw new ArgumentOutOfRangeException(nameof(KeepProb), KeepProb, $"{nameof(KeepProb)} must be in (0, 1]; got {KeepProb}");
        if (!(Lambd >= 0) || double.IsInfinity(Lambd))
            throw new ArgumentOutOfRangeException(nameof(Lambd), Lambd, $"{nameof(Lambd)} must be a finite number ≥ 0; got {Lambd}");
        if (!(InitScale > 0) || double.IsInfinity(InitScale))
            throw new ArgumentOutOfRangeException(nameof(InitScale), InitScale, $"{nameof(InitScale)} must be a finite number > 0; got {InitScale}");
        if (DType is not (torch.ScalarType.Float64 or torch.ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(DType), DType, $"{nameof(DType)} must be Float64 or Float32; got {DType}");
    }
}
