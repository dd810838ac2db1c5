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

    // Item 12: a deep sigmoid net on fraud (already standardized) predicts the majority class; its gradients vanish
    // toward the input, so "--standardize, a smaller --lr" would be wrong advice.
    [Fact]
    public void A_deep_sigmoid_net_predicting_one_class_is_told_its_gradients_vanish()
    {
        var (code, _, err) = CliRun.Run("train", "--data", "fraud", "--layers", "24,10,10,10,10,10,10,10,10,1", "--activation", "sigmoid",
            "--iterations", "300", "--print-every", "100");
        Assert.True(code == 0, err);
        var warning = Assert.Single(err.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith("warning: the trained model predicts class 0 for every training sample (its accuracy is just that class's share); the gradients vanish (‖dW1‖ = ", warning);
        Assert.Contains("× smaller at the input than at the output): a smaller learning rate or scaled features will not help; try fewer layers", warning);
        Assert.DoesNotContain("--standardize", warning);
    }

    // Item 12: on balanced circles a deep sigmoid net ends at cost ln 2 (that of predicting the class shares) with
    // every gradient ≈ 0, without predicting one class: a dead network, said so.
    [Fact]
    public void A_dead_deep_sigmoid_net_at_cost_ln2_is_told_its_gradients_vanish()
    {
        var (code, output, err) = CliRun.Run("train", "--layers", "2,10,10,10,10,10,10,10,10,10,10,10,10,1", "--activation", "sigmoid",
            "--iterations", "2000", "--print-every", "500");
        Assert.True(code == 0, err);
        Assert.Contains("Cost after iteration 1999: 0.69314717", output); // ln 2 = 0.693147180…
        var warning = Assert.Single(err.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith("warning: the trained model learnt nothing (cost 0.693147, that of predicting the class shares: 0.693147) and the gradients vanish (", warning);
        Assert.Contains("every layer's gradient is below 1e-5", warning);
    }

    // A shallow model that predicts one class on raw, unevenly scaled features keeps the scaling advice.
    [Fact]
    public void One_class_on_raw_features_with_healthy_gradients_keeps_the_scaling_advice()
    {
        var (code, _, err) = CliRun.Run("train", "--data", CliRun.Fixture("data", "breast_cancer.csv"), "--iterations", "200");
        Assert.True(code == 0, err);
        Assert.Contains("warning: features' scales differ by", err);
        Assert.Contains("warning: the trained model predicts class 1 for every training sample (its accuracy is just that class's share); " +
            "try --standardize, a smaller --lr or more --iterations", err);
    }

    [Fact]
    public void A_well_trained_model_gets_no_warning()
    {
        var (code, _, err) = CliRun.Run("train", "--iterations", "2000");
        Assert.True(code == 0, err);
        Assert.DoesNotContain("warning:", err);
    }
}
