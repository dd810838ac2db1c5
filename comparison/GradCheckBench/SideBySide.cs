using System.Diagnostics;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Random;
using static TorchSharp.torch;

/// <summary>
/// `GradCheckBench sidebyside [m]`: one line of timings, to set beside another build's in the same session
/// (comparison/gradcheck-benchmark.md, "One checker"): fast mode on the 1.86 M-parameter MLP (GradCheck.Cost), and the
/// built-in model's slow check (GradCheck.Model, batched) on [40, 40, 10, 1], 2 061 parameters, 64 samples, λ 0.1.
/// </summary>
static class SideBySide
{
    public static void Run(int m)
    {
        var (theta, cost, backward) = LargeModelBench.Build(m);
        double fast;
        string wrong;
        using (theta)
        {
            GradCheck.Cost(cost, theta, backward, new GradCheckOptions { FastMode = true }); // warm-up
            var sw = Stopwatch.StartNew();
            var r = GradCheck.Cost(cost, theta, backward, new GradCheckOptions { FastMode = true });
            fast = sw.Elapsed.TotalSeconds;
            wrong = string.Join(",", r.Wrong);
        }
        var o = new ModelOptions { Layers = [40, 40, 10, 1], Init = Init.He, Lambd = 0.1 };
        var rng = RandomSources.Create(RandomSources.NumPy, 1, CPU);
        using var p = InitialParameters.Create(o, rng, CPU);
        foreach (var b in p.Names.Where(n => n[0] == 'b')) p[b].add_(0.1);
        var x = rng.StandardNormal([40, 64], CPU, float64);
        var y = rng.StandardNormal([1, 64], CPU, float64).gt(0).to(float64);
        GradCheckResult Slow() => GradCheck.Model(o, p, x, y);
        Slow(); // warm-up
        var times = Enumerable.Range(0, 3).Select(_ => { var sw = Stopwatch.StartNew(); Slow(); return sw.Elapsed.TotalSeconds; }).Order().ToArray();
        Console.WriteLine($"fast {fast:F2} s (wrong {wrong}) | built-in slow {times[1]:F3} s (median of 3, passed {Slow().Passed}, p = {p.Count})");
    }
}
