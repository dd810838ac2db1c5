using System.Diagnostics;
using System.Globalization;
using TorchPractice.Comparison.Bench;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// The slow gradient check of the built-in model (GradCheck.Model), naive (two scratch forward passes per coordinate) vs batched, on the CPU.
// Usage: GradCheckBench [naive-budget-seconds (default 120)]. Prints a Markdown table.
// GradCheckBench sidebyside [m]: one line of timings to set beside another build's (SideBySide).
// GradCheckBench large [m (default 64)] [p (default 10000)]: GradCheck.Cost on a 1.9 M-parameter MLP (LargeModelBench).
if (args.Length > 0 && args[0] == "sidebyside")
{
    NativeAllocator.Tune();
    TorchRuntime.Select(DeviceChoice.Cpu);
    SideBySide.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64);
    return;
}
if (args.Length > 0 && args[0] == "large")
{
    TorchRuntime.Select(DeviceChoice.Cpu);
    LargeModelBench.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64,
                        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000);
    return;
}
double naiveBudget = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 120;
NativeAllocator.Tune(); // as the torchpractice command does
TorchRuntime.Select(DeviceChoice.Cpu);
Console.WriteLine($"| case | layers | m | p | naive (s) | batched (s) | speed-up | max abs diff naive vs batched |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var c in GradCheckCase.Standard)
{
    var (name, layers, m) = (c.Name, c.Layers, c.M);
    var o = c.Options;
    var (x, y, p) = c.Build();
    using var theta = p;
    var v = ParameterVector.From(p);

    // The whole slow check through the one core, batched or one perturbation at a time (GradCheck.Model).
    GradCheckResult Check(bool batched, int? subset = null) => GradCheck.Model(o, p, x, y, null, null, new GradCheckOptions { Subset = subset }, batched);
    double Batched() => Time(() => Check(true));
    Batched(); // warm-up
    var batchedTimes = Enumerable.Range(0, 3).Select(_ => Batched()).Order().ToArray();
    double batched = batchedTimes[1];
    var b = Check(true).Gradients["numeric"];

    // Naive: a warm-up on a few coordinates, a timed run on 100 to size the run that fits the budget, then that run.
    Check(false, Math.Min(10, v.Count));
    double perCoordinate = Time(() => Check(false, Math.Min(100, v.Count))) / Math.Min(100, v.Count);
    int done = (int)Math.Clamp(naiveBudget / perCoordinate, 1, v.Count);
    var sw = Stopwatch.StartNew();
    var n = Check(false, done == v.Count ? null : done).Gradients["numeric"];
    sw.Stop();
    double maxDiff = 0;
    for (int i = 0; i < v.Count; i++) if (!double.IsNaN(n[i])) maxDiff = Math.Max(maxDiff, Math.Abs(n[i] - b[i]));
    double naive = sw.Elapsed.TotalSeconds;
    bool extrapolated = done < v.Count;
    if (extrapolated) naive *= (double)v.Count / done;
    string naiveText = extrapolated ? $"{naive:F1} (extrapolated from {done} of {v.Count} coordinates in {sw.Elapsed.TotalSeconds:F0} s)" : $"{naive:F3}";
    Console.WriteLine($"| {name} | {string.Join(",", layers)} | {m} | {v.Count} | {naiveText} | {batched:F3} (median of 3) | {naive / batched:F1}× | {maxDiff:E1} over {done} coordinates |");
}

static double Time(Action a)
{
    var sw = Stopwatch.StartNew();
    a();
    return sw.Elapsed.TotalSeconds;
}
