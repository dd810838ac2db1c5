using System.Text.Json;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Tests.Cli;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>A NaN or infinite cost stops training at once, says where and why, and never reaches a result as a number.</summary>
public sealed class NonFiniteCostTests
{
    static TrainingResult Train(Implementation impl, ModelOptions o, double lr, int iterations, int printEvery = 1000)
    {
        BuiltInDatasets.TryLoad("circles", 1, out var split);
        using var scope = NewDisposeScope();
        var (x, y) = split!.Train.ToTensors(CPU, float64);
        using var net = ModelFactory.Create(impl, o, RandomSources.NumPy, 3, CPU);
        return Trainer.Train(net, x, y, new TrainOptions { LearningRate = lr, Iterations = iterations, PrintEvery = printEvery });
    }

    [Theory]
    [InlineData(Implementation.Scratch)]
    [InlineData(Implementation.Autograd)]
    public void A_huge_learning_rate_stops_at_the_first_non_finite_cost(Implementation impl)
    {
        var r = Train(impl, new ModelOptions(), 1e308, 50);
        Assert.True(r.Diverged);
        Assert.False(r.Cancelled);
        // Iteration 0's cost is from the initial weights; its update (×1e308) makes iteration 1's cost NaN or inf.
        Assert.Equal(1, r.NonFinite!.Iteration);
        Assert.Equal(0, r.NonFinite.LastFiniteIteration);
        Assert.Equal(2, r.IterationsRun);
        Assert.False(double.IsFinite(r.NonFinite.Cost));
        Assert.All(r.Costs, c => Assert.True(double.IsFinite(c.Cost)));
        string line = r.NonFinite.Describe(1e308);
        Assert.DoesNotContain("\n", line);
        foreach (var cause in new[] { "iteration 1", "learning rate", "scale", "initial weights" }) Assert.Contains(cause, line);
    }

    [Fact]
    public void Divergence_between_recorded_costs_is_caught_within_one_percent_of_the_run()
    {
        // Costs recorded every 1000 iterations only; the cost is NaN from iteration 1 on.
        var r = Train(Implementation.Scratch, new ModelOptions(), 1e308, 10_000, printEvery: 1000);
        Assert.True(r.Diverged);
        Assert.InRange(r.NonFinite!.Iteration, 1, 100);
    }

    [Fact]
    public void Course_cost_keeps_the_courses_inf_for_large_random_weights()
    {
        // The course's "large random" run prints cost inf at iteration 0 (σ saturates) and trains on: not a divergence.
        var r = Train(Implementation.Scratch, new ModelOptions { Init = Init.Random, CourseCost = true }, 0.01, 2001);
        Assert.False(r.Diverged);
        Assert.Equal(2001, r.IterationsRun);
        Assert.True(double.IsPositiveInfinity(r.Costs[0].Cost));
    }

    [Fact]
    public void Course_cost_still_stops_on_nan_parameters()
    {
        // nansum over an all-NaN a3 is 0: the course formula would print a perfect 0 cost for NaN parameters.
        var r = Train(Implementation.Scratch, new ModelOptions { CourseCost = true }, 1e308, 50);
        Assert.True(r.Diverged);
        Assert.InRange(r.NonFinite!.Iteration, 0, 1);
        Assert.All(r.Costs, c => Assert.NotEqual(0.0, c.Cost));
    }

    [Fact]
    public void Cli_exits_3_with_valid_json_and_saves_nothing()
    {
        string file = Path.Combine(Path.GetTempPath(), $"torchpractice-nan-{Guid.NewGuid():N}.json");
        var (code, stdout, stderr) = CliRun.Run("train", "--iterations", "50", "--lr", "1e308", "--json", "--save", file);
        Assert.Equal(3, code);
        Assert.False(File.Exists(file));
        Assert.DoesNotContain("\"NaN\"", stdout);
        Assert.DoesNotContain("Infinity\"", stdout);
        using var doc = JsonDocument.Parse(stdout); // strict JSON
        var diverged = doc.RootElement.GetProperty("diverged");
        Assert.Equal(1, diverged.GetProperty("iteration").GetInt32());
        Assert.Equal(JsonValueKind.Null, diverged.GetProperty("cost").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("test_accuracy").ValueKind);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("iteration 1", lines[0]);
        Assert.Contains("learning rate", lines[0]);
    }

    [Fact]
    public void Cli_text_output_prints_the_finite_costs_then_one_line()
    {
        var (code, stdout, stderr) = CliRun.Run("train", "--iterations", "50", "--lr", "1e308", "--print-every", "1");
        Assert.Equal(3, code);
        Assert.Equal(["Cost after iteration 0: 0.883053746341976"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("accuracy", stdout);
        Assert.Contains("diverged", stderr);
    }

    [Fact]
    public void Json_writes_the_course_costs_inf_as_null()
    {
        var (code, stdout, stderr) = CliRun.Run("train", "--init", "random", "--course-cost", "--iterations", "2", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("costs")[0].GetProperty("cost").ValueKind);
    }
}
