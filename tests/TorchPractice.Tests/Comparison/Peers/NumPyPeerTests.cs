using TorchPractice.Comparison.Peers;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;

namespace TorchPractice.Tests.Comparison.Peers;

public sealed class NumPyPeerTests
{
    static double[] CostValues(PeerResult r) => r.Costs.Select(c => c.Cost).ToArray();

    [Fact]
    public async Task Training_lowers_the_cost_at_every_recorded_iteration_and_learns_the_problem()
    {
        await RequireNumPy();
        var result = await Run(PeerKind.NumPy, Tiny());
        Assert.Equal([0, 50, 100, 150, 200, 250, 299], result.Costs.Select(c => c.Iteration));
        var costs = CostValues(result);
        for (int k = 1; k < costs.Length; k++)
            Assert.True(costs[k] < costs[k - 1], $"cost rose at {result.Costs[k].Iteration}: {costs[k - 1]} -> {costs[k]}");
        Assert.True(result.TrainAccuracy >= 0.9, $"train accuracy {result.TrainAccuracy}");
        Assert.NotNull(result.TestAccuracy);
        Assert.Single(result.Seconds);
        Assert.True(result.Seconds[0] > 0 && result.SecondsPerIteration > 0);
        Assert.True(result.PeakRssBytes > 1 << 20);
        Assert.Contains("numpy", result.Versions.Keys);
        Assert.False(string.IsNullOrWhiteSpace(result.BlasSummary));
    }

    /// <summary>
    /// Zeros: every hidden activation is 0, so W1..W3, b1, b2 never move and only b3 learns, by
    /// b3 &lt;- b3 - lr (sigmoid(b3) - mean(Y)). The whole run can be computed by hand.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Zeros_initialization_follows_the_hand_computed_run(bool courseCost)
    {
        await RequireNumPy();
        var y = new double[] { 1, 0, 0, 1, 0, 0, 1, 0 };
        var request = Tiny() with
        {
            TrainX = Matrix(2, 8, (r, i) => r + i * 0.25),
            TrainY = Matrix(1, 8, (_, i) => y[i]),
            TestX = null, TestY = null,
            Init = PeerInit.Zeros, LearningRate = 0.5, Iterations = 40, PrintEvery = 10,
            CourseCost = courseCost, ReturnFinalParameters = true,
        };
        var result = await Run(PeerKind.NumPy, request);

        Assert.Equal(Math.Log(2), result.Costs[0].Cost, 1e-15);
        double b3 = 0, mean = y.Average();
        var expected = new List<(int, double)>();
        for (int i = 0; i < 40; i++)
        {
            if (i % 10 == 0 || i == 39)
                expected.Add((i, y.Average(yi => Math.Max(b3, 0) - b3 * yi + Math.Log(1 + Math.Exp(-Math.Abs(b3))))));
            b3 -= 0.5 * (1 / (1 + Math.Exp(-b3)) - mean);
        }
        Assert.Equal(expected.Select(e => e.Item1), result.Costs.Select(c => c.Iteration));
        foreach (var ((_, cost), actual) in expected.Zip(result.Costs))
            Assert.Equal(cost, actual.Cost, 1e-12);

        var final = result.FinalParameters!;
        Assert.Equal(b3, final["b3"][0, 0], 1e-12);
        foreach (var name in new[] { "W1", "b1", "W2", "b2", "W3" })
            Assert.All(final[name].Cast<double>(), v => Assert.Equal(0.0, v));
        Assert.Equal(5.0 / 8, result.TrainAccuracy); // b3 < 0: every prediction 0, right for the five 0 labels
        Assert.Null(result.TestAccuracy);
    }

    [Fact]
    public async Task Course_dropout_draws_the_same_masks_every_iteration_and_plain_dropout_does_not()
    {
        await RequireNumPy();
        // Learning rate 0: the parameters never change, so the cost changes only when the masks do.
        var frozen = Tiny() with { KeepProb = 0.6, LearningRate = 0, Iterations = 6, PrintEvery = 1 };
        var course = CostValues(await Run(PeerKind.NumPy, frozen with { CourseDropout = true }));
        var plain = CostValues(await Run(PeerKind.NumPy, frozen));
        Assert.All(course, c => Assert.Equal(course[0], c));
        Assert.True(plain.Distinct().Count() > 1, $"plain dropout costs all equal: {plain[0]}");
    }

    [Fact]
    public async Task Course_dropout_masks_do_not_depend_on_the_seed_and_plain_masks_continue_its_stream()
    {
        await RequireNumPy();
        var start = (await Run(PeerKind.NumPy, Tiny() with { LearningRate = 0, Iterations = 1, ReturnFinalParameters = true })).FinalParameters!;
        var request = Tiny() with { InitialParameters = start, KeepProb = 0.7, Iterations = 30, PrintEvery = 5 };
        var course3 = await Run(PeerKind.NumPy, request with { CourseDropout = true, Seed = 3 });
        var course4 = await Run(PeerKind.NumPy, request with { CourseDropout = true, Seed = 4 });
        var plain3 = await Run(PeerKind.NumPy, request with { Seed = 3 });
        var plain4 = await Run(PeerKind.NumPy, request with { Seed = 4 });
        Assert.Equal(CostValues(course3), CostValues(course4));
        Assert.NotEqual(CostValues(plain3), CostValues(plain4));
    }

    [Fact]
    public async Task Initial_parameters_replace_the_drawn_ones_and_leave_the_dropout_stream_as_it_was()
    {
        await RequireNumPy();
        var he = (await Run(PeerKind.NumPy, Tiny() with { LearningRate = 0, Iterations = 1, ReturnFinalParameters = true })).FinalParameters!;
        var request = Tiny() with { KeepProb = 0.8, Lambd = 0.3, Iterations = 60, PrintEvery = 10 };
        var drawn = await Run(PeerKind.NumPy, request);
        // LeCun draws the same randn values as He (scaled otherwise): only the loaded parameters can make the runs equal.
        var loaded = await Run(PeerKind.NumPy, request with { Init = PeerInit.Lecun, InitialParameters = he });
        var lecun = await Run(PeerKind.NumPy, request with { Init = PeerInit.Lecun });
        Assert.Equal(CostValues(drawn), CostValues(loaded));
        Assert.Equal(drawn.TrainAccuracy, loaded.TrainAccuracy);
        Assert.NotEqual(CostValues(drawn), CostValues(lecun));
    }

    [Fact]
    public async Task A_sweep_gives_what_the_separate_runs_give()
    {
        await RequireNumPy();
        var request = Tiny() with { Iterations = 100, PrintEvery = 20 };
        PeerSweepEntry[] entries = [new(0, 1), new(0.7, 1), new(0, 0.8), new(0.2, 0.9)];
        var sweep = await Run(PeerKind.NumPy, request with { Sweep = entries, Repeat = 2 });
        Assert.Equal(2, sweep.Seconds.Count);
        Assert.Empty(sweep.Costs);
        Assert.Equal(entries.Length, sweep.Sweep.Count);
        foreach (var (entry, run) in entries.Zip(sweep.Sweep))
        {
            var alone = await Run(PeerKind.NumPy, request with { Lambd = entry.Lambd, KeepProb = entry.KeepProb });
            Assert.Equal((entry.Lambd, entry.KeepProb), (run.Lambd, run.KeepProb));
            Assert.Equal(CostValues(alone), run.Costs.Select(c => c.Cost));
            Assert.Equal(alone.TrainAccuracy, run.TrainAccuracy);
            Assert.Equal(alone.TestAccuracy, run.TestAccuracy);
        }
    }

    [Fact]
    public async Task The_requested_environment_reaches_the_peer_and_its_report()
    {
        await RequireNumPy();
        var result = await Run(PeerKind.NumPy, Tiny() with
        {
            Iterations = 2, Repeat = 3, Environment = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1" },
        });
        Assert.Equal("1", result.Threads["OPENBLAS_NUM_THREADS"]);
        Assert.Equal(3, result.Seconds.Count);
        var median = result.Seconds.Order().ElementAt(1);
        Assert.Equal(median / 2, result.SecondsPerIteration, 1e-15);
    }

    [Fact]
    public async Task The_course_cost_can_be_infinite_and_arrives_as_infinity()
    {
        await RequireNumPy();
        // Weights of scale 1000 saturate the sigmoid: log(0) for some sample, as in the course's "random" init run.
        var request = Tiny() with { Init = PeerInit.Random, InitScale = 1000, Iterations = 1 };
        var course = await Run(PeerKind.NumPy, request with { CourseCost = true });
        var stable = await Run(PeerKind.NumPy, request);
        Assert.Equal(double.PositiveInfinity, course.Costs[0].Cost);
        Assert.True(double.IsFinite(stable.Costs[0].Cost) && stable.Costs[0].Cost > 10);
    }

    [Fact]
    public async Task A_script_error_reaches_the_caller_with_the_scripts_message()
    {
        await RequireNumPy();
        var request = Tiny() with
        {
            InitialParameters = new Dictionary<string, double[,]>
            {
                ["W1"] = new double[2, 5], ["b1"] = new double[5, 1], ["W2"] = new double[3, 5],
                ["b2"] = new double[3, 1], ["W3"] = new double[1, 3], ["b3"] = new double[1, 1],
            },
        };
        var e = await Assert.ThrowsAsync<PeerRunException>(() => Runner.RunAsync(PeerKind.NumPy, request, TestContext.Current.CancellationToken));
        Assert.Contains("numpy_model.py failed (exit 2): numpy_model.py: initial_params: W1 must be float64 (5, 2)", e.Message);
        Assert.Contains("(got float64 (2, 5))", e.StandardError);
    }

    /// <summary>
    /// save_grads: the gradients of the first iteration, at the start. One iteration moves every parameter by exactly
    /// −lr·gradient (the same floating-point operation the update does), at any depth; a deep net returns 2L tensors.
    /// </summary>
    [Theory]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 2, 5, 4, 3, 6, 1 })]
    public async Task The_start_gradients_are_the_first_updates_direction(int[] layers)
    {
        await RequireNumPy();
        var request = Tiny(layers: layers) with { Init = PeerInit.Xavier, LearningRate = 0.5, ReturnFinalParameters = true };
        var start = (await Run(PeerKind.NumPy, request with { LearningRate = 0, Iterations = 1 })).FinalParameters!;
        var one = await Run(PeerKind.NumPy, request with
        {
            Activation = TorchPractice.Models.Activation.Tanh, Lambd = 0.4, KeepProb = 0.7, Iterations = 1, ReturnInitialGradients = true,
        });
        var names = Enumerable.Range(1, layers.Length - 1).SelectMany(l => new[] { $"W{l}", $"b{l}" }).Order().ToArray();
        Assert.Equal(names, one.InitialGradients!.Keys.Order());
        Assert.Equal(names, one.FinalParameters!.Keys.Order());
        foreach (var name in names)
        {
            var (s, g, f) = (start[name].Cast<double>().ToArray(), one.InitialGradients[name].Cast<double>().ToArray(),
                one.FinalParameters[name].Cast<double>().ToArray());
            Assert.Equal((start[name].GetLength(0), start[name].GetLength(1)), (one.InitialGradients[name].GetLength(0), one.InitialGradients[name].GetLength(1)));
            Assert.Contains(g, v => v != 0);
            Assert.Equal(s.Zip(g, (si, gi) => si - 0.5 * gi), f);
        }
    }

    /// <summary>The same start with each activation gives four different gradients: the peer honours its activation field
    /// (so it cannot agree with a model that ignores it).</summary>
    [Fact]
    public async Task Each_activation_gives_its_own_gradients()
    {
        await RequireNumPy();
        var gradients = new List<double[]>();
        foreach (var a in Enum.GetValues<TorchPractice.Models.Activation>())
        {
            var result = await Run(PeerKind.NumPy, Tiny() with { Activation = a, Init = PeerInit.Xavier, Iterations = 1, ReturnInitialGradients = true });
            gradients.Add(result.InitialGradients!.OrderBy(g => g.Key).SelectMany(g => g.Value.Cast<double>()).ToArray());
        }
        for (int i = 0; i < gradients.Count; i++)
            for (int j = i + 1; j < gradients.Count; j++)
                Assert.False(gradients[i].SequenceEqual(gradients[j]), $"activations {(TorchPractice.Models.Activation)i} and {(TorchPractice.Models.Activation)j} give the same gradients");
    }
}
