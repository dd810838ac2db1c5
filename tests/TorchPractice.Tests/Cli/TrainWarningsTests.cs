using System.Text.Json;

namespace TorchPractice.Tests.Cli;

/// <summary>What `train` says about a result that needs care (issue #27): a negative avoidable bias, a dead network.</summary>
public sealed class TrainWarningsTests
{
    // Item 13: against a baseline of 90 % error every training error on circles (at most 50 %) is below the baseline.
    [Fact]
    public void A_train_error_below_the_baseline_is_flagged_not_diagnosed()
    {
        var (code, output, err) = CliRun.Run("train", "--iterations", "10", "--dev-fraction", "0.2", "--baseline-error", "0.9");
        Assert.True(code == 0, err);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("bias/variance:", StringComparison.Ordinal));
        Assert.Contains("(NEGATIVE)", line);
        Assert.DoesNotContain("the larger is", line);
        Assert.Contains("is below the baseline 90 % (avoidable bias −", output);
        Assert.Contains("the baseline is too high or the training error is luck", output);

        var (_, json, _) = CliRun.Run("train", "--iterations", "10", "--dev-fraction", "0.2", "--baseline-error", "0.9", "--json");
        var bv = JsonDocument.Parse(json).RootElement.GetProperty("bias_variance");
        Assert.True(bv.GetProperty("below_baseline").GetBoolean());
        Assert.Contains("below the baseline", bv.GetProperty("warning").GetString());
    }

    [Fact]
    public void A_train_error_above_the_baseline_is_not_flagged()
    {
        var (code, output, err) = CliRun.Run("train", "--iterations", "10", "--dev-fraction", "0.2", "--baseline-error", "0");
        Assert.True(code == 0, err);
        Assert.Contains("the larger is", output);
        Assert.DoesNotContain("below the baseline", output);
    }
}
