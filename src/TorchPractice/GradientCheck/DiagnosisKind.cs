namespace TorchPractice.GradientCheck;

/// <summary>What a wrong gradient's difference from its reference looks like (<see cref="Diagnosis"/>).</summary>
public enum DiagnosisKind
{
    /// <summary>g = c·g̃ over the tensor, for one constant c (e.g. 2, m, keep_prob): a factor too many or missing.</summary>
    ConstantRatio,
    /// <summary>g = −g̃: the sign is flipped.</summary>
    SignFlipped,
    /// <summary>g is zero where g̃ is not (everywhere, or at the entries that differ): the gradient is missing.</summary>
    Missing,
    /// <summary>g is nonzero where g̃ is zero everywhere: the tensor does not change the cost.</summary>
    Spurious,
    /// <summary>g − g̃ = k·θ: a missing or wrong L2 term (k = ∓λ/m).</summary>
    ProportionalToParameter,
    /// <summary>g = g̃ᵀ: the matrix is transposed.</summary>
    Transposed,
    /// <summary>g differs only at entries of a given mask (e.g. where a pre-activation is exactly 0 or a ReLU is off).</summary>
    OnlyAtSpecialEntries,
    /// <summary>g differs only in some rows (units): they are named.</summary>
    OnlyInRows,
    /// <summary>g differs only in some columns: they are named.</summary>
    OnlyInColumns,
    /// <summary>g differs only at a few entries: they are named.</summary>
    OnlyAtEntries,
    /// <summary>g or g̃ holds NaN or an infinity.</summary>
    NotFinite,
    /// <summary>g and g̃ differ by rounding only (<see cref="GradientDiagnoser.RoundingLevel"/>): the check's noise, not a mistake.</summary>
    Rounding,
    /// <summary>None of the above: the worst entries are named.</summary>
    NoSimplePattern,
}
