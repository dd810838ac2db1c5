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
        var regSplit = options.Studies.Contains(StudyKind.Reg) ? DataSources.Resolve(options.RegData, new DataOptions()) : null;
        if (regSplit is not null && options.RegLayers is not null) DataSources.CheckFeatureCount(regSplit, options.RegLayers[0], options.RegData);
        // The sweeps' train / dev / test, carved before any work so that data too small to split fails first; each
        // split is standardized with its own training part only, so neither dev nor test informs the scaling.
        var sweepSplit = regSplit is null ? null : Splitting.CarveDev(regSplit, options.DevFraction, options.DevSeed, stratified: true);
        if (regSplit is not null && options.Standardize)
        {
            regSplit = Standardization.FitAndApply(regSplit).Split;
            sweepSplit = Standardization.FitAndApply(sweepSplit!).Split;
        }
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

            var b = options.Iterations;
            long total = (options.Studies.Contains(StudyKind.Init) ? InitStudy.Work(b, available) : 0)
                       + (options.Studies.Contains(StudyKind.Reg) ? RegularizationStudy.Work(b,
                           PeerRuns.TorchSupports(new() { Layers = options.RegLayers ?? [1, 20, 3, 1], Activation = options.RegActivation }) ? available : numpyAvailable ? 1 : 0) : 0)
                       + (options.Studies.Contains(StudyKind.GradCheck) ? GradCheckStudy.Work() : 0)
                       + (options.Studies.Contains(StudyKind.Depth) ? DepthStudy.Work(b) : 0);
            var ctx = new StudyContext(options, device, output, total, progress, peers, cancel);
            var results = new CompareResults
            {
                Tool = "torchpractice compare",
                Started = DateTimeOffset.Now,
                Quick = options.Quick,
                Course = options.Course,
                Device = device.type.ToString().ToLowerInvariant(),
                Studies = new[] { StudyKind.Init, StudyKind.Reg, StudyKind.GradCheck, StudyKind.Depth }.Where(options.Studies.Contains)
                    .Select(s => s.ToString().ToLowerInvariant()).ToArray(),
                Iterations = b,
                Peers = availability,
            };
            try
            {
                T Timed<T>(string name, Func<T> study)
                {
                    var watch = Stopwatch.StartNew();
                    try { return study(); }
                    finally { results.StudySeconds[name] = watch.Elapsed.TotalSeconds; }
                }
                if (options.Studies.Contains(StudyKind.Init) && !ctx.Stopped) results.Init = Timed("init", () => InitStudy.Run(ctx));
                if (regSplit is not null && !ctx.Stopped)
                    results.Reg = Timed("reg", () => RegularizationStudy.Run(ctx, regSplit, sweepSplit!, DataName(options.RegData) + (options.Standardize ? ", standardized" : "")));
                if (options.Studies.Contains(StudyKind.GradCheck) && !ctx.Stopped) results.GradCheck = Timed("gradcheck", () => GradCheckStudy.Run(ctx));
                if (options.Studies.Contains(StudyKind.Depth) && !ctx.Stopped) results.Depth = Timed("depth", () => DepthStudy.Run(ctx));
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

    static string DataName(string spec) =>
        BuiltInDatasets.Names.Contains(spec, StringComparer.Ordinal) ? $"{spec} (built in)" : Path.GetFileName(spec);
}
