using TorchSharp;

namespace TorchPractice.Models;

/// <summary>
/// One specification shared by both implementations: L layers, [LINEAR→ACTIVATION] × (L−1) → LINEAR→SIGMOID,
/// with layer sizes [n_x, h_1, …, h_{L−1}, 1] (the course's three-layer model is [n_x, h1, h2, 1] with ReLU;
/// [n_x, 1] is logistic regression), binary cross-entropy, L2 on every weight, inverted dropout on every hidden layer.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Layer sizes [n_x, h_1, …, h_{L−1}, 1]: at least two entries, the last 1.</summary>
    public int[] Layers { get; init; } = [2, 10, 5, 1];
    /// <summary>The hidden layers' activation (default ReLU, the course's).</summary>
    public Activation Activation { get; init; } = Activation.Relu;
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
    /// <summary>L, the number of layers with weights (Layers.Length − 1).</summary>
    public int LayerCount => Layers.Length - 1;
    /// <summary>h_1 … h_{L−1}: the hidden layers' sizes, one dropout mask each (empty for logistic regression).</summary>
    public long[] HiddenSizes => Layers[1..^1].Select(n => (long)n).ToArray();
    /// <summary>The slope of <see cref="Activation.LeakyRelu"/> for z ≤ 0 (PyTorch's default).</summary>
    public const double LeakyReluSlope = 0.01;

    /// <summary>Rejects impossible options before any work, with a message naming the option.</summary>
    public void Validate()
    {
        string layers = string.Join(",", Layers ?? []);
        if (Layers is null || Layers.Length < 2)
            throw new ArgumentOutOfRangeException(nameof(Layers), layers, $"{nameof(Layers)} must have at least 2 entries [n_x, …, 1] (2 is logistic regression); got {Layers?.Length ?? 0} ({layers})");
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
        if (!Enum.IsDefined(Activation))
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, $"{nameof(Activation)} must be Relu, Tanh, Sigmoid or LeakyRelu; got {Activation}");
        if (DType is not (torch.ScalarType.Float64 or torch.ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(DType), DType, $"{nameof(DType)} must be Float64 or Float32; got {DType}");
    }
}
