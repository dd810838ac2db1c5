using System.Diagnostics;
using TorchPractice.Comparison.Peers;
using TorchPractice.Comparison.Report;
using TorchPractice.Data;
using TorchPractice.Data.Scaling;
using TorchPractice.Runtime;
using TorchPractice.Training;
using TorchSharp;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Runs the selected studies and writes report.md, results.json and the pictures into the output directory.
/// Order: check options and data, check the output directory (both before any training), run, write, rename into place.
/// Cancellation stops after the current run's current iteration; what finished is reported and marked incomplete.
/// A report file that cannot be written (a full disk) does not stop the studies: the results are returned whole with
/// <see cref="CompareResults.ReportError"/> set, and the staging directory is removed (no half-written report).
/// Any other failure leaves nothing behind.
/// </summary>
public static class CompareRunner
{
    /// <param name="options">What to run.</param>
    /// <param name="outputDirectory">Where the report goes (see <see cref="OutputDirectory"/>).</param>
    /// <param name="force">Replace an earlier report there.</param>
    /// <param name="progress">Called as the work advances.</param>
    /// <param name="peerRunner">Runs the NumPy / PyTorch peers (null: a default one, unless the options skip peers).</param>
    /// <param name="cancel">Stops the run after the current iteration.</param>
    /// <param name="createFile">Opens each report file for writing (null: a new file); a seam for tests of failed writes.</param>
    public static CompareResults Run(CompareOptions options, string outputDirectory, bool force,
        Action<CompareProgress>? progress = null, PeerRunner? peerRunner = null, CancellationToken cancel = default,
        Func<string, Stream>? createFile = null)
    {
        options.Validate();
        var studies = CompareStudies.Create().Where(s => options.Studies.Contains(s.Name)).ToList();
        foreach (var study in studies) study.Prepare(options); // data and shapes checked before any work
        var device = TorchRuntime.Select(options.Device);
        var output = OutputDirectory.Prepare(outputDirectory, force, createFile);
        // The models are tiny: libtorch's intra-op threads only cost here. Worse, once a large op (the boundary grid, a
        // batched gradient check) has woken its OpenMP pool, the idle threads spin and slowed every later small op by
        // up to 50× on a busy 2-core machine. One thread for the run; the caller's setting is restored after.
        int threads = torch.get_num_threads();
        TorchRuntime.SetThreads(1);
        try
        {
            var clock = Stopwatch.StartNew();
            var peers = options.Peers ? peerRunner ?? new PeerRunner() : null;
            var availability = new List<PeerAvailability>();
            int available = 0; // peers that will run: their iterations count in the progress total
            bool numpyAvailable = false;
            if (peers is not null)
            {
                foreach (var kind in new[] { PeerKind.NumPy, PeerKind.TorchAutograd })
                {
                    var status = peers.DetectAsync(kind, "cpu", cancel).GetAwaiter().GetResult();
                    availability.Add(new PeerAvailability(kind == PeerKind.NumPy ? "numpy" : "torch", status.IsAvailable,
                        status.IsAvailable ? status.Versions ?? "" : status.SkipReason ?? "unavailable"));
                    if (status.IsAvailable) available++;
                    if (status.IsAvailable && kind == PeerKind.NumPy) numpyAvailable = true;
                }
            }
            else availability.Add(new PeerAvailability("numpy/torch", false, "peers turned off"));

            long total = studies.Sum(s => s.Work(options, available, numpyAvailable));
            var ctx = new StudyContext(options, device, output, total, progress, peers, cancel);
            var results = new CompareResults
            {
                Tool = "torchpractice compare",
                Started = DateTimeOffset.Now,
                Quick = options.Quick,
                Course = options.Course,
                Device = device.type.ToString().ToLowerInvariant(),
                Studies = studies.Select(s => s.Name).ToArray(),
                Iterations = options.Iterations,
                Peers = availability,
            };
            try
            {
                foreach (var study in studies)
                {
                    if (ctx.Stopped) break;
                    var watch = Stopwatch.StartNew();
                    try { study.Run(ctx, results); }
                    finally { results.StudySeconds[study.Name] = watch.Elapsed.TotalSeconds; }
                }
            }
            catch (TrainingDivergedException e)
            {
                // Numbers after a divergence mean nothing: stop, and report what finished before it, marked so.
                results.Diverged = true;
                results.IncompleteReason = e.Message;
            }

            results.Complete = !ctx.Stopped && !results.Diverged;
            if (!results.Complete && !results.Diverged) results.IncompleteReason = $"stopped (Ctrl+C or SIGTERM) after {clock.Elapsed.TotalSeconds:0} s";
            results.Finished = DateTimeOffset.Now;
            results.Seconds = clock.Elapsed.TotalSeconds;
            results.Figures.AddRange(Directory.EnumerateFiles(output.Staging, "*.png").Select(Path.GetFileName).Order()!);
            output.TryWrite(ReportWriter.JsonFile, ReportWriter.ToJson(results));
            output.TryWrite(ReportWriter.MarkdownFile, ReportWriter.ToMarkdown(results));
            results.OutputDirectory = output.TryCommit();
            if (output.Failure is { } failure)
            {
                // Not whole, so not kept: the results are returned (and printed) all the same.
                results.ReportError = failure;
                results.Figures.Clear();
                output.Abandon();
            }
            return results;
        }
        catch
        {
            output.Abandon();
            throw;
        }
        finally { TorchRuntime.SetThreads(threads); }
    }
}
