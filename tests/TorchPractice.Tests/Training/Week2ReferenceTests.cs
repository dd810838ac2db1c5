using System.Text.Json;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>
/// Week 2's assignment (mini-batches of 64 on the moons, [2,5,2,1] ReLU, He start from np.random.seed(3)) trained by
/// the one trainer with the hand-written update rules, against the assignment's code run in NumPy
/// (Fixtures/generate_week2_fixtures.py): every epoch's cost and the final parameters to 1e-12, the accuracy equal.
/// The first costs are also the assignment's printed ones (gd 0.702405, momentum 0.702413, adam 0.702166).
/// </summary>
public sealed class Week2ReferenceTests
{
    static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "week2", "runs.json"))).RootElement;

    public static TheoryData<int> Runs() => new(Enumerable.Range(0, Fixture.GetProperty("runs").GetArrayLength()));

    /// <summary>The fixture's run <paramref name="index"/>: optimizer, decay, settings, every epoch's cost, parameters, accuracy.</summary>
    internal static JsonElement Run(int index) => Fixture.GetProperty("runs")[index];

    internal static TrainOptions Options(JsonElement run)
    {
        var settings = run.GetProperty("settings");
        double Get(string name, double fallback) => settings.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        var kind = run.GetProperty("optimizer").GetString() switch
        {
            "gd" => OptimizerKind.GradientDescent,
            "momentum" => OptimizerKind.Momentum,
            "rmsprop" => OptimizerKind.RmsProp,
            _ => OptimizerKind.Adam,
        };
        var decay = run.GetProperty("decay").GetString() switch
        {
            "inverse" => new LearningRateDecay { Kind = DecayKind.Inverse, Rate = Get("decay_rate", 1) },
            "scheduled" => new LearningRateDecay { Kind = DecayKind.Scheduled, Rate = Get("decay_rate", 1), TimeInterval = 1000 },
            _ => LearningRateDecay.None,
        };
        return new TrainOptions
        {
            LearningRate = Get("learning_rate", 0.0007), Iterations = run.GetProperty("costs").GetArrayLength(), PrintEvery = 1,
            MiniBatchSize = Fixture.GetProperty("mini_batch_size").GetInt32(),
            Optimizer = new OptimizerOptions { Kind = kind }, Decay = decay,
        };
    }

    internal static ModelOptions Model => new() { Layers = [2, 5, 2, 1], Activation = Activation.Relu, Init = Init.He };

    internal static (Tensor X, Tensor Y) Data() => Moons.Load(Moons.CourseSeed).Train.ToTensors(CPU, float64);

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_scratch_model_trains_as_the_assignment_s_numpy_code(int index)
    {
        using var scope = NewDisposeScope();
        var run = Run(index);
        var (x, y) = Data();
        using var model = ModelFactory.Create(Implementation.Scratch, Model, "numpy", 3, CPU);
        var result = Trainer.Train(model, x, y, Options(run));
        var expected = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(expected.Length, result.Costs.Count);
        string name = $"{run.GetProperty("optimizer").GetString()} (decay {run.GetProperty("decay").GetString()})";
        for (int e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(result.Costs[e].Cost - expected[e]) <= 1e-12 * expected[e], $"{name}, epoch {e}: {result.Costs[e].Cost:R} vs NumPy {expected[e]:R}");
        using var p = model.CopyParameters();
        foreach (var (tensorName, values) in run.GetProperty("parameters").EnumerateObject().Select(o => (o.Name, o.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray())))
        {
            var ours = p.ToArray(tensorName);
            double scale = Math.Max(1, values.Max(Math.Abs));
            for (int i = 0; i < values.Length; i++)
                Assert.True(Math.Abs(ours[i] - values[i]) <= 1e-12 * scale, $"{name}: {tensorName}[{i}] {ours[i]:R} vs NumPy {values[i]:R}");
        }
        Assert.Equal(run.GetProperty("accuracy").GetDouble(), Metrics.Evaluate(model, x, y).Accuracy, 12);
    }
}
