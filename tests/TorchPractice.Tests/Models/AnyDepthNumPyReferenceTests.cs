using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Tests.Models;

/// <summary>
/// Any depth L = 1…6 and every hidden activation, pinned to the NumPy peer (comparison/peers/numpy_model.py, the course's
/// L_model_forward / L_model_backward): the gradients at the start (scratch against autograd per tensor, and each
/// against NumPy) and short training runs (cost histories and final parameters), with L2 on every weight and
/// dropout on every hidden layer (the same masks: NumPy's stream), all to <see cref="NumPyReference.Tolerance"/>
/// (float64 throughout; only the order of the additions differs, see there). Logistic regression (L = 1) is also
/// trained for 2 000 iterations against NumPy.
/// </summary>
public sealed class AnyDepthNumPyReferenceTests
{
    /// <summary>[2, h_1, …, h_{L−1}, 1] on circles (n_x = 2): hidden widths that differ from each other and from their
    /// neighbours, so that a transposed or misassigned weight cannot fit.</summary>
    static int[] Layers(int depth) => [2, .. new[] { 7, 5, 6, 4, 3 }[..(depth - 1)], 1];

    /// <summary>The init each activation is paired with in practice (He for the ReLUs, Xavier for tanh and sigmoid).</summary>
    static Init InitFor(Activation a) => a is Activation.Relu or Activation.LeakyRelu ? Init.He : Init.Xavier;

    /// <summary>Every depth L = 1…6 with every activation, with L2 and dropout (L = 1 too: it has no hidden layer, so
    /// neither the activation nor dropout may change anything); and a deep net of each activation plain.</summary>
    public static TheoryData<int, Activation, double, double> EveryDepthAndActivation()
    {
        var data = new TheoryData<int, Activation, double, double>();
        for (int depth = 1; depth <= 6; depth++)
            foreach (var a in Enum.GetValues<Activation>())
                data.Add(depth, a, 0.5, 0.85);
        foreach (var a in Enum.GetValues<Activation>())
            data.Add(5, a, 0.0, 1.0);
        return data;
    }

    // One peer process per case (its start costs more than the run): it returns both the start gradients and the run.
    [Theory]
    [MemberData(nameof(EveryDepthAndActivation))]
    public async Task Start_gradients_and_a_short_run_agree_with_NumPy(int depth, Activation activation, double lambd, double keepProb)
    {
        var o = new ModelOptions
        {
            Layers = Layers(depth), Activation = activation, Init = InitFor(activation), Lambd = lambd, KeepProb = keepProb,
        };
        await NumPyReference.TrainAllThree(TestData.BuiltIn("circles"), o,
            new TrainOptions { LearningRate = 0.3, Iterations = 100, PrintEvery = 10 }, startGradients: true);
    }

    // Logistic regression, long enough to converge most of the way: 24 features on fraud (with L2), 2 on football.
    [Theory]
    [InlineData("fraud", 24, 0.5)]
    [InlineData("football", 2, 0.0)]
    public async Task Logistic_regression_trains_as_NumPy_trains_it_for_2000_iterations(string dataset, int features, double lambd)
    {
        var o = new ModelOptions { Layers = [features, 1], Init = Init.Xavier, Lambd = lambd };
        await NumPyReference.TrainAllThree(TestData.BuiltIn(dataset), o,
            new TrainOptions { LearningRate = 0.5, Iterations = 2000, PrintEvery = 100 });
    }
}
