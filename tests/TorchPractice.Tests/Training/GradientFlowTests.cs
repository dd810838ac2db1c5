using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>Vanishing gradients as <see cref="GradientFlow"/> names them (issue #27, item 12).</summary>
public sealed class GradientFlowTests
{
    [Theory]
    [InlineData(new[] { 1e-7, 1e-6, 2e-6 }, true)]   // every layer ≈ 0: a dead network
    [InlineData(new[] { 1e-6, 1e-3, 2e-2 }, true)]   // 2e4× smaller at the input
    [InlineData(new[] { 1e-3, 1e-2, 5e-1 }, false)]  // 500×: steep, but not vanishing
    [InlineData(new[] { 1e-6, 2e-2 }, false)]        // two layers: no depth to vanish through (only "all ≈ 0" counts)
    [InlineData(new[] { 0.0, 0.5, 0.1 }, true)]      // nothing reaches the input layer
    public void Vanishing_means_all_negligible_or_a_thousandfold_drop_toward_the_input(double[] norms, bool vanishing) =>
        Assert.Equal(vanishing, new GradientFlow(norms).Vanishing);

    // The facts a message needs: the first and last layer's norms (not the middle one's), the ratio, the threshold.
    [Fact]
    public void Describe_names_the_first_and_last_layer()
    {
        string steep = new GradientFlow([1e-6, 1e-3, 2e-2]).Describe();
        Assert.Contains("‖dW1‖ = 1e-6", steep);
        Assert.Contains("‖dW3‖ = 2e-2", steep);
        Assert.DoesNotContain("dW2", steep);
        Assert.Contains("2e+4×", steep);
        string negligible = new GradientFlow([1e-7, 2e-6]).Describe();
        Assert.Contains("‖dW1‖ = 1e-7", negligible);
        Assert.Contains("‖dW2‖ = 2e-6", negligible);
        Assert.Contains("1e-5", negligible);
        Assert.DoesNotContain("\n", steep + negligible);
    }

    // Of measures ‖dW_l‖ of the model's own backward pass: for logistic regression [2,1] with zero weights, σ(0) = 1/2
    // and dW = (A − Y)·Xᵀ/m = (1/2 − y)·xᵀ/m, computed here by hand.
    [Fact]
    public void Of_measures_the_weight_gradient_norms()
    {
        var o = new ModelOptions { Layers = [2, 1], Init = Init.Zeros };
        using var scope = NewDisposeScope();
        using var model = ModelFactory.Create(Implementation.Scratch, o, TorchPractice.Random.RandomSources.NumPy, 3, CPU);
        var x = tensor(new double[,] { { 1, 2, 3 }, { 0, -1, 4 } }, float64);
        var y = tensor(new double[,] { { 1, 0, 1 } }, float64);
        // (1/2 − y) = (−1/2, 1/2, −1/2); dW = [(−1/2 + 1 − 3/2)/3, (0 − 1/2 − 2)/3] = [−1/3, −5/6]
        double expected = Math.Sqrt(1.0 / 9 + 25.0 / 36);
        var flow = GradientFlow.Of(model, x, y);
        Assert.Equal(expected, Assert.Single(flow.WeightGradientNorms), 1e-15);
    }
}
