using System.Text.Json;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Tests.Models;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// The built-in model's check (<see cref="GradCheck.Model"/>): the one core (<see cref="GradCheck.Cost"/>) with the scratch
/// cost, its backward pass (or a planted bug's) and autograd; batched perturbations equal to one at a time, bit for bit.
/// </summary>
public sealed class GradientCheckTests
{
    static readonly string[] AllTensors = ["W1", "b1", "W2", "b2", "W3", "b3"];

    /// <summary>A small seeded model and problem; frozen masks drawn once when keep_prob &lt; 1.</summary>
    static (ModelOptions O, ParameterSet P, Tensor X, Tensor Y, Tensor[]? Masks) Setup(double lambd, double keepProb, int[]? layers = null, int m = 32,
        Activation activation = Activation.Relu)
    {
        var o = new ModelOptions { Layers = layers ?? [4, 6, 5, 1], Init = Init.He, Lambd = lambd, KeepProb = keepProb, Activation = activation };
        var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
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
    public void One_dimensional_check_gives_the_courses_difference()
    {
        var r = CourseCase.OneDimensional(x: 2, theta: 4);
        Assert.Equal(2.0, r.Gradient);
        Assert.Equal(2.0, r.Numeric, 1e-8);
        Assert.True(r.Passed);
        Assert.Equal(2.919335883291695e-10, r.Difference, 1e-20); // the course's notebook prints difference = 2.919335883291695e-10
    }

    static GradCheckResult Check(ModelOptions o, ParameterSet p, Tensor x, Tensor y, Tensor[]? masks, PlantedBug? bug = null, GradCheckOptions? options = null,
        bool batched = true) => GradCheck.Model(o, p, x, y, masks, bug, options, batched);

    static GradientComparison Comparison(GradCheckResult r, string analytic, string reference) =>
        r.Comparison(analytic, reference) ?? throw new Xunit.Sdk.XunitException($"no comparison {analytic} vs {reference}");

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
            var r = Check(o, p, x, y, masks);
            Assert.Equal(["scratch vs numeric", "scratch vs autograd", "autograd vs numeric"], r.Comparisons.Select(c => c.Name));
            foreach (var c in r.Comparisons)
            {
                Assert.True(c.Passed, $"{c.Name}: {c.Difference:E3}");
                Assert.Equal(AllTensors, c.Tensors.Select(t => t.Name));
                Assert.Empty(c.FailingTensors);
            }
            Assert.True(Comparison(r, "scratch", "autograd").Difference < 1e-12, $"scratch vs autograd {Comparison(r, "scratch", "autograd").Difference:E3}");
            Assert.Equal(keepProb < 1, r.Notes.Any(n => n.Contains("frozen")));
            Assert.Equal(lambd > 0, r.Notes.Any(n => n.Contains("L2 term")));
        }
    }

    /// <summary>Each catalogue bug in the first configuration it can be planted in (dropout for dropout-rescale, L2 for l2-forgotten).</summary>
    public static TheoryData<string> Bugs() => new(PlantedBugs.All.Select(b => b.Name));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Each_planted_bug_fails_and_is_localised_to_exactly_its_tensors(string name)
    {
        var bug = PlantedBugs.Find(name)!;
        var (lambd, keepProb) = bug == PlantedBugs.L2Forgotten ? (0.7, 1.0) : bug == PlantedBugs.DropoutRescale ? (0.0, 0.8) : (0.0, 1.0);
        var (o, p, x, y, masks) = Setup(lambd, keepProb, layers: [4, 8, 5, 1]);
        using (p)
        {
            var staged = bug.Stage(x, p);
            Assert.Equal(bug == PlantedBugs.ReluAtZero, staged is not null);
            var r = Check(o, p, x, y, masks, bug);
            var wrong = bug.AffectedTensors(o);
            Assert.False(r.Passed);
            Assert.Equal(wrong.Order(), r.Wrong.Order());
            Assert.True(Comparison(r, "autograd", "numeric").Passed, $"autograd vs numeric {Comparison(r, "autograd", "numeric").Difference:E3}");
            var hand = Comparison(r, "scratch", "autograd");
            Assert.Equal(wrong.Order(), hand.FailingTensors.Order());
            Assert.Contains(hand.Worst[0].Name, wrong);
            // The relu bug acts only where Z1 = 0 exactly: a kink of J, where the numeric side cannot judge (left out), so
            // only autograd names it; every other bug is named by the numeric side too.
            var numeric = Comparison(r, "scratch", "numeric");
            if (bug == PlantedBugs.ReluAtZero) Assert.True(numeric.Passed);
            else Assert.Equal(wrong.Order(), numeric.FailingTensors.Order());
        }
    }

    [Fact]
    public void The_relu_bug_reads_only_where_Z1_is_exactly_0()
    {
        var (o, p, x, y, _) = Setup(0, 1, layers: [4, 8, 5, 1]);
        using (p)
        {
            PlantedBugs.ReluAtZero.Stage(x, p);
            var r = Check(o, p, x, y, null, PlantedBugs.ReluAtZero);
            Assert.Equal(["W1", "b1"], r.Diagnoses.Select(d => d.Tensor));
            foreach (var d in r.Diagnoses)
            {
                Assert.Equal(DiagnosisKind.OnlyAtSpecialEntries, d.Kind);
                Assert.Contains("pre-activation Z1 is exactly 0", d.Message);
            }
            // Unit 0's entries sit on the kink (numeric: left out), and only they.
            Assert.Equal(4 + 1, r.NonDifferentiable.Count);
            Assert.All(r.NonDifferentiable, k => Assert.True(k.Name == "b1" ? k.Index == 0 : k.Row == 0, $"{k.Name}[{k.Index}]"));
        }
    }

    [Fact]
    public void A_bug_that_acts_nowhere_in_the_data_is_said_to_change_nothing()
    {
        var (o, p, x, y, _) = Setup(0, 1, layers: [4, 8, 5, 1]); // random biases: no Z1 is exactly 0
        using (p)
        {
            var r = Check(o, p, x, y, null, PlantedBugs.ReluAtZero);
            Assert.True(r.Passed);
            Assert.Contains(r.Notes, n => n.Contains("changes no gradient"));
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
            var r = Check(o, p, x, y, masks, PlantedBugs.DroppedDerivative);
            foreach (var c in new[] { Comparison(r, "scratch", "numeric"), Comparison(r, "scratch", "autograd") })
            {
                Assert.False(c.Passed, c.Name);
                Assert.Equal(wrong.Order(), c.FailingTensors.Order());
            }
            Assert.True(Comparison(r, "autograd", "numeric").Passed);
            Assert.Equal(wrong.Order(), PlantedBugs.DroppedDerivative.AffectedTensors(o).Order());
        }
    }

    [Fact]
    public void A_bug_is_refused_where_it_cannot_be_planted()
    {
        var (o, p, x, y, _) = Setup(0, 1, layers: [4, 1]);
        using (p)
        {
            foreach (var bug in PlantedBugs.All.Where(b => b != PlantedBugs.OneOverMMissing)) // 1/m can be missing in logistic regression too
            {
                var e = Assert.Throws<ArgumentException>(() => Check(o, p, x, y, null, bug));
                Assert.Contains(bug.Name, e.Message);
                Assert.Equal(bug.Unplantable(o), e.Message.Split(" (Parameter")[0]);
            }
        }
        var (l2, r, rx, ry, _) = Setup(0.7, 1);
        using (r) Assert.Contains("without L2", Assert.Throws<ArgumentException>(() => Check(l2, r, rx, ry, null, PlantedBugs.OneOverMMissing)).Message);
        var (t, q, tx, ty, _) = Setup(0, 1, activation: Activation.Tanh);
        using (q) Assert.Contains("needs ReLU", Assert.Throws<ArgumentException>(() => Check(t, q, tx, ty, null, PlantedBugs.ReluAtZero)).Message);
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
    public void Course_case_correct_backward_gives_the_courses_1_19e_7_and_the_course_bug_0_2851()
    {
        var (x, y, p) = CourseFromFixture();
        using (p)
        {
            var good = Comparison(Check(CourseCase.Options, p, x, y, null), "scratch", "numeric");
            // The course prints 1.1890913024229996e-07 (its NumPy sums round differently in the 4th digit) and 0.2850931567761623.
            Assert.InRange(good.Difference, 1.18e-7, 1.20e-7);
            Assert.True(good.Passed);
            var bad = Comparison(Check(CourseCase.Options, p, x, y, null, PlantedBugs.Course), "scratch", "numeric");
            Assert.Equal(0.2850931567761623, bad.Difference, 1e-9);
            Assert.False(bad.Passed);
            Assert.Equal(["b1", "W2"], bad.FailingTensors); // vector order
            // dW2 doubled: own difference |2g − g| / (|2g| + |g|) = 1/3; db1 ×4: 3/5.
            Assert.Equal(1.0 / 3, bad.Tensors.Single(t => t.Name == "W2").Difference, 1e-6);
            Assert.Equal(3.0 / 5, bad.Tensors.Single(t => t.Name == "b1").Difference, 1e-6);
            // The shares' root-sum-square is the overall difference.
            Assert.Equal(bad.Difference, Math.Sqrt(bad.Tensors.Sum(t => t.Share * t.Share)), 1e-12);
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, false, Activation.Relu)]
    [InlineData(0.7, 0.8, false, Activation.Relu)]
    [InlineData(0.7, 0.8, false, Activation.Tanh)]
    [InlineData(0.0, 1.0, true, Activation.Relu)]
    public void Batched_perturbations_equal_one_at_a_time_bit_for_bit(double lambd, double keepProb, bool courseCost, Activation g)
    {
        var (o, p, x, y, masks) = Setup(lambd, keepProb, layers: [5, 7, 4, 1], m: 19, activation: g);
        o = o with { CourseCost = courseCost };
        using (p)
        {
            var naive = Check(o, p, x, y, masks, batched: false).Gradients["numeric"];
            // A small budget forces several chunks per tensor.
            var batched = ModelCheck.Run(o, p, x, y, masks, null, new GradCheckOptions(), batched: true, chunkElementBudget: 2000).Gradients["numeric"];
            Assert.Equal(naive.Length, batched.Length);
            for (int i = 0; i < naive.Length; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(naive[i]) == BitConverter.DoubleToInt64Bits(batched[i]), $"entry {i}: naive {naive[i]:R}, batched {batched[i]:R}");
        }
    }

    [Fact]
    public void Batched_perturbations_equal_one_at_a_time_bit_for_bit_on_the_course_case()
    {
        var (x, y, p) = CourseFromFixture();
        using (p)
        {
            var naive = Check(CourseCase.Options, p, x, y, null, batched: false).Gradients["numeric"];
            var batched = Check(CourseCase.Options, p, x, y, null).Gradients["numeric"];
            Assert.Equal(naive.Select(BitConverter.DoubleToInt64Bits), batched.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Subset_mode_checks_and_reports_only_the_sampled_coordinates()
    {
        var (o, p, x, y, _) = Setup(0, 1);
        using (p)
        {
            var r = Check(o, p, x, y, null, options: new GradCheckOptions { Subset = 10, Seed = 4 });
            var numeric = Comparison(r, "scratch", "numeric");
            Assert.Equal(10, numeric.Checked);
            Assert.Equal(10, numeric.Tensors.Sum(t => t.Checked));
            Assert.Equal(10, r.Gradients["numeric"].Count(v => !double.IsNaN(v)));
            Assert.Equal(r.ParameterCount, Comparison(r, "scratch", "autograd").Checked);
            Assert.Contains(r.Notes, n => n.Contains("subset of 10"));
            var again = Check(o, p, x, y, null, options: new GradCheckOptions { Subset = 10, Seed = 4 });
            Assert.Equal(r.Gradients["numeric"].Select(double.IsNaN), again.Gradients["numeric"].Select(double.IsNaN)); // the same seed, the same coordinates
            Assert.True(r.Passed);
        }
    }

    [Fact]
    public void Dropout_without_frozen_masks_is_refused()
    {
        var (o, p, x, y, _) = Setup(0, 0.8);
        using (p)
        {
            var e = Assert.Throws<ArgumentException>(() => Check(o, p, x, y, null));
            Assert.Contains("frozen masks", e.Message);
        }
    }

    /// <summary>He weights, zero biases (as before training, or trained biases that stayed 0), and one sample at the origin.</summary>
    static (ModelOptions O, ParameterSet P, Tensor X, Tensor Y) KinkCase()
    {
        var o = new ModelOptions { Layers = [3, 6, 4, 1], Init = Init.He };
        var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
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
            var r = Check(o, p, x, y, null, batched: !naive);
            Assert.True(r.Passed, r.ToString());
            // Every b1 and b2 entry sits on a kink (one-sided slopes: the sample's unit off, or on).
            var kinks = r.NonDifferentiable.Select(k => (k.Name, k.Index)).ToHashSet();
            Assert.Contains(("b2", 0), kinks);
            Assert.Contains(("b1", 0), kinks);
            Assert.DoesNotContain(r.NonDifferentiable, k => k.Name.StartsWith('W'));
            Assert.All(r.NonDifferentiable, k => Assert.NotEqual(k.Left, k.Right));
            Assert.Contains(r.Notes, n => n.Contains("kink"));

            // Without leaving the kinks out, the central differences (the mean of the two slopes) would name b2 wrong.
            var all = Enumerable.Range(0, (int)r.ParameterCount).ToArray();
            var unexcluded = GradientComparer.Compare("scratch vs numeric", "scratch", "numeric", r.Layout!, r.Gradients["scratch"], r.Gradients["numeric"], all, 2e-7, 5);
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
            var r = Check(o, p, x, y, null, PlantedBugs.Course);
            Assert.False(r.Passed);
            Assert.Contains("W2", Comparison(r, "scratch", "numeric").FailingTensors);
            Assert.NotEmpty(r.NonDifferentiable);
        }
    }
}
