namespace TorchPractice.GradientCheck;

/// <summary>
/// A gradient check failed (<see cref="GradCheckResult.ThrowIfFailed"/>): the message names the wrong tensors (or inputs)
/// and the worst entries, so a test that calls ThrowIfFailed fails with a useful message.
/// </summary>
public sealed class GradCheckException : Exception
{
    /// <summary>The failed check.</summary>
    public GradCheckResult Result { get; }

    /// <summary>Wraps a failed result; the message is its report.</summary>
    public GradCheckException(GradCheckResult result) : base(result.ToString()) => Result = result;
}
