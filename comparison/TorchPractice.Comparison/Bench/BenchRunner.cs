using System.Diagnostics;
using TorchPractice.Comparison.Peers;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>
/// Runs the cases: per case, a warm-up of each in-process variant, then the repetitions with the variants
/// alternating (A B C … A B C …) so that a slow spell on the shared machine hits every variant alike.
/// </summary>
public sealed class BenchRunner(BenchOptions options, Action<string>? log = null)
{
    readonly PeerRunner _peers = new(options.Peers);
    readonly Dictionary<string, string> _peerInfo = new();
    readonly List<string> _notes = [];

    sealed record Variant(string Name, Func<int, Measurement> Run, bool InProcess, bool IsReference = false, string Threads = "", string? Note = null);
    sealed record Measurement(double Seconds, long? RssGrowth, long? Peak);

    /// <summary>Runs every selected case and returns the rows.</summary>
    public BenchResult Run()
    {
        var all = BenchCases.All(options.Quick);
        var unknown = options.Cases?.Where(id => all.All(c => c.Id != id)).ToList();
        if (unknown is { Count: > 0 })
            throw new ArgumentException($"unknown case '{unknown[0]}' (cases: {string.Join(", ", all.Select(c => c.Id))})");
        string loadBefore = LoadAverage();
        var device = SelectDevice();
        var rows = new List<BenchRow>();
        foreach (var c in all.Where(c => options.Cases is null || options.Cases.Contains(c.Id)))
        {
            log?.Invoke($"{c.Id}: {c.Title}");
            rows.AddRange(RunCase(c, device));
        }
        var rt = TorchRuntime.Describe(DeviceChoice.Cpu);
        var machine = new BenchMachine(Environment.ProcessorCount, CpuModel(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
            rt.TorchSharpVersion, rt.LibTorchVersion, rt.DotNetVersion, device?.type.ToString().ToLowerInvariant() ?? "cuda (unavailable)",
            loadBefore, LoadAverage());
        return new BenchResult(machine, rows, _peerInfo, _notes, options.Quick, options.Reps);
    }

    Device? SelectDevice()
    {
        if (options.Device != DeviceChoice.Cuda) return TorchRuntime.Select(options.Device);
        if (TorchRuntime.CudaAvailable()) return TorchRuntime.Select(DeviceChoice.Cuda);
        _notes.Add("CUDA was asked for but is not available here, so our CUDA rows and the torch peer's CUDA rows are unmeasured (skipped); the NumPy rows still ran.");
        TorchRuntime.Select(DeviceChoice.Cpu);
        return null;
    }

    IEnumerable<BenchRow> RunCase(BenchCase c, Device? device)
    {
        int reps = Math.Max(1, Math.Min(options.Reps, c.MaxReps));
        int threads = options.Threads ?? TorchRuntime.ThreadsFor(c.LargestActivation);
        TorchRuntime.SetThreads(threads);
        string ours = device is null ? "—" : device.type == TorchSharp.DeviceType.CUDA ? "cuda" : threads.ToString();
        using var scope = NewDisposeScope();
        var variants = new List<Variant>();
        var skipped = new List<BenchRow>();

        if (c.Kind == BenchKind.GradCheck)
        {
            var g = c.GradCheck!;
            var (x, y, theta) = g.Build();
            var v = ParameterVector.From(theta);
            // The whole slow check (numeric side, the hand-written and the autograd gradient, the comparisons), batched or one perturbation at a time.
            variants.Add(new("batched slow gradient check", _ => Time(() => GradCheck.Model(g.Options, theta, x, y)), true, Threads: ours,
                Note: $"p = {v.Count}; ratio column: to the naive loop"));
            if (v.Count <= 2000)
                variants.Add(new("naive slow gradient check", _ => Time(() => GradCheck.Model(g.Options, theta, x, y, batched: false)), true, true, ours));
            else
                _notes.Add($"{c.Id}: the naive loop (p = {v.Count}) is not rerun here: 29.6 s in comparison/gradcheck-benchmark.md.");
            return Measure(c, variants, reps, skipped, 1);
        }

        var split = c.LoadData();
        if (device is not null)
        {
            var (x, y) = split.Train.ToTensors(device, c.Model.DType);
            if (c.Kind == BenchKind.Train)
            {
                variants.Add(new("scratch (ScratchModel)", n => TrainOurs(Implementation.Scratch, c, x, y, device, n), true, Threads: ours));
                variants.Add(new("autograd (AutogradModel)", n => TrainOurs(Implementation.Autograd, c, x, y, device, n), true, Threads: ours));
            }
            else
            {
                int groups = Trainer.GroupsFor(c.Model, c.Sweep.Count, c.M, device);
                variants.Add(new($"scratch batched (K={c.Sweep.Count} in {groups} group(s), one thread each; Trainer.Sweep)",
                    n => TrainBatched(c, c.Sweep, x, y, n), true, Threads: $"{groups} × {ours}"));
            }
        }
        else skipped.Add(new(c.Id, c.Title, "ours on cuda", "—", c.Iterations, [], null, null, "skipped: CUDA not available", false));

        var numpy = _peers.DetectAsync(PeerKind.NumPy).GetAwaiter().GetResult();
        if (numpy.IsAvailable)
            variants.Add(new(c.Kind == BenchKind.Sweep ? $"NumPy, {c.Sweep.Count} runs one after another" : "NumPy (peer)",
                n => Peer(PeerKind.NumPy, c, split, n, "cpu"), false, true, "BLAS"));
        else skipped.Add(new(c.Id, c.Title, "NumPy (peer)", "—", c.Iterations, [], null, null, numpy.ToString(), true));

        string torchDevice = options.Device == DeviceChoice.Cuda ? "cuda" : "cpu";
        foreach (var kind in c.Kind == BenchKind.Train ? new[] { PeerKind.TorchManual, PeerKind.TorchAutograd } : [])
        {
            var name = $"PyTorch {(kind == PeerKind.TorchManual ? "manual" : "autograd")} (peer, {torchDevice})";
            var status = _peers.DetectAsync(kind, torchDevice).GetAwaiter().GetResult();
            if (status.IsAvailable) variants.Add(new(name, n => Peer(kind, c, split, n, torchDevice), false, Threads: "torch"));
            else skipped.Add(new(c.Id, c.Title, name, "—", c.Iterations, [], null, null, $"skipped: {status.SkipReason}", false));
        }
        return Measure(c, variants, reps, skipped, c.Iterations);
    }

    List<BenchRow> Measure(BenchCase c, List<Variant> variants, int reps, List<BenchRow> skipped, int iterations)
    {
        // Warm-up: JIT, libtorch's first calls, allocator pools; peers start fresh processes anyway.
        foreach (var v in variants.Where(v => v.InProcess)) v.Run(Math.Max(1, iterations / 20));
        var times = variants.ToDictionary(v => v.Name, _ => new List<Measurement>());
        for (int r = 0; r < reps; r++)
            foreach (var v in variants)
            {
                var m = v.Run(iterations);
                times[v.Name].Add(m);
                log?.Invoke($"  {v.Name}: {m.Seconds:F3} s");
            }
        return variants.Select(v => new BenchRow(c.Id, c.Title, v.Name, v.Threads == "BLAS" ? _peerInfo.GetValueOrDefault("threads", "?") : v.Threads,
                iterations, times[v.Name].Select(m => m.Seconds).ToList(),
                times[v.Name].Select(m => m.RssGrowth).Where(g => g is not null).Max(),
                times[v.Name].Select(m => m.Peak).Max(), v.Note, v.IsReference))
            .Concat(skipped).ToList();
    }

    Measurement TrainOurs(Implementation impl, BenchCase c, Tensor x, Tensor y, Device device, int iterations)
    {
        using var model = ModelFactory.Create(impl, c.Model, "numpy", 3, device);
        long? early = null;
        var t = new TrainOptions { LearningRate = c.LearningRate, Iterations = iterations, PrintEvery = 1000 };
        // Resident memory after the first 10 % of the run, against the end: a leak grows with iterations.
        var result = Trainer.Train(model, x, y, t, p => { if (early is null && p.Iteration >= iterations / 10) early = Rss(); });
        return new(result.Elapsed.TotalSeconds, Rss() - (early ?? Rss()), PeakRss());
    }

    Measurement TrainBatched(BenchCase c, IReadOnlyList<SweepConfig> configs, Tensor x, Tensor y, int iterations)
    {
        long before = Rss();
        var runs = Trainer.Sweep(c.Model, configs, "numpy", 3, x, y,
            new TrainOptions { LearningRate = c.LearningRate, Iterations = iterations, PrintEvery = 1000 });
        long after = Rss();
        foreach (var r in runs) r.Parameters?.Dispose();
        return new(runs[0].Elapsed.TotalSeconds, after - before, PeakRss());
    }

    Measurement Peer(PeerKind kind, BenchCase c, TorchPractice.Data.DataSplit split, int iterations, string device)
    {
        var request = PeerRequest.FromSplit(split, c.Model.Layers, c.LearningRate, iterations) with
        {
            TestX = null, TestY = null,
            Init = Enum.Parse<PeerInit>(c.Model.Init.ToString()),
            Seed = 3, Lambd = c.Model.Lambd, KeepProb = c.Model.KeepProb, PrintEvery = 1000,
            Sweep = c.Kind == BenchKind.Sweep ? c.Sweep.Select(s => new PeerSweepEntry(s.Lambd, s.KeepProb)).ToList() : null,
            Device = device,
        };
        var outcome = _peers.RunAsync(kind, request).GetAwaiter().GetResult();
        if (!outcome.Completed) throw new InvalidOperationException($"peer became unavailable: {outcome.Status}");
        var r = outcome.Result;
        string prefix = kind == PeerKind.NumPy ? "" : "torch ";
        foreach (var (k, v) in r.Versions) _peerInfo[prefix + k] = v;
        _peerInfo[prefix + "blas"] = r.BlasSummary;
        _peerInfo[prefix + "threads_env"] = string.Join(", ", r.Threads.Select(t => $"{t.Key}={t.Value}"));
        if (kind == PeerKind.NumPy) _peerInfo["threads"] = r.Threads.TryGetValue("OPENBLAS_NUM_THREADS", out var n) ? n : $"{Environment.ProcessorCount} (OpenBLAS default)";
        return new(r.Seconds[0], null, r.PeakRssBytes);
    }

    static Measurement Time(Action a)
    {
        var sw = Stopwatch.StartNew();
        a();
        return new(sw.Elapsed.TotalSeconds, null, PeakRss());
    }

    static long Rss() => Environment.WorkingSet;
    static long PeakRss() { using var p = Process.GetCurrentProcess(); return p.PeakWorkingSet64; }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }
}
