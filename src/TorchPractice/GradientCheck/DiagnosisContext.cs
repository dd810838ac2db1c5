namespace TorchPractice.GradientCheck;

/// <summary>
/// What the diagnosis of a wrong gradient may use besides the gradients (<see cref="GradCheckOptions.Diagnosis"/>): the
/// model's sample count m, keep_prob and λ, to name a cause when a ratio or an L2 factor matches one, and masks of
/// special entries per tensor. All optional; without them the diagnosis still names the pattern and its numbers.
/// </summary>
public sealed record DiagnosisContext
{
    /// <summary>m, the number of samples the cost averages over (a ratio c = m: the 1/m is missing).</summary>
    public int? SampleCount { get; init; }

    /// <summary>keep_prob of dropout (a ratio c = keep_prob: the division by keep_prob is missing).</summary>
    public double? KeepProb { get; init; }

    /// <summary>λ of the L2 term (g − g̃ = −(λ/m)·W: the L2 term is missing).</summary>
    public double? Lambd { get; init; }

    /// <summary>Special entries, checked in this order (the first mask that holds every differing entry is named).</summary>
    public IReadOnlyList<EntryMask> SpecialEntries { get; init; } = [];
}
