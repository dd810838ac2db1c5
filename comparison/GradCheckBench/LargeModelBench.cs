using System.Diagnostics;
using System.Globalization;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// GradCheck.Cost on a [784, 1024, 1024, 10] ReLU MLP (1 863 690 parameters, softmax cross-entropy, m samples) with a
/// hand-written backward pass whose dW2 uses A2 where A1 belongs: fast mode (which tensors are wrong, and how long),
/// then the slow check, generic naive loop, on a seeded subset of p coordinates. Prints Markdown rows.
/// </summary>
static class LargeModelBench
{
    /// <summary>The MLP at seeded parameters on m random samples: θ, the cost, and the hand-written backward with its dW2 bug.</summary>
    public static (ParameterSet Theta, Func<ParameterSet, Tensor> Cost, Func<ParameterSet, ParameterSet> Backward) Build(int m)
    {
        var g = new Generator(1);
        int[] sizes = [784, 1024, 1024, 10];
        var x = randn([784, m], float64, generator: g);
        var labels = randint(10, [m], generator: g).to(int64);
        var onehot = nn.functional.one_hot(labels, 10).t().to(float64);              // (10, m)
        var theta = new ParameterSet(Enumerable.Range(1, 3).SelectMany(l => new[]
        {
            ($"W{l}", randn([sizes[l], sizes[l - 1]], float64, generator: g) * Math.Sqrt(2.0 / sizes[l - 1])),
            ($"b{l}", randn([sizes[l], 1], float64, generator: g) * 0.1),
        }));
        (Tensor A1, Tensor A2, Tensor Z3) Forward(ParameterSet q)
        {
            var a1 = (q["W1"].mm(x) + q["b1"]).relu();
            var a2 = (q["W2"].mm(a1) + q["b2"]).relu();
            return (a1, a2, q["W3"].mm(a2) + q["b3"]);
        }
        Tensor Cost(ParameterSet q) => nn.functional.cross_entropy(Forward(q).Z3.t(), labels);
        ParameterSet Backward(ParameterSet q)
        {
            var (a1, a2, z3) = Forward(q);
            var dz3 = (z3.softmax(0) - onehot) / m;
            var dz2 = q["W3"].t().mm(dz3) * (a2 > 0).to(float64);
            var dz1 = q["W2"].t().mm(dz2) * (a1 > 0).to(float64);
            return new ParameterSet([
                ("W1", dz1.mm(x.t())), ("b1", dz1.sum(1, keepdim: true)),
                ("W2", dz2.mm(a2.t())), ("b2", dz2.sum(1, keepdim: true)),   // the bug: A2ᵀ where A1ᵀ belongs
                ("W3", dz3.mm(a2.t())), ("b3", dz3.sum(1, keepdim: true))]);
        }
        return (theta, Cost, Backward);
    }

    public static void Run(int m, int p)
    {
        var (built, Cost, Backward) = Build(m);
        using var theta = built;
        Console.WriteLine($"| MLP [784, 1024, 1024, 10], m = {m}, {theta.Count} parameters, bug in dW2 | time (s) | named wrong | note |");
        Console.WriteLine("|---|---|---|---|");
        double forward = Time(() => { using var s = NewDisposeScope(); using var _ = no_grad(); Cost(theta).item<double>(); }, warmUp: true);
        Console.WriteLine($"| one forward pass (cost, no_grad) | {forward:F3} | | for scale |");
        var sw = Stopwatch.StartNew();
        var fast = GradCheck.Cost(Cost, theta, Backward, new GradCheckOptions { FastMode = true });
        double fastTime = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"| fast mode (6 directions, autograd + hand-written backward) | {fastTime:F2} | {string.Join(", ", fast.Wrong)} | " +
            $"kinks along u: {fast.NonDifferentiable.Count} |");
        sw.Restart();
        var slow = GradCheck.Cost(Cost, theta, Backward, new GradCheckOptions { Subset = p, Seed = 1 });
        double slowTime = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"| slow mode, naive loop, p = {p} random coordinates | {slowTime:F1} | {string.Join(", ", slow.Wrong)} | " +
            $"{slow.NonDifferentiable.Count} kinks; ≈ {slowTime / p * 1e3:F2} ms per coordinate, so all {theta.Count} would take ≈ {slowTime / p * theta.Count / 3600:F1} h |");
        sw.Restart();
        var only = GradCheck.Cost(Cost, theta, Backward, new GradCheckOptions { Only = fast.Wrong, Subset = Math.Min(p, 2000), Seed = 1 });
        Console.WriteLine($"| slow mode on the named tensor only (Only = {string.Join(", ", fast.Wrong)}), 2000 coordinates | {sw.Elapsed.TotalSeconds:F1} | " +
            $"{string.Join(", ", only.Wrong)} | worst: {only.Comparisons[0].Worst.FirstOrDefault()?.Name}[{only.Comparisons[0].Worst.FirstOrDefault()?.Index}] |");
    }

    static double Time(Action a, bool warmUp)
    {
        if (warmUp) a();
        var sw = Stopwatch.StartNew();
        a();
        return sw.Elapsed.TotalSeconds;
    }
}
