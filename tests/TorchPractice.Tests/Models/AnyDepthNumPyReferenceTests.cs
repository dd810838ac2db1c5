using TorchPractice.Comparison.Peers;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Tests.Models;

/// <summary>
/// Any depth L = 1…6 and every hidden activation, pinned to the NumPy peer (comparison/peers/numpy_model.py, the course's
/// L_model_forward / L_model_backward): the gradients at the start (scratch, autograd and NumPy, and scratch against
/// autograd per tensor) and short training runs (cost histories and final parameters), with L2 on every weight and
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

    public static TheoryData<int, Activation> EveryDepthAndActivation()
    {
        var data = new TheoryData<int, Activation>();
        for (int depth = 1; depth <= 6; depth++)
            foreach (var a in Enum.GetValues<Activation>())
                data.Add(depth, a); // L = 1 too: no hidden layer, so the activation must change nothing
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryDepthAndActivation))]
    public async Task Gradients_at_the_start_agree_with_NumPy_and_between_the_models(int depth, Activation activation)
    {
        var o = new ModelOptions
        {
            Layers = Layers(depth), Activation = activation, Init = InitFor(activation), Lambd = 0.7, KeepProb = 0.8,
        };
        await NumPyReference.GradientsAtTheStart(TestData.BuiltIn("circles"), o);
    }

    public static TheoryData<int, Activation, double, double> ShortRuns()
    {
        var data = new TheoryData<int, Activation, double, double> { { 1, Activation.Relu, 0.5, 0.85 } };
        for (int depth = 2; depth <= 6; depth++)
            foreach (var a in Enum.GetValues<Activation>())
                data.Add(depth, a, 0.5, 0.85);
        foreach (var a in Enum.GetValues<Activation>())
            data.Add(5, a, 0.0, 1.0); // plain: neither L2 nor dropout
        return data;
    }

    [Theory]
    [MemberData(nameof(ShortRuns))]
    public async Task A_short_run_trains_as_NumPy_trains_it(int depth, Activation activation, double lambd, double keepProb)
    {
        var o = new ModelOptions
        {
            Layers = Layers(depth), Activation = activation, Init = InitFor(activation), Lambd = lambd, KeepProb = keepProb,
        };
        await NumPyReference.TrainAllThree(TestData.BuiltIn("circles"), o,
            new TrainOptions { LearningRate = 0.3, Iterations = 100, PrintEvery = 10 });
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

    /// <summary>
    /// The peer's own check: the same start with each activation gives four different gradients, so a peer that
    /// ignored its activation field could not pass the agreement tests above by agreeing with a model that ignores it too.
    /// </summary>
    [Fact]
    public async Task The_peer_computes_each_activation_differently()
    {
        var split = TestData.BuiltIn("circles");
        var runner = new PeerRunner();
        var gradients = new List<double[]>();
        foreach (var a in Enum.GetValues<Activation>())
        {
            var request = PeerRequest.FromSplit(split, Layers(3), 0.1, 1) with
            {
                Activation = a, Init = PeerInit.Xavier, ReturnInitialGradients = true,
            };
            var outcome = await runner.RunAsync(PeerKind.NumPy, request, TestContext.Current.CancellationToken);
            Assert.SkipUnless(outcome.Completed, $"NumPy peer unavailable ({outcome.Status.SkipReason})");
            Assert.Equal(ParameterSet.NamesFor(3).Order(), outcome.Result.InitialGradients!.Keys.Order());
            gradients.Add(ParameterSet.NamesFor(3).SelectMany(n => outcome.Result.InitialGradients![n].Cast<double>()).ToArray());
        }
        for (int i = 0; i < gradients.Count; i++)
            for (int j = i + 1; j < gradients.Count; j++)
                Assert.False(gradients[i].SequenceEqual(gradients[j]), $"activations {i} and {j} give the same gradients");
    }
}
