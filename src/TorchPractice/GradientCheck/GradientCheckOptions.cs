namespace TorchPractice.GradientCheck;

/// <summary>How the check runs. Defaults are the course's: ε = 1e-7, threshold 2e-7.</summary>
public sealed record GradientCheckOptions
{
    /// <summary>The central-difference step, in (0, <see cref="MaxEpsilon"/>].</summary>
    public double Epsilon { get; init; } = 1e-7;
    /// <summary>Largest accepted step: beyond it (θ ± ε) is no longer a small perturbation and every tensor would read as wrong.</summary>
    public const double MaxEpsilon = 1e-2;
    /// <summary>A comparison (and a tensor) passes when its difference is ≤ this.</summary>
    public double Threshold { get; init; } = 2e-7;
    /// <summary>Check only this many coordinates, drawn without replacement with <see cref="SubsetSeed"/>; null: all.</summary>
    public int? Subset { get; init; }
    /// <summary>Seeds the draw of <see cref="Subset"/>.</summary>
    public int SubsetSeed { get; init; } = 1;
    /// <summary>One perturbed forward pass at a time through the scratch model's Cost (the reference), instead of batched.</summary>
    public bool Naive { get; init; }
    /// <summary>Bound on the elements of one batched chunk's largest intermediate tensors (8 bytes each).</summary>
    public long ChunkElementBudget { get; init; } = 1L << 24;
    /// <summary>How many of the worst entries each comparison lists.</summary>
    public int WorstCount { get; init; } = 5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first property out of range.</summary>
    /// <param name="parameterCount">How many parameters the model has (the bound of <see cref="Subset"/>).</param>
    public void Validate(int parameterCount)
    {
        if (!(Epsilon > 0 && Epsilon <= MaxEpsilon))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, $"{nameof(Epsilon)} must be in (0, 0.01] (a small step; the course uses 1e-7); got {Epsilon:G}");
        if (!(Threshold > 0) || double.IsInfinity(Threshold)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, $"{nameof(Threshold)} must be a finite number > 0; got {Threshold}");
        if (Subset is { } k && (k <= 0 || k > parameterCount))
            throw new ArgumentOutOfRangeException(nameof(Subset), k, $"{nameof(Subset)} must be between 1 and the number of parameters ({parameterCount}); got {k}");
        if (ChunkElementBudget <= 0) throw new ArgumentOutOfRangeException(nameof(ChunkElementBudget), ChunkElementBudget, $"{nameof(ChunkElementBudget)} must be > 0; got {ChunkElementBudget}");
        if (WorstCount < 0) throw new ArgumentOutOfRangeException(nameof(WorstCount), WorstCount, $"{nameof(WorstCount)} must be ≥ 0; got {WorstCount}");
    }
}
