using TorchPractice.Cli;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

public sealed class TrainingMemoryTests
{
    [Fact]
    public void The_estimate_counts_parameters_and_activations_as_documented()
    {
        // [2,10,5,1]: 91 parameters ×4 copies; 16 units ×(5 per training sample + 2 per test sample); 2 inputs per sample.
        var m = TrainingMemory.Estimate([2, 10, 5, 1], 300, 100, ScalarType.Float64);
        Assert.Equal(4 * 91 * 8, m.ParameterBytes);
        Assert.Equal((5 * 16 * 300 + 2 * 16 * 100 + 2 * 400) * 8, m.ActivationBytes);
        Assert.Equal(m.ParameterBytes / 2, TrainingMemory.Estimate([2, 10, 5, 1], 300, 100, ScalarType.Float32).ParameterBytes);
    }

    [Fact]
    public void The_estimate_sums_every_layer_for_any_depth()
    {
        // Logistic regression [3,1]: 4 parameters, 1 unit. Each added hidden layer of 32 adds its weights and units.
        var logistic = TrainingMemory.Estimate([3, 1], 300, 100, ScalarType.Float64);
        Assert.Equal(4 * 4 * 8, logistic.ParameterBytes);
        Assert.Equal((5 * 1 * 300 + 2 * 1 * 100 + 3 * 400) * 8, logistic.ActivationBytes);
        for (int depth = 2; depth <= 50; depth += 12)
        {
            int[] layers = [3, .. Enumerable.Repeat(32, depth - 1), 1];
            double parameters = 32 * 4 + (depth - 2) * 32 * 33 + 33, units = 32 * (depth - 1) + 1;
            var m = TrainingMemory.Estimate(layers, 300, 100, ScalarType.Float64);
            Assert.Equal(4 * parameters * 8, m.ParameterBytes);
            Assert.Equal((5 * units * 300 + 2 * units * 100 + 3 * 400) * 8, m.ActivationBytes);
        }
    }

    [Fact]
    public void The_issues_layers_are_refused_on_a_machine_with_22_GiB_and_the_course_model_is_not()
    {
        long available = 22L << 30;
        var huge = TrainingMemory.Estimate([2, 1_000_000_000, 5, 1], 300, 100, ScalarType.Float64);
        var e = Assert.Throws<UsageException>(() => MachineMemory.CheckFits(huge, available, "train: layers 2,1000000000,5,1"));
        // One line, after the command's prefix: the need, its two parts, and what the machine has.
        Assert.StartsWith("train: layers 2,1000000000,5,1 ", e.Message);
        foreach (var fact in new[] { "12.6 TiB", "parameters 238.4 GiB", "activations 12.4 TiB", "22.0 GiB", "MemAvailable" })
            Assert.Contains(fact, e.Message);
        Assert.DoesNotContain("\n", e.Message);
        MachineMemory.CheckFits(TrainingMemory.Estimate([2, 10, 5, 1], 300, 100, ScalarType.Float64), available, "train");
    }
}
