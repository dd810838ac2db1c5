namespace TorchPractice.GradientCheck;

/// <summary>
/// How <see cref="GradCheck"/> checks. Defaults: ε 1e-7 and threshold 2e-7 (the course's) for
/// <see cref="GradCheck.Cost"/>; PyTorch's atol 1e-5 and rtol 1e-3 for <see cref="GradCheck.Function(Func{TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor[], GradCheckOptions?)"/>
/// (PyTorch's ε is 1e-6; with float64 either works).
/// </summary>
public sealed record GradCheckOptions
{
    /// <summary>The step of the finite differences: J(θ ± ε) (along a random direction in fast mode).</summary>
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>
    /// <see cref="GradCheck.Cost"/>: a comparison passes when ‖g − g̃‖ / (‖g‖ + ‖g̃‖) ≤ this, and a tensor is wrong when its
    /// share of that difference, ‖g_t − g̃_t‖ / (‖g‖ + ‖g̃‖), exceeds it.
    /// </summary>
    public double Threshold { get; init; } = 2e-7;

    /// <summary>Absolute tolerance of the element-wise comparison |a − n| ≤ Atol + Rtol·|n| (<see cref="GradCheck.Function(Func{TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor[], GradCheckOptions?)"/>).</summary>
    public double Atol { get; init; } = 1e-5;

    /// <summary>Relative tolerance of that comparison; in fast mode also the relative tolerance of <see cref="GradCheck.Cost"/>'s directional derivatives.</summary>
    public double Rtol { get; init; } = 1e-3;

    /// <summary>
    /// PyTorch's fast_mode: instead of every entry, one random direction u per input (per tensor for a cost) and a random
    /// v per output: vᵀJu by two evaluations per input against vᵀ(J)·u from one backward pass. Names the wrong inputs or
    /// tensors at a fraction of the cost; run the slow check on those (<see cref="Only"/>) for the worst entries.
    /// </summary>
    public bool FastMode { get; init; }

    /// <summary>Re-entrancy: two backward passes with the same vector must agree within this (max absolute difference).</summary>
    public double NondetTol { get; init; }

    /// <summary>Also check second derivatives (PyTorch's gradgradcheck): the backward pass, built with create_graph, checked as a function of the inputs and of the output gradients.</summary>
    public bool GradGrad { get; init; }

    /// <summary>Seeds the random directions of fast mode, the output gradients of <see cref="GradGrad"/> and <see cref="Subset"/>'s draw.</summary>
    public int Seed { get; init; } = 1;

    /// <summary><see cref="GradCheck.Cost"/>, slow mode: check only this many coordinates, drawn without replacement with <see cref="Seed"/>; null: all.</summary>
    public int? Subset { get; init; }

    /// <summary><see cref="GradCheck.Cost"/>: check only these tensors (e.g. the ones fast mode named); null: all.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>How many of the worst entries each comparison lists.</summary>
    public int WorstCount { get; init; } = 5;

    /// <summary>
    /// What the diagnosis of a wrong tensor may use to name a cause (m, keep_prob, λ, special entries); null: the pattern
    /// and its numbers only (<see cref="GradCheckResult.Diagnoses"/>).
    /// </summary>
    public DiagnosisContext? Diagnosis { get; init; }

    /// <summary>Told the share (0 to 1) of the numeric evaluations done, after each one: slow checks of big models take long.</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>Stops the check between two evaluations (<see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// <see cref="GradCheck.Function(Func{TorchSharp.torch.Tensor[], TorchSharp.torch.Tensor}, TorchSharp.torch.Tensor[], GradCheckOptions?)"/>:
    /// check the function in its inputs' own dtype (a float32 function as float32) instead of on float64 copies (the
    /// default, which checks the function computed in float64). Needs a step and tolerances for that dtype: see <see cref="Float32"/>.
    /// </summary>
    public bool CheckInDtype { get; init; }

    /// <summary>
    /// Options to check a float32 function itself: <see cref="CheckInDtype"/>, ε 1e-3 (float32 keeps about 7 digits,
    /// so a smaller step is mostly rounding), atol 1e-3 and rtol 1e-2 (the rounding of float32 central differences at
    /// that step is about 1e-4 for values of order 1; a factor 2 or a wrong sign is still far outside).
    /// </summary>
    public static GradCheckOptions Float32 => new() { CheckInDtype = true, Epsilon = 1e-3, Atol = 1e-3, Rtol = 1e-2 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        static bool Positive(double v) => v > 0 && double.IsFinite(v);
        static bool NonNegative(double v) => v >= 0 && double.IsFinite(v);
        if (!Positive(Epsilon)) throw new ArgumentException($"Epsilon must be a finite number > 0; got {Epsilon}");
        if (!Positive(Threshold)) throw new ArgumentException($"Threshold must be a finite number > 0; got {Threshold}");
        if (!NonNegative(Atol)) throw new ArgumentException($"Atol must be a finite number ≥ 0; got {Atol}");
        if (!NonNegative(Rtol)) throw new ArgumentException($"Rtol must be a finite number ≥ 0; got {Rtol}");
        if (!NonNegative(NondetTol)) throw new ArgumentException($"NondetTol must be a finite number ≥ 0; got {NondetTol}");
        if (Subset is <= 0) throw new ArgumentException($"Subset must be ≥ 1; got {Subset}");
        if (WorstCount < 0) throw new ArgumentException($"WorstCount must be ≥ 0; got {WorstCount}");
    }
}
