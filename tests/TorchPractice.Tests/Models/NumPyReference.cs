using TorchPractice.Comparison.Peers;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>
/// Trains the scratch model, the autograd model and the NumPy peer (comparison/peers/numpy_model.py, the course's
/// code written as its notebooks write it) from the same initial parameters and asserts that they agree.
/// </summary>
static class NumPyReference
{
    /// <summary>
    /// The three compute the same float64 formulas; they differ only in the order in which additions are done
    /// (OpenBLAS's dot products and NumPy's pairwise sums against libtorch's kernels), which moves a result by a few
    /// units in the last place, ~1e-16 relative. Gradient descent carries these differences along; in the short runs
    /// and most course runs it does not amplify them beyond ~1e-14 (measured), so 1e-12 leaves room for other BLAS
    /// builds, while a real difference (a factor, a transposition, L2 on a bias, another mask, scale or cost formula)
    /// moves the numbers at the size of what it changes, orders of magnitude above. The runs that cannot meet it say
    /// why where they are tested.
    /// </summary>
    public const double Tolerance = 1e-12;

    /// <summary>Relative bounds on the recorded costs and on the final parameters.</summary>
    public sealed record Bounds(double Costs, double Parameters)
    {
        public static readonly Bounds Tight = new(Tolerance, Tolerance);
        /// <summary>A chaotic run, whose numbers part after a few dozen iterations: only the predictions are compared.</summary>
        public static readonly Bounds PredictionsOnly = new(double.PositiveInfinity, double.PositiveInfinity);
    }

    static readonly PeerRunner Runner = new(new PeerRunnerOptions { Timeout = TimeSpan.FromMinutes(10) });

    /// <summary>Train and test accuracy of the agreeing models.</summary>
    public sealed record Accuracies(double Train, double Test);

    /// <summary>
    /// Trains all three from the weights that NumPy's stream seeded with <paramref name="seed"/> gives (the peer is
    /// handed the C# start, and draws the same weights itself first, so its dropout masks continue the same stream
    /// as the C# models' masks). Asserts scratch ≈ autograd, then each ≈ NumPy: the cost at every recorded iteration
    /// and every final parameter within <paramref name="bounds"/> (default <see cref="Bounds.Tight"/>; a cost relative
    /// to itself, a parameter relative to the largest entry of its tensor in the reference run; infinite course costs
    /// must be infinite in all three), and the same predictions (scratch and autograd: every one; NumPy: its
    /// accuracies). With <paramref name="startGradients"/> also ∂J/∂θ at the start, with the masks of the first pass
    /// (drawn next from the same stream, as <see cref="ModelFactory"/> draws them; the peer's first iteration draws the
    /// same): scratch ≈ autograd, then each ≈ NumPy, every tensor within <see cref="Tolerance"/> of its largest entry in
    /// the reference, and none of NumPy's all zeros (so that something is compared). Where NumPy cannot run here the
    /// C# part still runs, then the test is skipped with the reason.
    /// </summary>
    public static async Task<Accuracies> TrainAllThree(DataSplit split, ModelOptions o, TrainOptions t,
        Bounds? bounds = null, long seed = 3, bool startGradients = false)
    {
        bounds ??= Bounds.Tight;
        using var scope = NewDisposeScope();
        var (x, y) = split.Train.ToTensors(CPU, float64);
        var (xt, yt) = split.Test.ToTensors(CPU, float64);
        using var scratch = ModelFactory.Create(Implementation.Scratch, o, RandomSources.NumPy, seed, CPU);
        using var autograd = ModelFactory.Create(Implementation.Autograd, o, RandomSources.NumPy, seed, CPU);
        using var start = scratch.CopyParameters();

        // The peer trains in its own process (on the other core) while the C# models train here.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var request = Request(split, o, t, seed, start) with { ReturnInitialGradients = startGradients };
        var peer = Runner.RunAsync(PeerKind.NumPy, request, stop.Token);
        try
        {
            var report = new List<string>();
            using var gs = startGradients ? scratch.Gradients(x, y, FirstPassMasks(o, seed)) : null;
            using var ga = startGradients ? autograd.Gradients(x, y, FirstPassMasks(o, seed)) : null;
            if (gs is not null && ga is not null)
                report.Add(CompareTensors("start gradients, autograd vs scratch", Arrays(gs), Arrays(ga), Tolerance));

            var hs = Points(Trainer.Train(scratch, x, y, t).Costs);
            var ha = Points(Trainer.Train(autograd, x, y, t).Costs);
            using var ps = scratch.CopyParameters();
            using var pa = autograd.CopyParameters();
            report.Add(Compare("autograd vs scratch", hs, ha, Arrays(ps), Arrays(pa), bounds));
            Assert.True(scratch.Predict(x).equal(autograd.Predict(x)).all().item<bool>(), "scratch and autograd predict differently (train)");
            Assert.True(scratch.Predict(xt).equal(autograd.Predict(xt)).all().item<bool>(), "scratch and autograd predict differently (test)");
            var accuracy = new Accuracies(Metrics.Evaluate(scratch, x, y).Accuracy, Metrics.Evaluate(scratch, xt, yt).Accuracy);

            var outcome = await peer;
            Assert.SkipUnless(outcome.Completed, $"NumPy peer unavailable ({outcome.Status.SkipReason}); scratch and autograd agreed");
            var numpy = outcome.Result;
            var hn = numpy.Costs.Select(c => (c.Iteration, c.Cost)).ToArray();
            var pn = numpy.FinalParameters!.ToDictionary(p => p.Key, p => p.Value.Cast<double>().ToArray());
            report.Add(Compare("scratch vs NumPy", hn, hs, pn, Arrays(ps), bounds));
            report.Add(Compare("autograd vs NumPy", hn, ha, pn, Arrays(pa), bounds));
            if (gs is not null && ga is not null)
            {
                var gn = numpy.InitialGradients!.ToDictionary(g => g.Key, g => g.Value.Cast<double>().ToArray());
                foreach (var (name, g) in gn)
                    Assert.True(g.Any(v => v != 0), $"NumPy's d{name} at the start is all zeros: nothing to compare (choose another start)");
                report.Add(CompareTensors("start gradients, scratch vs NumPy", gn, Arrays(gs), Tolerance));
                report.Add(CompareTensors("start gradients, autograd vs NumPy", gn, Arrays(ga), Tolerance));
            }
            Assert.Equal(numpy.TrainAccuracy, accuracy.Train);
            Assert.Equal(numpy.TestAccuracy, accuracy.Test);
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join("; ", report));
            return accuracy;
        }
        finally
        {
            stop.Cancel(); // a failed assertion above must not leave the peer running
        }
    }

    /// <summary>The masks of a seeded run's first training pass: the stream after the weights' draws (null: no dropout).</summary>
    static RandomMasks? FirstPassMasks(ModelOptions o, long seed)
    {
        if (!o.UsesDropout) return null;
        var rng = RandomSources.Create(RandomSources.NumPy, seed, CPU);
        InitialParameters.Create(o, rng, CPU).Dispose();
        return new RandomMasks(rng, o.KeepProb, o.CourseDropout);
    }

    static PeerRequest Request(DataSplit split, ModelOptions o, TrainOptions t, long seed, ParameterSet start) =>
        PeerRequest.FromSplit(split, o.Layers, t.LearningRate, t.Iterations) with
        {
            Init = Enum.Parse<PeerInit>(o.Init.ToString()),
            Activation = o.Activation,
            InitScale = o.InitScale,
            Seed = checked((int)seed),
            Lambd = o.Lambd,
            KeepProb = o.KeepProb,
            CourseDropout = o.CourseDropout,
            CourseCost = o.CourseCost,
            PrintEvery = t.PrintEvery,
            InitialParameters = start.Names.ToDictionary(n => n, n => Matrix(start, n)),
            ReturnFinalParameters = true,
            // One BLAS thread: the C# models train on the other core meanwhile.
            Environment = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = "1", ["OMP_NUM_THREADS"] = "1" },
        };

    /// <summary>
    /// Asserts the agreement of <paramref name="actual"/> with <paramref name="expected"/> within the bounds and
    /// returns the largest relative differences found, for the test's output.
    /// </summary>
    static string Compare(string what, (int Iteration, double Cost)[] expectedCosts, (int Iteration, double Cost)[] actualCosts,
        Dictionary<string, double[]> expected, Dictionary<string, double[]> actual, Bounds bounds)
    {
        Assert.Equal(expectedCosts.Select(c => c.Iteration), actualCosts.Select(c => c.Iteration));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        if (bounds == Bounds.PredictionsOnly) return $"{what}: predictions only";

        double worstCost = 0;
        foreach (var ((i, e), (_, a)) in expectedCosts.Zip(actualCosts))
        {
            if (!double.IsFinite(e) || !double.IsFinite(a))
            {
                Assert.True(e.Equals(a), $"{what}, iteration {i}: cost {a:R}, expected {e:R}");
                continue;
            }
            double relative = e == a ? 0 : Math.Abs(e - a) / Math.Abs(e);
            worstCost = Math.Max(worstCost, relative);
            Assert.True(relative <= bounds.Costs, $"{what}, iteration {i}: cost {a:R}, expected {e:R} (relative difference {relative:E2} > {bounds.Costs:E0})");
        }

        return $"{what}: costs ≤ {worstCost:E1}, {CompareTensors("final", expected, actual, bounds.Parameters)}";
    }

    /// <summary>
    /// Asserts that every tensor of <paramref name="actual"/> is within <paramref name="bound"/> of
    /// <paramref name="expected"/>'s, relative to the reference tensor's largest entry; returns the largest found.
    /// </summary>
    static string CompareTensors(string what, Dictionary<string, double[]> expected, Dictionary<string, double[]> actual, double bound)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        double worst = 0;
        string worstName = "";
        foreach (var (name, e) in expected)
        {
            var a = actual[name];
            Assert.Equal(e.Length, a.Length);
            // A tensor that the reference keeps exactly 0 (zeros' weights; b3 too where the labels are balanced) has
            // no scale of its own: there the other values are held to the bound absolutely (the data's scale is 1).
            double scale = e.Max(Math.Abs) is > 0 and var largest ? largest : 1, diff = 0;
            for (int k = 0; k < e.Length; k++) diff = Math.Max(diff, Math.Abs(e[k] - a[k]));
            double relative = diff / scale;
            if (relative >= worst) (worst, worstName) = (relative, name);
            Assert.True(relative <= bound, $"{what}: {name} differs by {diff:E2}, {relative:E2} of its largest entry {scale:E2} (> {bound:E0})");
        }
        return $"{what}: tensors ≤ {worst:E1} relative ({worstName})";
    }

    static (int, double)[] Points(IReadOnlyList<CostPoint> costs) => costs.Select(c => (c.Iteration, c.Cost)).ToArray();

    static Dictionary<string, double[]> Arrays(ParameterSet p) => p.Names.ToDictionary(n => n, p.ToArray);

    static double[,] Matrix(ParameterSet p, string name)
    {
        var shape = p[name].shape;
        var flat = p.ToArray(name);
        var m = new double[shape[0], shape[1]];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
