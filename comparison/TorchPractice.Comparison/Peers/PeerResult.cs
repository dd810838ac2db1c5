using System.Diagnostics.CodeAnalysis;

namespace TorchPractice.Comparison.Peers;

/// <summary>The cost of iteration <paramref name="Iteration"/>'s training forward pass, before its update (may be inf in course mode).</summary>
public sealed record PeerCost(int Iteration, double Cost);

/// <summary>One trained configuration of a sweep.</summary>
public sealed record PeerSweepResult(
    double Lambd, double KeepProb, IReadOnlyList<PeerCost> Costs, double TrainAccuracy, double? TestAccuracy, double Seconds);

/// <summary>
/// What a peer reported. Accuracies are fractions (0..1); they and <see cref="Costs"/> are empty/null for a sweep,
/// whose runs are in <see cref="Sweep"/>.
/// </summary>
/// <param name="Seconds">The training loop's wall time, one entry per repeat (a sweep's total per repeat).</param>
/// <param name="SecondsPerIteration">Median of <paramref name="Seconds"/> over the iterations of one repeat.</param>
/// <param name="Versions">python, numpy, and for torch: torch, cuda.</param>
/// <param name="BlasSummary">e.g. "openblas 0.3.21 (pthreads, 2 threads)", "mkl", "cuBLAS".</param>
/// <param name="BlasJson">Everything the script found about its BLAS, as JSON.</param>
/// <param name="Threads">OMP/OPENBLAS/MKL_NUM_THREADS where set and, for torch, its thread count ("torch").</param>
/// <param name="CudaPeakBytes">torch.cuda.max_memory_allocated on a CUDA device, else null.</param>
/// <param name="FinalParameters">W1, b1, …, WL, bL after training, when asked for with <see cref="PeerRequest.ReturnFinalParameters"/>.</param>
/// <param name="InitialGradients">
/// The first iteration's gradients, keyed by their parameter (dW1 under "W1", as <c>ParameterSet</c> does), when asked
/// for with <see cref="PeerRequest.ReturnInitialGradients"/>.
/// </param>
public sealed record PeerResult(
    PeerKind Kind,
    IReadOnlyList<PeerCost> Costs,
    double? TrainAccuracy,
    double? TestAccuracy,
    IReadOnlyList<double> Seconds,
    double SecondsPerIteration,
    IReadOnlyList<PeerSweepResult> Sweep,
    IReadOnlyDictionary<string, string> Versions,
    string BlasSummary,
    string BlasJson,
    IReadOnlyDictionary<string, string> Threads,
    long PeakRssBytes,
    string Device,
    string DType,
    long? CudaPeakBytes,
    IReadOnlyDictionary<string, double[,]>? FinalParameters,
    IReadOnlyDictionary<string, double[,]>? InitialGradients = null);

/// <summary>Whether a peer can run here, and if not, why.</summary>
public sealed record PeerStatus(PeerKind Kind, bool IsAvailable, string? SkipReason, string? PythonPath, string? Versions)
{
    public static PeerStatus Available(PeerKind kind, string pythonPath, string versions) => new(kind, true, null, pythonPath, versions);
    public static PeerStatus Skipped(PeerKind kind, string reason, string? pythonPath = null) => new(kind, false, reason, pythonPath, null);

    public override string ToString() =>
        IsAvailable ? $"{Kind}: available ({Versions}; {PythonPath})" : $"{Kind}: skipped ({SkipReason})";
}

/// <summary>A run's outcome: the result, or the status that says why the peer was skipped.</summary>
public sealed record PeerOutcome(PeerStatus Status, PeerResult? Result)
{
    [MemberNotNullWhen(true, nameof(Result))]
    public bool Completed => Result is not null;
}

/// <summary>A peer that is available failed: bad exit, timeout, or output that is not the expected JSON.</summary>
public sealed class PeerRunException(string message, string standardError = "", Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Everything the script wrote to stderr.</summary>
    public string StandardError { get; } = standardError;
}
