namespace TorchPractice.GradientCheck;

/// <summary>
/// What a wrong tensor's gradient g looks like next to its reference g̃ (numeric, or autograd), in one line with the
/// evidence: a constant ratio g/g̃ = c (with the common cause when c matches one), a flipped sign, a missing gradient,
/// g − g̃ = k·θ (an L2 term), a transposed matrix, a difference confined to special entries, rows, columns or a few
/// entries, or no simple pattern with the worst entries. Made for each tensor a comparison finds wrong.
/// </summary>
/// <param name="Tensor">The tensor (W2, b1, input 0, …).</param>
/// <param name="Kind">The pattern found.</param>
/// <param name="Message">The one line for people, e.g. "W2's gradient is 2.000× the numeric one".</param>
public sealed record Diagnosis(string Tensor, DiagnosisKind Kind, string Message)
{
    /// <summary>The least-squares ratio c = (g·g̃)/(g̃·g̃) (null when g̃ is zero).</summary>
    public double? Ratio { get; init; }

    /// <summary>For <see cref="DiagnosisKind.ProportionalToParameter"/>: k in g − g̃ = k·θ.</summary>
    public double? Factor { get; init; }

    /// <summary>
    /// What is left of the difference after the pattern is taken out, ‖g − model‖ / ‖g − g̃‖ (0 = explained exactly; a
    /// pattern is reported when at most <see cref="GradientDiagnoser.Explained"/>); for no simple pattern, the best
    /// constant ratio's.
    /// </summary>
    public double Residual { get; init; }

    /// <summary>The common cause the numbers match (e.g. "the 1/m is missing (m = 50)"), or null.</summary>
    public string? Cause { get; init; }

    /// <summary>How many entries were compared.</summary>
    public int Checked { get; init; }

    /// <summary>The row-major flat indices where the gradients differ (the worst first for no simple pattern; at most 20).</summary>
    public IReadOnlyList<int> Entries { get; init; } = [];

    /// <summary>How many entries differ (<see cref="Entries"/> may list fewer).</summary>
    public int DifferingCount { get; init; }

    /// <summary>For rows or special entries: the rows (units) where the gradients differ.</summary>
    public IReadOnlyList<int> Rows { get; init; } = [];

    /// <summary>For columns: the columns where the gradients differ.</summary>
    public IReadOnlyList<int> Columns { get; init; } = [];

    /// <summary>The reference the gradient was compared with ("numeric" or "autograd").</summary>
    public string Reference { get; init; } = "numeric";
}
