using System.Text.Json;
using TorchPractice.Cli.Commands;

namespace TorchPractice.Tests.Cli;

/// <summary>`train --dev-fraction` and compare's dev options, through the program's own entry point.</summary>
public sealed class DevSetCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Json_returns_train_dev_and_test_metrics_and_the_diagnosis()
    {
        var (code, output, err) = Run("train", "--data", "football", "--layers", "2,20,3,1", "--lr", "0.3", "--iterations", "200",
            "--dev-fraction", "0.2", "--baseline-error", "0.05", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(168, root.GetProperty("train_count").GetInt32()); // football's 211 training samples, 43 of them dev
        Assert.Equal(43, root.GetProperty("dev_count").GetInt32());
        Assert.Equal(200, root.GetProperty("test_count").GetInt32());
        var dev = root.GetProperty("dev_metrics");
        long total = dev.GetProperty("true_positives").GetInt64() + dev.GetProperty("false_positives").GetInt64()
                   + dev.GetProperty("true_negatives").GetInt64() + dev.GetProperty("false_negatives").GetInt64();
        Assert.Equal(43, total);
        Assert.Equal(dev.GetProperty("accuracy").GetDouble(), root.GetProperty("dev_accuracy").GetDouble());
        var bv = root.GetProperty("bias_variance");
        Assert.Equal(0.05, bv.GetProperty("baseline_error").GetDouble());
        Assert.Equal(1 - root.GetProperty("train_accuracy").GetDouble() - 0.05, bv.GetProperty("avoidable_bias").GetDouble(), 1e-15);
        Assert.Equal(root.GetProperty("train_accuracy").GetDouble() - root.GetProperty("dev_accuracy").GetDouble(), bv.GetProperty("variance").GetDouble(), 1e-15);
    }

    [Fact]
    public void Without_a_dev_fraction_the_course_split_is_unchanged_and_dev_fields_are_null()
    {
        var (code, output, err) = Run("train", "--iterations", "20", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(300, root.GetProperty("train_count").GetInt32()); // the course's circles: 300 train, 100 test
        Assert.Equal(100, root.GetProperty("test_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("dev_accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("dev_metrics").ValueKind);
    }

    [Theory]
    [InlineData("--dev-fraction", "1", "--dev-fraction expects a share of the training data in [0, 1)")]
    [InlineData("--dev-fraction", "-0.2", "--dev-fraction expects")]
    [InlineData("--baseline-error", "0.1", "--baseline-error needs a dev set")]
    public void Bad_dev_options_are_one_line_and_exit_2(string option, string value, string message)
    {
        var (code, _, err) = Run("train", option, value, "--iterations", "5");
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_baseline_error_outside_0_to_1_is_rejected()
    {
        var (code, _, err) = Run("train", "--dev-fraction", "0.2", "--baseline-error", "5", "--iterations", "5");
        Assert.Equal(2, code);
        Assert.Contains("baseline error must be a fraction in [0, 1)", err);
    }

    [Theory]
    [InlineData("--dev-fraction", "0", "the dev fraction must lie strictly between 0 and 1")]
    [InlineData("--dev-fraction", "1.5", "the dev fraction must lie strictly between 0 and 1")]
    [InlineData("--baseline-error", "-0.1", "the baseline error must be a fraction in [0, 1)")]
    public void Compare_rejects_bad_dev_options_before_any_work(string option, string value, string message)
    {
        var target = Path.Combine(Path.GetTempPath(), $"torchpractice-devset-{Guid.NewGuid():N}");
        var (code, output, err) = Run("compare", "--quick", "--no-peers", "--studies", "reg", "--out", target, option, value);
        Assert.True(code == 2, output + err);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(target));
    }
}
