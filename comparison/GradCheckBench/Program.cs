using System.Diagnostics;
using System.Globalization;
using TorchPractice.Comparison.Bench;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// Naive (two scratch-model forward passes per coordinate) vs batched numeric gradient on the CPU.
// Usage: GradCheckBench [naive-budget-seconds (default 120)]. Prints a Markdown table.
// GradCheckBench large [m (default 64)] [p (default 10000)]: GradCheck.Cost on a 1.9 M-parameter MLP (LargeModelBench).
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
    var all = Enumerable.Range(0, v.Count).ToArray();

    double Batched() => Time(() => GradientChecker.NumericBatched(o, p, v, x, y, null, 1e-7, all, 1L << 24));
    Batched(); // warm-up
    var batchedTimes = Enumerable.Range(0, 3).Select(_ => Batched()).Order().ToArray();
    double batched = batchedTimes[1];
    var b = GradientChecker.NumericBatched(o, p, v, x, y, null, 1e-7, all, 1L << 24);

    // Naive: a warm-up on a few coordinates, then one run, stopped at the budget and extrapolated.
    GradientChecker.NumericNaive(o, v, x, y, null, 1e-7, all.Take(10).ToArray(), CPU);
    var sw = Stopwatch.StartNew();
    int done = 0;
    double maxDiff = 0;
    const int Step = 100;
    while (done < v.Count && sw.Elapsed.TotalSeconds < naiveBudget)
    {
        var part = all.Skip(done).Take(Step).ToArray();
        var n = GradientChecker.NumericNaive(o, v, x, y, null, 1e-7, part, CPU);
        foreach (var i in part) maxDiff = Math.Max(maxDiff, Math.Abs(n[i] - b[i]));
        done += part.Length;
    }
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
