using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Bench;

/// <summary>The benchmark's workloads: the course's models, the sweeps and the gradient checks.</summary>
public static class BenchCases
{
    static readonly ModelOptions Regularization = new() { Layers = [2, 20, 3, 1], Init = Init.Lecun };

    /// <summary>Every case; <paramref name="quick"/> cuts iterations (about 10×) for a smoke run.</summary>
    public static IReadOnlyList<BenchCase> All(bool quick)
    {
        int Q(int full, int fast) => quick ? fast : full;
        var grid = (from l in new[] { 0.0, 0.1, 0.3, 0.7, 1.0 } from kp in new[] { 1.0, 0.95, 0.86, 0.7 } select new SweepConfig(l, kp)).ToList();
        return
        [
            new("init-he", "init study: He, [2,10,5,1], circles m=300", BenchKind.Train)
                { Model = new() { Layers = [2, 10, 5, 1], Init = Init.He }, Data = "circles", LearningRate = 0.01, Iterations = Q(15_000, 1_500) },
            new("reg-none", "regularization: none, [2,20,3,1], football m=211", BenchKind.Train)
                { Model = Regularization, Data = "football", LearningRate = 0.3, Iterations = Q(30_000, 3_000) },
            new("reg-l2", "regularization: L2 λ=0.7", BenchKind.Train)
                { Model = Regularization with { Lambd = 0.7 }, Data = "football", LearningRate = 0.3, Iterations = Q(30_000, 3_000) },
            new("reg-dropout", "regularization: dropout keep_prob=0.86", BenchKind.Train)
                { Model = Regularization with { KeepProb = 0.86 }, Data = "football", LearningRate = 0.3, Iterations = Q(30_000, 3_000) },
            new("large-m", "larger: [2,20,3,1], m=100 000", BenchKind.Train)
                { Model = Regularization, SyntheticM = 100_000, LearningRate = 0.3, Iterations = Q(40, 5), MaxReps = 3 },
            new("large-wide", "larger: [512,256,128,1], m=20 000", BenchKind.Train)
                { Model = new() { Layers = [512, 256, 128, 1], Init = Init.He }, SyntheticM = 20_000, LearningRate = 0.01, Iterations = Q(10, 2), MaxReps = 2 },
            new("sweep", $"sweep: {grid.Count} configurations (λ × keep_prob), [2,20,3,1], football", BenchKind.Sweep)
                { Model = Regularization, Data = "football", LearningRate = 0.3, Iterations = Q(30_000, 1_000), Sweep = grid, MaxReps = 1 },
            .. GradCheckCase.Standard.Select((g, i) => new BenchCase($"gradcheck-{i + 1}", $"gradient check: {g.Name}, [{string.Join(",", g.Layers)}] m={g.M}", BenchKind.GradCheck)
                { Model = g.Options, GradCheck = g, Iterations = 1, MaxReps = 3 }),
        ];
    }
}
