using System.Diagnostics;
using TorchPractice.Comparison.Peers;
using TorchPractice.Comparison.Report;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>What every study needs while it runs: device, budget, progress accounting, peers, where figures go.</summary>
public sealed class StudyContext(CompareOptions options, Device device, OutputDirectory output, long totalWork,
    Action<CompareProgress>? progress, PeerRunner? peers, CancellationToken cancel)
{
    readonly Stopwatch _clock = Stopwatch.StartNew();
    long _done;

    /// <summary>What compare was asked to do.</summary>
    public CompareOptions Options { get; } = options;
    /// <summary>The iteration budget.</summary>
    public IterationBudget Budget => Options.Iterations;
    /// <summary>Where the runs go.</summary>
    public Device Device { get; } = device;
    /// <summary>Where the report's files go (its staging directory until the report is committed).</summary>
    public OutputDirectory Output { get; } = output;
    /// <summary>The peer runner (null: no peers).</summary>
    public PeerRunner? Peers { get; } = peers;
    /// <summary>Stops the studies after the current iteration.</summary>
    public CancellationToken Cancel { get; } = cancel;
    /// <summary>Cancellation was requested.</summary>
    public bool Stopped => Cancel.IsCancellationRequested;
    /// <summary>The planned work of every study.</summary>
    public long Total { get; } = totalWork;

    /// <summary>The NumPy peer's iteration-free work units and the gradient checks' count as this many iterations each.</summary>
    public const int CheckWork = 100;

    /// <summary>
    /// A progress callback for one training run of <paramref name="iterations"/> iterations, each counting as
    /// <paramref name="weight"/> units of work (runs of very different cost per iteration keep the ETA honest).
    /// </summary>
    public Action<TrainingProgress> Run(string study, string run, int iterations, int weight = 1)
    {
        long start = _done;
        Report(study, run, 0, iterations, null);
        return p =>
        {
            _done = start + (long)p.Iteration * weight;
            Report(study, run, p.Iteration, iterations, p.LastCost);
        };
    }

    /// <summary>Marks a unit of work (a run, a peer run, a check) as finished; <paramref name="iterations"/>: what to show (default: the work).</summary>
    public void Finished(string study, string run, long work, long startDone, int? iterations = null)
    {
        _done = startDone + work;
        int shown = iterations ?? (int)Math.Min(work, int.MaxValue);
        Report(study, run, shown, shown, null);
    }

    /// <summary>The work done so far.</summary>
    public long Done => _done;

    /// <summary>Tells the progress callback where a run stands.</summary>
    public void Report(string study, string run, int iteration, int iterations, double? cost) =>
        progress?.Invoke(new CompareProgress(study, run, iteration, iterations, cost, _done, Total, _clock.Elapsed));

    /// <summary>
    /// Draws a figure and writes it into the report as <paramref name="fileName"/>. A failed write (a full disk) does not
    /// stop the study: it is recorded in <see cref="OutputDirectory.Failure"/>, and once one write has failed the report
    /// cannot be whole, so later figures are neither drawn nor written. Returns whether the file was written.
    /// </summary>
    public bool Figure(string fileName, Func<byte[]> draw) => !Output.Failed && Output.TryWrite(fileName, draw());
}
