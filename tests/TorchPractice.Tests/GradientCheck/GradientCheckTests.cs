using System.Text.Json;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Tests.Models;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

public sealed class GradientCheckTests
{
    static readonly string[] AllTensors = ["W1", "b1", "W2", "b2", "W3", "b3"];

    /// <summary>A small seeded model and problem; frozen masks drawn once when keep_prob &lt; 1.</summary>
    static (ModelOptions O, ParameterSet P, Tensor X, Tensor Y, Tensor[]? Masks) Setup(double lambd, double keepProb, int[]? layers = null, int m = 32,
        Activation activation = Activation.Relu)
    {
        var o = new ModelOptions { Layers = layers ?? [4, 6, 5, 1], Init = Init.He, Lambd = lambd, KeepProb = keepProb, Activation = activation };
        var p = Initialization.Create(o, TestData.Rng(3), CPU);
        // Biases away from zero, so every tensor's gradient is exercised (He starts them at 0).
        foreach (var n in p.Names.Where(n => n[0] == 'b')) p[n].add_(0.1);
        var (x, y) = TestData.Problem(o.Layers[0], m, seed: 5);
        Tensor[]? masks = o.UsesDropout
            ? new RandomMasks(TestData.Rng(11), keepProb, false).NextPass(o.HiddenSizes, m, CPU, float64)
            : null;
        return (o, p, x, y, masks);
    }

    static (Tensor X, Tensor Y, ParameterSet P) CourseFromFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "gradcheck", "course_case.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var values = doc.RootElement.GetProperty("tensors").EnumerateArray()
            .SelectMany(t => t.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())).ToArray();
        var y = doc.RootElement.GetProperty("Y").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal([1.0, 1.0, 0.0], y);
        return CourseCase.Create(new RecordedNormals(values), CPU);
    }

    [Fact]
    public void Parameter_vector_round_trip_is_exact_and_keeps_names_and_positions()
    {
        var (o, p, _, _, _) = Setup(0, 1, layers: [3, 4, 2, 1]);
        using (p)
        {
            var v = ParameterVector.From(p);
            Assert.Equal(3 * 4 + 4 + 4 * 2 + 2 + 2 + 1, v.Count);
            Assert.Equal(AllTensors, v.Segments.Select(s => s.Name));
            // W2 starts after W1 (12) and b1 (4); its entry (1, 3) is row-major index 1·4 + 3 = 7.
            var e = v.Entries[16 + 7];
            Assert.Equal(new ParameterEntry("W2", 7, 1, 3), e);
            Assert.Equal(p.ToArray("W2")[7], v.Values[16 + 7]);
            using var back = v.ToParameters(CPU, float64);
            foreach (var n in p.Names)
            {
                Assert.Equal(p[n].shape, back[n].shape);
                Assert.True(p[n].equal(back[n]).all().item<bool>(), n);
            }
            Assert.Equal(v.Values, ParameterVector.From(back).Values);
        }
    }

    [Fact]
    public void One_dimensional_check_passes_for_J_theta_x()
    {
        var r = GradientChecker.OneDimensional(x: 2, theta: 4);
        Assert.Equal(2.0, r.Gradient);
        Assert.Equal(2.0, r.Numeric, 1e-8);
        Assert.True(r.Passed);
        Assert.True(r.Difference < 1e-8, $"difference {r.Difference:E3}");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.7, 1.0)]
    [InlineData(0.0, 0.8)]
    [InlineData(0.7, 0.8)]
    public void Correct_gradients_pass_all_three_comparisons(double lambd, double keepProb)
    {
        var (o, p, x, y, masks) = Setup(lambd, keepProb);
        using (p)
        {
            var r = GradientChecker.Check(o, p, x, y, masks, BackwardBug.None, new GradientCheckOptions());
            foreach (var c in r.Comparisons)
            {
                Assert.True(c.Passed, $"{c.Name}: {c.Difference:E3}");
                Assert.Equal(AllTensors, c.Tensors.Select(t => t.Name));
                Assert.Empty(c.FailingTensors);
            }
            Assert.True(r.ScratchVsAutograd.Difference < 1e-12, $"scratch vs autograd {r.ScratchVsAutograd.Difference:E3}");
            Assert.Equal(keepProb < 1 ? "frozen" : "none", r.DropoutMasks);
            Assert.Equal(keepProb < 1, r.Notes.Any(n => n.Contains("frozen")));
        }
    }

    [Theory]
    [InlineData(BackwardBug.Course, 0.0, 1.0, new[] { "b1", "W2" })]
    [InlineData(BackwardBug.ReluDerivative, 0.0, 1.0, new[] { "W1", "b1" })]
    [InlineData(BackwardBug.DropoutRescale, 0.0, 0.8, new[] { "W1", "b1" })]
    [InlineData(BackwardBug.L2Forgotten, 0.7, 1.0, new[] { "W1", "W2", "W3" })]
    public void Each_planted_bug_fails_and_is_localised_to_exactly_its_tensors(BackwardBug bug, double lambd, double keepProb, string[] wrong)
    {
        // Wide enough that some layer-1 units are inactive (the ReLU-derivative bug needs Z1 < 0 somewhere).
        var (o, p, x, y, masks) = Setup(lambd, keepProb, layers: [4, 8, 5, 1]);
        using (p)
        {
            var r = GradientChecker.Check(o, p, x, y, masks, bug, new GradientCheckOptions());
            Assert.False(r.Passed);
            foreach (var c in new[] { r.ScratchVsNumeric, r.ScratchVsAutograd })
            {
                Assert.False(c.Passed, c.Name);
                Assert.Equal(wrong.Order(), c.FailingTensors.Order());
                Assert.Contains(c.Worst[0].Name, wrong);
            }
            Assert.True(r.AutogradVsNumeric.Passed, $"autograd vs numeric {r.AutogradVsNumeric.Difference:E3}");
        }
    }

    [Theory]
    [InlineData(new[] { 4, 6, 1 }, Activation.Relu, new[] { "W1", "b1" })]
    [InlineData(new[] { 4, 8, 5, 1 }, Activation.Relu, new[] { "W1", "b1", "W2", "b2" })]
    [InlineData(new[] { 4, 6, 5, 4, 5, 1 }, Activation.Relu, new[] { "W1", "b1", "W2", "b2", "W3", "b3" })]
    [InlineData(new[] { 4, 6, 5, 4, 5, 3, 1 }, Activation.Tanh, new[] { "W1", "b1", "W2", "b2", "W3", "b3" })]
    public void A_derivative_dropped_at_a_middle_layer_is_named_at_that_layer_and_every_layer_before_it(int[] layers, Activation g, string[] wrong)
    {
        var (o, p, x, y, masks) = Setup(0, 1, layers: layers, activation: g);
        using (p)
        {
            var r = GradientChecker.Check(o, p, x, y, masks, BackwardBug.DerivativeDropped, new GradientCheckOptions());
            foreach (var c in new[] { r.ScratchVsNumeric, r.ScratchVsAutograd })
            {
                Assert.False(c.Passed, c.Name);
                Assert.Equal(wrong.Order(), c.FailingTensors.Order());
            }
            Assert.True(r.AutogradVsNumeric.Passed, $"autograd vs numeric {r.AutogradVsNumeric.Difference:E3}");
            Assert.Equal(wrong.Order(), PlantedBugs.AffectedTensors(BackwardBug.DerivativeDropped, o.LayerCount).Order());
        }
    }

    [Fact]
    public void A_bug_that_needs_a_hidden_layer_dropout_or_L2_is_refused_where_it_cannot_be_planted()
    {
        var (o, p, x, y, _) = Setup(0, 1, layers: [4, 1]);
        using (p)
        {
            foreach (var bug in new[] { BackwardBug.Course, BackwardBug.ReluDerivative, BackwardBug.DerivativeDropped, BackwardBug.DropoutRescale, BackwardBug.L2Forgotten })
            {
                var e = Assert.Throws<ArgumentException>(() => GradientChecker.Check(o, p, x, y, null, bug, new GradientCheckOptions()));
                Assert.Contains(bug.ToString(), e.Message);
            }
        }
    }

    [Fact]
    public void Course_case_drawn_from_our_numpy_stream_equals_numpys_recorded_values()
    {
        var (x, y, p) = CourseFromFixture();
        using (p)
        {
            var fromFixture = x.data<double>().ToArray().Concat(p.Names.SelectMany(p.ToArray)).ToArray();
            var (nx, _, np) = CourseCase.Create(CPU);
            using (np)
                Assert.Equal(nx.data<double>().ToArray().Concat(np.Names.SelectMany(np.ToArray)), fromFixture); // bit-exact: our NumPy stream
            Assert.Equal(47, p.Count);
            Assert.Equal(1.6243453636632417, x[0, 0].item<double>()); // np.random.seed(1); randn() → 1.6243453636632417
        }
    }

    [Fact]
    public void Course_case_correct_backward_passes_and_the_course_bug_gives_about_0_285()
    {
        var (x, y, p) = CourseFromFixture();
        using (p)
        {
            var good = GradientChecker.Check(CourseCase.Options, p, x, y, null, BackwardBug.None, new GradientCheckOptions());
            Assert.True(good.Passed);
            Assert.True(good.ScratchVsNumeric.Difference < 2e-7, $"{good.ScratchVsNumeric.Difference:R}");
            Assert.Empty(good.ScratchVsNumeric.FailingTensors);
            var bad = GradientChecker.Check(CourseCase.Options, p, x, y, null, BackwardBug.Course, new GradientCheckOptions());
            double d = bad.ScratchVsNumeric.Difference;
            TestContext.Current.TestOutputHelper?.WriteLine($"course bug difference = {d:R} (course prints 0.2850931567761623)");
            Assert.InRange(d, 0.28, 0.29);
            Assert.False(bad.ScratchVsNumeric.Passed);
            Assert.Equal(["b1", "W2"], bad.ScratchVsNumeric.FailingTensors); // vector order
            // dW2 doubled: own difference |2g − g| / (|2g| + |g|) = 1/3; db1 ×4: 3/5.
            Assert.Equal(1.0 / 3, bad.ScratchVsNumeric.Tensors.Single(t => t.Name == "W2").Difference, 1e-6);
            Assert.Equal(3.0 / 5, bad.ScratchVsNumeric.Tensors.Single(t => t.Name == "b1").Difference, 1e-6);
            // The shares' root-sum-square is the overall difference.
            Assert.Equal(d, Math.Sqrt(bad.ScratchVsNumeric.Tensors.Sum(t => t.Share * t.Share)), 1e-12);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, false)]
    [InlineData(0.7, 0.8, false)]
    [InlineData(0.0, 1.0, true)]
    public void Batched_numeric_gradient_equals_the_naive_loop(double lambd, double keepProb, bool courseCost)
    {
        var (o, p, x, y, masks) = Setup(lambd, keepProb, layers: [5, 7, 4, 1], m: 19);
        o = o with { CourseCost = courseCost };
        using (p)
        {
            var v = ParameterVector.From(p);
            var coords = Enumerable.Range(0, v.Count).ToArray();
            var naive = GradientChecker.NumericNaive(o, v, x, y, masks, 1e-7, coords, CPU);
            // A small budget forces several chunks per tensor.
            var batched = GradientChecker.NumericBatched(o, p, v, x, y, masks, 1e-7, coords, chunkElementBudget: 2000);
            double rel = GradientChecker.Difference(naive, batched);
            TestContext.Current.TestOutputHelper?.WriteLine($"batched vs naive: difference {rel:E3}, bit-identical entries {naive.Zip(batched).Count(t => t.First == t.Second)}/{v.Count}");
            Assert.True(rel <= 1e-12, $"difference {rel:E3}");
        }
    }

    [Fact]
    public void Batched_numeric_gradient_equals_the_naive_loop_on_the_course_case()
    {
        var (x, y, p) = CourseFromFixture();
        using (p)
        {
            var v = ParameterVector.From(p);
            var coords = Enumerable.Range(0, v.Count).ToArray();
            var naive = GradientChecker.NumericNaive(CourseCase.Options, v, x, y, null, 1e-7, coords, CPU);
            var batched = GradientChecker.NumericBatched(CourseCase.Options, p, v, x, y, null, 1e-7, coords, chunkElementBudget: 1L << 20);
            Assert.True(GradientChecker.Difference(naive, batched) <= 1e-12, $"difference {GradientChecker.Difference(naive, batched):E3}");
        }
    }

    [Fact]
    public void Subset_mode_checks_and_reports_only_the_sampled_coordinates()
    {
        var (o, p, x, y, _) = Setup(0, 1);
        using (p)
        {
            var opt = new GradientCheckOptions { Subset = 10, SubsetSeed = 4 };
            var r = GradientChecker.Check(o, p, x, y, null, BackwardBug.None, opt);
            Assert.True(r.Subset);
            Assert.Equal(4, r.SubsetSeed);
            Assert.Equal(10, r.CheckedCount);
            Assert.Equal(10, r.ScratchVsNumeric.Checked);
            Assert.Equal(10, r.ScratchVsNumeric.Tensors.Sum(t => t.Checked));
            Assert.Equal(r.ParameterCount, r.ScratchVsAutograd.Checked);
            Assert.Contains(r.Notes, n => n.Contains("subset of 10"));
            Assert.Equal(GradientChecker.Sample(r.ParameterCount, 10, 4), GradientChecker.Sample(r.ParameterCount, 10, 4));
            Assert.Equal(10, GradientChecker.Sample(r.ParameterCount, 10, 4).Distinct().Count());
            Assert.True(r.Passed);
        }
    }

    [Fact]
    public void Dropout_without_frozen_masks_is_refused()
    {
        var (o, p, x, y, _) = Setup(0, 0.8);
        using (p)
        {
            var e = Assert.Throws<ArgumentException>(() => GradientChecker.Check(o, p, x, y, null, BackwardBug.None, new GradientCheckOptions()));
            Assert.Contains("frozen masks", e.Message);
        }
    }

    /// <summary>He weights, zero biases (as before training, or trained biases that stayed 0), and one sample at the origin.</summary>
    static (ModelOptions O, ParameterSet P, Tensor X, Tensor Y) KinkCase()
    {
        var o = new ModelOptions { Layers = [3, 6, 4, 1], Init = Init.He };
        var p = Initialization.Create(o, TestData.Rng(3), CPU);
        var (x, y) = TestData.Problem(3, 20, seed: 5);
        x[.., 7] = zeros(3, dtype: float64); // Z1[:, 7] = W1·0 + 0 = 0: on ReLU's kink, and so is Z2[:, 7] = b2 = 0
        return (o, p, x, y);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Kinks_at_trained_parameters_are_listed_and_not_called_wrong(bool naive)
    {
        var (o, p, x, y) = KinkCase();
        using (p)
        {
            var r = GradientChecker.Check(o, p, x, y, null, BackwardBug.None, new GradientCheckOptions { Naive = naive });
            Assert.True(r.Passed, string.Join("; ", r.Comparisons.Select(c => $"{c.Name} {c.Difference:E3} wrong {string.Join(",", c.FailingTensors)}")));
            Assert.Empty(r.ScratchVsNumeric.FailingTensors);
            // Every b1 and b2 entry sits on a kink (one-sided slopes: the sample's unit off, or on).
            var kinks = r.NonDifferentiable.Select(k => (k.Name, k.Index)).ToHashSet();
            Assert.Contains(("b2", 0), kinks);
            Assert.Contains(("b1", 0), kinks);
            Assert.DoesNotContain(r.NonDifferentiable, k => k.Name.StartsWith('W'));
            Assert.All(r.NonDifferentiable, k => Assert.NotEqual(k.Left, k.Right));
            Assert.Contains(r.Notes, n => n.Contains("kink"));

            // Without leaving the kinks out, the central differences (the mean of the two slopes) would name b1 and b2 wrong.
            var v = ParameterVector.From(p);
            var all = Enumerable.Range(0, v.Count).ToArray();
            using var scratch = new ScratchModel(o, p);
            using var g = scratch.Gradients(x, y, null);
            var numeric = GradientChecker.NumericBatched(o, p, v, x, y, null, 1e-7, all, 1L << 24);
            var unexcluded = GradientChecker.Compare("scratch vs numeric", "scratch", "numeric", v, v.Flatten(g), numeric, all, new GradientCheckOptions());
            Assert.False(unexcluded.Passed);
            Assert.Contains("b2", unexcluded.FailingTensors);
        }
    }

    [Fact]
    public void A_planted_bug_is_still_found_beside_kinks()
    {
        var (o, p, x, y) = KinkCase();
        using (p)
        {
            var r = GradientChecker.Check(o, p, x, y, null, BackwardBug.Course, new GradientCheckOptions());
            Assert.False(r.Passed);
            Assert.Contains("W2", r.ScratchVsNumeric.FailingTensors);
            Assert.NotEmpty(r.NonDifferentiable);
        }
    }

    /// <summary>The scratch model's J as a function of a ParameterSet, with its operations (so GradCheck.Cost can take it).</summary>
    static Tensor ScratchCost(ModelOptions o, ParameterSet q, Tensor x, Tensor y, Tensor[]? masks)
    {
        using TorchSharp.Scalar keepProb = o.KeepProb;
        var a = x;
        for (int l = 1; l <= 3; l++)
        {
            var z = q[ParameterSet.W(l)].mm(a).add(q[ParameterSet.B(l)], TorchPractice.Runtime.HeldScalars.One);
            if (l == 3)
            {
                var ce = o.CourseCost ? Cost.Course(z.sigmoid(), y) : Cost.Stable(z, y);
                return o.Lambd > 0 ? ce.add(Cost.L2([q["W1"], q["W2"], q["W3"]], o.Lambd, y.shape[1]), TorchPractice.Runtime.HeldScalars.One) : ce;
            }
            a = z.relu();
            if (masks is not null) a = a.mul(masks[l - 1]).div(keepProb);
        }
        throw new InvalidOperationException("unreachable");
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.7, 0.8)]
    public void Built_in_batched_numeric_gradient_equals_the_generic_naive_path(double lambd, double keepProb)
    {
        var (o, p, x, y, masks) = Setup(lambd, keepProb, layers: [5, 7, 4, 1], m: 19);
        using (p)
        {
            var v = ParameterVector.From(p);
            var coords = Enumerable.Range(0, v.Count).ToArray();
            var batched = GradientChecker.NumericBatched(o, p, v, x, y, masks, 1e-7, coords, chunkElementBudget: 2000);
            var generic = TorchPractice.GradientCheck.GradCheck.Cost(q => ScratchCost(o, q, x, y, masks), p);
            Assert.True(generic.Passed, generic.ToString());
            var numeric = generic.Gradients["numeric"];
            double rel = GradientChecker.Difference(numeric, batched);
            TestContext.Current.TestOutputHelper?.WriteLine($"generic naive vs batched: difference {rel:E3}, bit-identical entries {numeric.Zip(batched).Count(t => t.First == t.Second)}/{v.Count}");
            Assert.True(rel <= 1e-12, $"difference {rel:E3}");
            // And the generic autograd gradient is the built-in autograd model's.
            var r = GradientChecker.Check(o, p, x, y, masks, BackwardBug.None, new GradientCheckOptions());
            Assert.True(r.Passed);
        }
    }
}
