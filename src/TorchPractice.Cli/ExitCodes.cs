namespace TorchPractice.Cli;

/// <summary>What `torchpractice` exits with; scripts rely on these.</summary>
static class ExitCodes
{
    public const int Success = 0;
    /// <summary>
    /// The command ran and found a failure (gradcheck: a wrong gradient), or its results could not all go where asked
    /// (train: --save failed after the results were printed; compare: --out was filled by another run meanwhile and
    /// the report went to the directory the message names).
    /// </summary>
    public const int Failure = 1;
    /// <summary>Bad input: unknown command or option, bad value, unreadable data; nothing was done.</summary>
    public const int BadInput = 2;
    /// <summary>Training diverged: a cost or the parameters became NaN or infinite; the run stopped there and nothing was saved.</summary>
    public const int Diverged = 3;
    /// <summary>Stopped by Ctrl+C (SIGINT's conventional 128 + 2); what finished was kept and reported.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM (128 + 15), handled like Ctrl+C: what finished was kept and reported.</summary>
    public const int Terminated = 143;
}
