namespace TorchPractice.Training;

/// <summary>An update rule and its settings (the course's defaults: β 0.9, β1 0.9, β2 0.999, ε 1e-8).</summary>
public sealed record OptimizerOptions
{
    /// <summary>Plain gradient descent (week 1's rule).</summary>
    public static OptimizerOptions GradientDescent { get; } = new();

    /// <summary>Which rule.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.GradientDescent;
    /// <summary>Momentum's β.</summary>
    public double Beta { get; init; } = 0.9;
    /// <summary>Adam's β1 (first moment).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam's and RMSprop's β2 (second moment).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Adam's and RMSprop's ε (added to the square root).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// torch.optim.SGD's dampening for the autograd model's momentum (null: β). PyTorch keeps b = β·b + (1 − dampening)·g
    /// but starts b at g: with dampening β, b is the course's v from the second step on and the first step is
    /// 1/(1 − β) times the course's; with dampening 0 and the learning rate α·(1 − β), every step is the course's α·v,
    /// the first included (to rounding). The scratch model runs the course's rule, which has none, and refuses it.
    /// </summary>
    public double? Dampening { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown optimizer");
        Check(nameof(Beta), Beta);
        Check(nameof(Beta1), Beta1);
        Check(nameof(Beta2), Beta2);
        if (Dampening is double d && !(d >= 0 && d <= 1)) throw new ArgumentOutOfRangeException(nameof(Dampening), Dampening, $"{nameof(Dampening)} must be in [0, 1]; got {Dampening}");
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon)) throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"{nameof(Epsilon)} must be a finite number > 0; got {Epsilon}");

        static void Check(string name, double beta)
        {
            if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(name, beta, $"{name} must be in [0, 1); got {beta}");
        }
    }
}
