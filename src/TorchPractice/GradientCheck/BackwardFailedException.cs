namespace TorchPractice.GradientCheck;

/// <summary>
/// Autograd could not differentiate the checked function (libtorch's error, e.g. a custom backward that returned a
/// gradient of the wrong shape, or a tensor saved for backward that was modified in place; or a custom Function's
/// backward that threw): the checks turn it into a failed result naming the output.
/// </summary>
sealed class BackwardFailedException : Exception
{
    /// <summary>With the message and what libtorch (or the backward) threw.</summary>
    public BackwardFailedException(string message, Exception? inner = null) : base(message, inner) { }
}
