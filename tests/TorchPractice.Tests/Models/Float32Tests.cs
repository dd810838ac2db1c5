using TorchPractice.Data;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Tests.Cli;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>--float32 end to end: training both implementations, parameter files, gradient checking, the CLI.</summary>
public sealed class Float32Tests
{
    static readonly TrainOptions Train = new() { LearningRate = 0.01, Iterations = 2000, PrintEvery = 500 };

    static (TrainingResult Result, ConfusionMatrix Train, ConfusionMatrix Test, double[] W1) Run(Implementation impl, ScalarType dtype, double keepProb = 1)
    {
        BuiltInDatasets.TryLoad("circles", 1, out var split);
        var o = new ModelOptions { Layers = [2, 10, 5, 1], Init = Init.He, KeepProb = keepProb, Lambd = 0.1, DType = dtype };
        using var scope = NewDisposeScope();
        var (x, y) = split!.Train.ToTensors(CPU, dtype);
        var (xt, yt) = split.Test.ToTensors(CPU, dtype);
        using var net = ModelFactory.Create(impl, o, RandomSources.NumPy, 3, CPU);
        var result = Trainer.Train(net, x, y, Train);
        using var p = net.CopyParameters();
        Assert.Equal(dtype, p["W1"].dtype);
        return (result, Metrics.Evaluate(net, x, y), Metrics.Evaluate(net, xt, yt), p.ToArray("W1"));
    }

    [Theory]
    [InlineData(Implementation.Scratch, 1.0)]
    [InlineData(Implementation.Autograd, 1.0)]
    [InlineData(Implementation.Scratch, 0.8)]
    [InlineData(Implementation.Autograd, 0.8)]
    public void Float32_training_follows_the_float64_run_to_float32_precision(Implementation impl, double keepProb)
    {
        var f32 = Run(impl, ScalarType.Float32, keepProb);
        var f64 = Run(impl, ScalarType.Float64, keepProb);
        Assert.False(f32.Result.Diverged);
        Assert.Equal(f64.Result.Costs.Select(c => c.Iteration), f32.Result.Costs.Select(c => c.Iteration));
        for (int i = 0; i < f64.Result.Costs.Count; i++)
        {
            double a = f32.Result.Costs[i].Cost, b = f64.Result.Costs[i].Cost;
            Assert.True(Math.Abs(a - b) <= 1e-4 * b, $"iteration {f64.Result.Costs[i].Iteration}: float32 {a} vs float64 {b}");
            Assert.NotEqual(b, a); // really computed in float32
        }
        Assert.Equal(f64.Train.Accuracy, f32.Train.Accuracy);
        Assert.Equal(f64.Test.Accuracy, f32.Test.Accuracy);
    }

    [Fact]
    public void Float32_parameters_round_trip_through_a_parameter_file_into_the_other_implementation()
    {
        BuiltInDatasets.TryLoad("circles", 1, out var split);
        var o = new ModelOptions { Layers = [2, 10, 5, 1], DType = ScalarType.Float32 };
        string file = Path.Combine(Path.GetTempPath(), $"torchpractice-f32-{Guid.NewGuid():N}.json");
        try
        {
            using var scope = NewDisposeScope();
            var (x, y) = split!.Train.ToTensors(CPU, ScalarType.Float32);
            using var scratch = ModelFactory.Create(Implementation.Scratch, o, RandomSources.NumPy, 3, CPU);
            Trainer.Train(scratch, x, y, Train with { Iterations = 200 });
            using (var p = scratch.CopyParameters()) ParameterFile.Save(file, p, o);
            using var loaded = ParameterFile.Load(file);
            using var autograd = ModelFactory.Create(Implementation.Autograd, o, RandomSources.NumPy, 3, CPU, initial: loaded);
            using var before = scratch.CopyParameters();
            using var after = autograd.CopyParameters();
            foreach (var name in before.Names) Assert.Equal(before.ToArray(name), after.ToArray(name)); // float32 → float64 text → float32: exact
            Assert.Equal(scratch.Predict(x).data<float>().ToArray(), autograd.Predict(x).data<float>().ToArray());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Gradient_check_of_a_float32_model_runs_in_float64_and_says_so()
    {
        var o = new ModelOptions { Layers = [2, 10, 5, 1], DType = ScalarType.Float32 };
        var (x, y, p, _) = BuiltInCase.Create("circles", o, 1, CPU);
        using (p)
        {
            var report = GradCheck.Model(o, p, x, y);
            Assert.True(report.Passed, report.ToString());
            Assert.Contains(report.Notes, n => n.Contains("float32") && n.Contains("float64"));
        }
    }

    [Theory]
    [InlineData("scratch")]
    [InlineData("autograd")]
    public void Cli_trains_in_float32(string impl)
    {
        var (code, stdout, stderr) = CliRun.Run("train", "--impl", impl, "--float32", "--iterations", "300", "--print-every", "100", "--json");
        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("float32", doc.RootElement.GetProperty("dtype").GetString());
        Assert.Equal(4, doc.RootElement.GetProperty("costs").GetArrayLength());
    }

    [Fact]
    public void Cli_gradcheck_float32_notes_the_upcast()
    {
        var (code, stdout, stderr) = CliRun.Run("gradcheck", "--case", "circles", "--float32", "--json");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("checked in float64", stdout);
    }
}
