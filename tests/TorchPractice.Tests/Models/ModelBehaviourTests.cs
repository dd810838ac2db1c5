using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

public sealed class ModelBehaviourTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tp-model-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(new[] { 2 }, 1.0, 0.0, "at least 2 entries")]
    [InlineData(new[] { 2, 10 }, 1.0, 0.0, "end in 1")]
    [InlineData(new[] { 2, 0, 5, 1 }, 1.0, 0.0, "positive")]
    [InlineData(new[] { 2, 10, 5, 2 }, 1.0, 0.0, "end in 1")]
    [InlineData(new[] { 2, 10, 5, 1 }, 0.0, 0.0, "KeepProb")]
    [InlineData(new[] { 2, 10, 5, 1 }, 1.5, 0.0, "KeepProb")]
    [InlineData(new[] { 2, 10, 5, 1 }, 1.0, -0.1, "Lambd")]
    public void Bad_model_options_are_rejected_with_the_option_named(int[] layers, double keepProb, double lambd, string expected)
    {
        var o = new ModelOptions { Layers = layers, KeepProb = keepProb, Lambd = lambd };
        var e = Assert.Throws<ArgumentOutOfRangeException>(o.Validate);
        Assert.Contains(expected, e.Message);
        string property = expected is "KeepProb" or "Lambd" ? expected : "Layers";
        Assert.Equal(property, e.ParamName);
        Assert.Equal(property switch { "KeepProb" => keepProb, "Lambd" => lambd, _ => string.Join(",", layers) }, e.ActualValue);
    }

    [Theory]
    [InlineData(0.0, 10, 1, "LearningRate")]
    [InlineData(0.1, 0, 1, "Iterations")]
    [InlineData(0.1, 10, 0, "PrintEvery")]
    public void Bad_training_options_are_rejected(double lr, int iterations, int printEvery, string expected)
    {
        var t = new TrainOptions { LearningRate = lr, Iterations = iterations, PrintEvery = printEvery };
        var e = Assert.Throws<ArgumentOutOfRangeException>(t.Validate);
        Assert.Equal(expected, e.ParamName);
        Assert.StartsWith($"{expected} must be", e.Message);
    }

    [Fact]
    public void Zeros_init_never_breaks_symmetry_only_the_output_bias_learns()
    {
        var o = new ModelOptions { Layers = [2, 10, 5, 1], Init = Init.Zeros };
        var (x, y) = TestData.Problem(2, 100, seed: 4);
        using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
        using var m = new ScratchModel(o, p);
        var h = Trainer.Train(m, x, y, new TrainOptions { LearningRate = 0.01, Iterations = 200, PrintEvery = 50 }).Costs;
        Assert.Equal(Math.Log(2), h[0].Cost, 1e-15); // σ(0) = 0.5 for every sample
        using var after = m.CopyParameters();
        foreach (var w in new[] { "W1", "W2", "W3", "b1", "b2" })
            Assert.Equal(0.0, after[w].abs().max().item<double>()); // every gradient but db3 is exactly 0
        Assert.NotEqual(0.0, after["b3"].item<double>());
        using var prob = m.Probabilities(x);
        Assert.Equal(prob.min().item<double>(), prob.max().item<double>()); // same output for every sample
    }

    [Fact]
    public void A_saturated_sigmoid_gives_a_finite_stable_cost_and_the_course_formula_reports_inf()
    {
        using var z = tensor(new double[] { 40, -40, 3 }, float64).reshape(1, 3);
        using var y = tensor(new double[] { 0, 1, 1 }, float64).reshape(1, 3);
        double stable = CostFormulas.Stable(z, y).item<double>();
        double expected = (40 + 40 + Math.Log(1 + Math.Exp(-3))) / 3 + 2 * Math.Log(1 + Math.Exp(-40)) / 3;
        Assert.Equal(expected, stable, 1e-12);
        using var a = z.sigmoid();
        Assert.True(double.IsPositiveInfinity(CostFormulas.Course(a, y).item<double>()));
    }

    [Fact]
    public void The_course_cost_matches_the_stable_cost_where_both_are_finite()
    {
        var (x, y) = TestData.Problem(3, 40, seed: 9);
        using var z = x[..1] * 0.5;
        Assert.Equal(CostFormulas.Stable(z, y).item<double>(), CostFormulas.Course(z.sigmoid(), y).item<double>(), 1e-13);
    }

    [Fact]
    public void Saved_parameters_load_back_bit_for_bit()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.He };
        using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
        var file = Path.Combine(_dir, "p.json");
        ParameterFile.Save(file, p, o);
        using var back = ParameterFile.Load(file);
        Assert.Equal(p.Names, back.Names);
        foreach (var n in p.Names) Assert.Equal(p.ToArray(n), back.ToArray(n));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }

    [Fact]
    public void Loading_into_another_architecture_names_the_tensor_and_both_shapes()
    {
        var small = new ModelOptions { Layers = [2, 10, 5, 1] };
        using var p = InitialParameters.Create(small, TestData.Rng(3), CPU);
        var file = Path.Combine(_dir, "p.json");
        ParameterFile.Save(file, p, small);
        using var loaded = ParameterFile.Load(file);
        var big = new ModelOptions { Layers = [2, 20, 3, 1] };
        var e = Assert.Throws<ArgumentException>(() => new ScratchModel(big, loaded));
        Assert.Contains("W1 has shape (10, 2)", e.Message);
        Assert.Contains("need (20, 2)", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_parameter_file_is_rejected()
    {
        var file = Path.Combine(_dir, "x.json");
        File.WriteAllText(file, "{\"hello\": 1}");
        Assert.Contains("not a TorchPractice parameter file", Assert.Throws<InvalidDataException>(() => ParameterFile.Load(file)).Message);
    }

    [Fact]
    public void Live_tensor_count_stays_flat_over_a_long_run()
    {
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun, Lambd = 0.7, KeepProb = 0.86 };
        var (x, y) = TestData.Problem(2, 211, seed: 1);
        using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
        using var m = new ScratchModel(o, p, new RandomMasks(TestData.Rng(1), o.KeepProb, false));
        var t = new TrainOptions { LearningRate = 0.3, Iterations = 1000, PrintEvery = 100 };
        Trainer.Train(m, x, y, t);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Trainer.Train(m, x, y, t with { Iterations = 5000 });
        long after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.True(after - before <= 2, $"live tensors grew from {before} to {after}");
    }

    [Fact]
    public void Metrics_follow_from_the_confusion_matrix()
    {
        using var pred = tensor(new double[] { 1, 1, 0, 0, 1, 0 }).reshape(1, 6);
        using var lab = tensor(new double[] { 1, 0, 0, 1, 1, 0 }).reshape(1, 6);
        var c = ConfusionMatrix.Of(pred, lab);
        Assert.Equal(new ConfusionMatrix(2, 1, 2, 1), c);
        Assert.Equal(4.0 / 6, c.Accuracy, 1e-15);
        Assert.Equal(2.0 / 3, c.Precision, 1e-15);
        Assert.Equal(2.0 / 3, c.Recall, 1e-15);
        Assert.Equal(2.0 / 3, c.F1, 1e-15);
    }
}
