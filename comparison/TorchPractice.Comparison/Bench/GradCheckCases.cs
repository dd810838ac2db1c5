using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>A seeded gradient-check problem: options, data and the parameters θ to check at.</summary>
public sealed record GradCheckCase(string Name, int[] Layers, int M)
{
    /// <summary>The three sizes of comparison/gradcheck-benchmark.md: p = 47, 1 041, 9 721.</summary>
    public static IReadOnlyList<GradCheckCase> Standard { get; } =
    [
        new("course case", [4, 5, 3, 1], 3),
        new("~1 000", [40, 20, 10, 1], 64),
        new("~10 000", [100, 80, 20, 1], 64),
    ];

    /// <summary>The model checked: He weights, λ 0.1, no dropout.</summary>
    public ModelOptions Options => new() { Layers = Layers, Init = Init.He, Lambd = 0.1, KeepProb = 1 };

    /// <summary>X (n_x, m), Y (1, m) and θ drawn from one generator seeded 7 (float64, CPU); the caller disposes.</summary>
    public (Tensor X, Tensor Y, ParameterSet Theta) Build()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        using TorchSharp.Scalar nx = Layers[0], scale = 0.3; // held: an implicit Scalar may be freed mid-call (README "Known limits")
        var x = randn([Layers[0], M], float64, generator: g);
        var y = x.mul(x).sum(0, keepdim: true).gt(nx).to(float64); // x·x: square() is pow with an implicit Scalar
        var theta = new ParameterSet(ParameterSet.NamesFor(3).Select(n =>
        {
            int l = n[1] - '0';
            return (n, randn([Layers[l], n[0] == 'W' ? Layers[l - 1] : 1], float64, generator: g).mul_(scale).MoveToOuterDisposeScope());
        }).ToList());
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), theta);
    }
}
