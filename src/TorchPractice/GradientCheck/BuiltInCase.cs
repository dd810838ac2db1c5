using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The gradient-check cases: the course's (layers 4,5,3,1), or one built from a built-in dataset: circles
/// (2,10,5,1) or fraud (24,20,10,1). `torchpractice gradcheck` and `compare`'s gradient-check study use the same.
/// </summary>
public static class BuiltInCase
{
    // Held: an implicit Scalar (and a temporary no dispose scope holds) may be freed by a finalizer mid-call (README "Known limits").
    static readonly TorchSharp.Scalar Tenth = 0.1;

    /// <summary>The layer sizes a case's data fits by default.</summary>
    public static int[] DefaultLayers(string caseName) => caseName switch
    {
        "course" => CourseCase.Options.Layers,
        "fraud" => [24, 20, 10, 1],
        "circles" => [2, 10, 5, 1],
        _ => throw new ArgumentException($"no gradient-check case '{caseName}' (expected course, fraud or circles)"),
    };

    /// <summary>
    /// The case's X, Y and θ, and with dropout (<paramref name="o"/>.KeepProb &lt; 1) the masks to freeze for the
    /// whole check, all from NumPy's stream seeded <paramref name="seed"/>. The course's case is drawn from its own
    /// stream (seed 1); a built-in case takes the dataset's first training samples (all 300 for circles, 256 for
    /// fraud) and draws the weights by <paramref name="o"/>'s init, biases randn × 0.1, then the masks.
    /// The tensors belong to the caller's dispose scope.
    /// </summary>
    /// <param name="caseName">course, fraud or circles.</param>
    /// <param name="o">The model's options.</param>
    /// <param name="seed">Seeds NumPy's stream.</param>
    /// <param name="device">Where the tensors go.</param>
    public static (Tensor X, Tensor Y, ParameterSet P, Tensor[]? Masks) Create(string caseName, ModelOptions o, int seed, Device device)
    {
        var rng = RandomSources.Create(RandomSources.NumPy, seed, device);
        var (x, y, p) = caseName == "course" ? CourseCase.Create(device) : FromDataset(caseName, o, rng, device);
        Tensor[]? masks = o.UsesDropout
            ? new RandomMasks(rng, o.KeepProb, false).NextPass(o.HiddenSizes, y.shape[1], device, float64)
            : null;
        return (x, y, p, masks);
    }

    /// <summary>
    /// The built-in model on the user's data: the first <paramref name="samples"/> training samples (all when null) of
    /// <paramref name="data"/>, at <paramref name="parameters"/> (e.g. loaded after `train --save`; copied, float64) or,
    /// when null, at weights drawn by <paramref name="o"/>'s init and biases randn × 0.1 from NumPy's stream seeded
    /// <paramref name="seed"/>; with dropout, frozen masks from that stream. The tensors belong to the caller's dispose scope.
    /// </summary>
    public static (Tensor X, Tensor Y, ParameterSet P, Tensor[]? Masks) FromData(DataSplit data, ModelOptions o, int seed, Device device,
        int? samples = null, ParameterSet? parameters = null)
    {
        var rng = RandomSources.Create(RandomSources.NumPy, seed, device);
        var train = data.Train;
        if (samples is { } s && (s < 1 || s > train.Count))
            throw new ArgumentOutOfRangeException(nameof(samples), s, $"the sample count must be between 1 and the {train.Count} training samples; got {s}");
        int m = samples ?? train.Count;
        ParameterSet p;
        if (parameters is not null)
        {
            ParameterShapes.Check(o, parameters);
            p = parameters.To(device, float64);
        }
        else
        {
            p = InitialParameters.Create(o with { DType = ScalarType.Float64 }, rng, device);
            foreach (var b in p.Names.Where(n => n[0] == 'b'))
                using (var draw = rng.StandardNormal(p[b].shape, device, float64)) p[b].add_(draw.mul_(Tenth), HeldScalars.One);
        }
        using var scope = NewDisposeScope();
        var (x, y) = train.ToTensors(device, float64);
        Tensor[]? masks = o.UsesDropout
            ? new RandomMasks(rng, o.KeepProb, false).NextPass(o.HiddenSizes, m, device, float64).Select(t => t.MoveToOuterDisposeScope()).ToArray()
            : null;
        return (x[.., ..m].contiguous().MoveToOuterDisposeScope(), y[.., ..m].contiguous().MoveToOuterDisposeScope(), p, masks);
    }

    static (Tensor X, Tensor Y, ParameterSet P) FromDataset(string caseName, ModelOptions o, IRandomSource rng, Device device)
    {
        DefaultLayers(caseName);
        BuiltInDatasets.TryLoad(caseName, BuiltInDatasets.DefaultSeed, out var split);
        var train = split!.Train;
        int m = Math.Min(train.Count, caseName == "fraud" ? 256 : 300);
        var p = InitialParameters.Create(o, rng, device);
        // Zero biases put units with an all-zero input (e.g. every unit below dropped) exactly on ReLU's
        // kink, where θ ± ε sees two different slopes; small random biases check at a differentiable point.
        foreach (var b in p.Names.Where(n => n[0] == 'b'))
            using (var draw = rng.StandardNormal(p[b].shape, device, float64)) p[b].add_(draw.mul_(Tenth), HeldScalars.One);
        using var scope = NewDisposeScope();
        var (x, y) = train.ToTensors(device, float64);
        return (x[.., ..m].contiguous().MoveToOuterDisposeScope(), y[.., ..m].contiguous().MoveToOuterDisposeScope(), p);
    }
}
