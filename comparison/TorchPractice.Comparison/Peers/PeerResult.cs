namespace TorchPractice.Comparison.Peers;

/// <summary>
/// What a peer reported. Accuracies are fractions (0..1); they and <see cref="Costs"/> are empty/null for a sweep,
/// whose runs are in <see cref="Sweep"/>.
/// </summary>
/// <param name="Kind">Which peer.</param>
/// <param name="Costs">The recorded costs.</param>
/// <param name="TrainAccuracy">Accuracy on the training set.</param>
/// <param name="TestAccuracy">Accuracy on the test set.</param>
/// <param name="Sweep">A sweep's runs.</param>
/// <param name="PeakRssBytes">The peer process's peak resident memory.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="DType">float64 or float32.</param>
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
