using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Training;

namespace TorchPractice.Tests.Comparison.Studies;

/// <summary>
/// The depth study: its "trains" rule, conclusions that claim only what the table shows, `--studies depth`, and a tiny
/// end-to-end run writing the tables, results.json and the pictures.
/// </summary>
public sealed class DepthStudyTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-depth-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    const int Iterations = 100;

    static DepthRun Trained(double train, double test) =>
        new(new RunResult("scratch", train, test, 0.1, 1, Iterations, Iterations, []), null, DepthOutcome.Trains);
    static DepthRun Failed(double train, double test) =>
        new(new RunResult("scratch", train, test, 0.69, 1, Iterations, Iterations, []), null, DepthOutcome.DoesNotTrain);
    static DepthRun DivergedAt(int iteration) =>
        new(new RunResult("scratch", null, null, null, 1, Iterations, iteration + 1, []), new NonFiniteCost(iteration, double.NaN, false, iteration - 1), DepthOutcome.Diverged);

    static DepthCell Cell(string act, int depth, string init, DepthRun run, double? rowDifference = 0.5) =>
        new("circles", act, depth, init, run, run with { Run = run.Run with { Implementation = "autograd" } }, run.Diverged is null ? 1e-15 : null,
            run.Diverged is null ? rowDifference : null);

    static DepthStudyResult Result(params DepthCell[] cells) => new(
        new DepthSettings([new DepthDataset("circles", 300, 100, 2, 0.5)], ["relu", "tanh"], DepthStudy.Entries.Select(e => e.Name).ToArray(),
            cells.Select(c => c.Depth).Distinct().Order().ToArray(), 32, 0.05, Iterations, 3, 50, "circles", 3, "numpy", DepthStudy.TrainsRule),
        cells, [], [], [], []);

    [Theory]
    [InlineData(0.76, 0.5, DepthOutcome.Trains)]      // error 0.24 ≤ half of 0.5
    [InlineData(0.74, 0.5, DepthOutcome.DoesNotTrain)]
    [InlineData(0.975, 0.975, DepthOutcome.DoesNotTrain)] // fraud: always "legitimate" is not training
    [InlineData(0.99, 0.975, DepthOutcome.Trains)]
    public void Trains_means_at_most_half_the_majority_class_error(double train, double majority, DepthOutcome expected)
    {
        var run = new RunResult("scratch", train, 0.5, 0.3, 1, 10, 10, []);
        Assert.Equal(expected, DepthStudy.Outcome(run, null, majority));
        Assert.Equal(DepthOutcome.Diverged, DepthStudy.Outcome(run, new NonFiniteCost(3, double.NaN, false, 2), majority));
        Assert.Null(DepthStudy.Outcome(RunResult.Skip("autograd", 10, "not supported"), null, majority));
    }

    [Fact]
    public void He_is_said_to_work_with_relu_only_when_it_trains_at_every_depth()
    {
        var good = DepthConclusions.Draw(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Trained(0.97, 0.96)),
            Cell("relu", 50, "random ×10", DivergedAt(1))));
        var claim = Assert.Single(good, l => l.StartsWith("He initialization works well for networks with ReLU activations", StringComparison.Ordinal));
        Assert.Contains("L = 2, 50", claim);
        Assert.Contains("random ×10 (circles: diverged at iteration 1)", claim);
        Assert.DoesNotContain("best here", claim);

        // He trains at L = 2 only, and LeCun as often: nothing to claim, the measurements are said instead.
        var bad = DepthConclusions.Draw(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Failed(0.5, 0.5)),
            Cell("relu", 2, "lecun", Failed(0.6, 0.6)), Cell("relu", 50, "lecun", Trained(0.9, 0.9))));
        Assert.DoesNotContain(bad, l => l.StartsWith("He initialization works well", StringComparison.Ordinal));
        var measured = Assert.Single(bad, l => l.Contains("he trained at circles L = 2 but not at circles L = 50 (does not train, 50.0/50.0 %)", StringComparison.Ordinal));
        Assert.StartsWith("not shown here that he initialization works well", measured);
        Assert.EndsWith("configurations trained per init: he 1, lecun 1", measured);
        Assert.Contains(bad, l => l == "deepest depth each init trained at with relu on circles: zeros none, random ×10 none, normal ×1 none, he L = 2, xavier none, lecun L = 50");

        // He trains more often than any other init, but not everywhere: the claim, qualified, with where it failed.
        var best = DepthConclusions.Draw(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Failed(0.5, 0.5)),
            Cell("relu", 2, "lecun", Failed(0.6, 0.6)), Cell("relu", 50, "lecun", Failed(0.5, 0.5))));
        Assert.Contains(best, l => l == "He initialization works well for networks with ReLU activations — best here, not everywhere: with relu, he trained in 1 of 2 " +
            "configurations, more than any other init (lecun 0); it did not train at circles L = 50 (does not train, 50.0/50.0 %)");
    }

    [Fact]
    public void Xavier_is_said_to_work_with_tanh_only_when_it_trains_at_every_depth()
    {
        var good = DepthConclusions.Draw(Result(Cell("tanh", 2, "xavier", Trained(0.99, 0.98)), Cell("tanh", 50, "xavier", Trained(0.9, 0.9))));
        Assert.Contains(good, l => l.StartsWith("Xavier initialization works well for networks with tanh activations: with tanh, xavier trained at every depth measured (L = 2, 50)", StringComparison.Ordinal));

        var bad = DepthConclusions.Draw(Result(Cell("tanh", 2, "xavier", Trained(0.99, 0.98)), Cell("tanh", 50, "xavier", DivergedAt(7))));
        Assert.DoesNotContain(bad, l => l.StartsWith("Xavier initialization works well", StringComparison.Ordinal));
        Assert.Contains(bad, l => l.Contains("not at circles L = 50 (diverged at iteration 7)", StringComparison.Ordinal));

        var none = DepthConclusions.Draw(Result(Cell("tanh", 2, "xavier", Failed(0.6, 0.5)), Cell("tanh", 2, "he", Trained(0.9, 0.9))));
        Assert.Contains(none, l => l == "not shown here that xavier initialization works well for networks with tanh activations: with tanh, xavier trained in " +
            "none of the configurations (circles L = 2 (does not train, 60.0/50.0 %)); configurations trained per init: xavier 0, he 1");
    }

    [Fact]
    public void Zeros_never_breaking_symmetry_is_claimed_only_when_every_zeros_run_stayed_symmetric()
    {
        var symmetric = DepthConclusions.Draw(Result(Cell("relu", 2, "zeros", Failed(0.5, 0.5), 0), Cell("tanh", 50, "zeros", Failed(0.5, 0.5), 0)));
        Assert.Contains(symmetric, l => l.StartsWith("zeros never breaks symmetry, at any depth: at every depth measured (L = 2, 50), with relu and tanh", StringComparison.Ordinal)
            && l.EndsWith("and no zeros run trained", StringComparison.Ordinal));

        var broken = DepthConclusions.Draw(Result(Cell("relu", 2, "zeros", Failed(0.5, 0.5), 0), Cell("relu", 50, "zeros", Failed(0.5, 0.5), 1e-3)));
        Assert.DoesNotContain(broken, l => l.StartsWith("zeros never breaks symmetry", StringComparison.Ordinal));
        Assert.Contains(broken, l => l == "zeros: symmetry was broken in circles relu L = 50 (max row difference 0.001); it held in 1 of 2 configurations");
    }

    [Fact]
    public void Large_random_is_said_to_explode_only_when_a_run_diverged()
    {
        var exploded = DepthConclusions.Draw(Result(Cell("relu", 50, "random ×10", DivergedAt(1))));
        Assert.Contains(exploded, l => l.StartsWith("large random initialization explodes with relu: random ×10 diverged (cost non-finite) at circles L = 50 (iteration 1)", StringComparison.Ordinal));

        var tame = DepthConclusions.Draw(Result(Cell("tanh", 50, "random ×10", Failed(0.6, 0.55))));
        Assert.DoesNotContain(tame, l => l.StartsWith("large random initialization explodes", StringComparison.Ordinal));
        Assert.Contains(tame, l => l == "random ×10 with tanh did not diverge in 100 iterations; outcomes: circles L = 50 does not train, 60.0/55.0 %");
    }

    static DepthGradients Record(string act, string init, double[] first, double[] last, double[] std, int? divergedAt = null) =>
        new(act, init, first.Length, divergedAt is int d ? [new GradientNormPoint(0, first), new GradientNormPoint(d, [.. first.Select(_ => double.NaN)])]
            : [new GradientNormPoint(0, first), new GradientNormPoint(1, last), new GradientNormPoint(2, last)], std, divergedAt);

    [Fact]
    public void Vanishing_and_exploding_are_named_only_beyond_a_factor_of_a_thousand()
    {
        var result = Result(Cell("relu", 3, "he", Trained(0.99, 0.98))) with
        {
            Gradients =
            [
                Record("relu", "he", [0.1, 0.2, 0.3], [0.1, 0.1, 0.1], [0.5, 0.4]),
                Record("relu", "xavier", [1e-9, 1e-9, 1e-9], [1e-9, 1e-9, 1e-9], [0.1, 1e-5]),
                Record("relu", "random ×10", [1e77, 1e77, 1e77], [], [5, 1e40], divergedAt: 1),
                Record("tanh", "normal ×1", [1e10, 1e5, 1], [0, 1e-3, 1], [0.6, 0.9]),
            ],
        };
        var lines = DepthConclusions.Signals(result).ToList();
        Assert.Equal("relu, L = 3, iteration 0, std of A_l from hidden layer 1 to 2: he 0.5 → 0.4, xavier 0.1 → 1.00e-5 (×1.00e-4: vanishing), " +
            "random ×10 5 → 1.00e+40 (×2.00e+39: exploding)", lines[0]);
        Assert.Equal("relu, L = 3, ‖dW_1‖ (input side) against ‖dW_3‖ (output side) at iteration 0, and ‖dW_1‖ at iteration 2: he 0.1 vs 0.3 (‖dW_1‖ 0.1 → 0.1), " +
            "xavier 1.00e-9 vs 1.00e-9 (‖dW_1‖ 1.00e-9 → 1.00e-9), random ×10 1.00e+77 vs 1.00e+77 (diverged at iteration 1)", lines[1]);
        Assert.Equal("tanh, L = 3, ‖dW_1‖ (input side) against ‖dW_3‖ (output side) at iteration 0, and ‖dW_1‖ at iteration 2: normal ×1 1.00e+10 vs 1 " +
            "(×1.00e+10: exploding towards the input) (‖dW_1‖ 1.00e+10 → 0: exactly 0, vanished)", lines[3]);
    }

    [Fact]
    public void Disagreeing_implementations_are_named()
    {
        var cell = Cell("relu", 5, "he", Trained(0.99, 0.98));
        cell = cell with { Autograd = Trained(0.98, 0.98) };
        var lines = DepthConclusions.Draw(Result(cell));
        Assert.Contains(lines, l => l.StartsWith("scratch and autograd agree in 0 of 1 configurations", StringComparison.Ordinal)
            && l.Contains("circles relu L = 5 he (scratch trains, 99.0/98.0 %, autograd trains, 98.0/98.0 %)", StringComparison.Ordinal));
        Assert.Equal("✓ 99.0/98.0 (autograd ✓ 98.0/98.0)", ReportTables.DepthCellText(cell));

        var parted = DepthConclusions.Draw(Result(cell with { CostsAgreeThrough = 41 }, Cell("relu", 5, "lecun", Failed(0.5, 0.5)) with
        {
            Autograd = Failed(0.6, 0.5), CostsAgreeThrough = 57,
        }));
        Assert.Contains(parted, l => l.EndsWith(". In each of these their costs agreed within 1e-10 (relative) at every iteration from 0 through iteration 41…57 " +
            "and parted later, as rounding differences grow from step to step", StringComparison.Ordinal));
        var early = DepthConclusions.Draw(Result(cell with { CostsAgreeThrough = 41 }, cell with { Depth = 7, CostsAgreeThrough = null }));
        Assert.Contains(early, l => l.EndsWith(". In 1 of these their costs agreed within 1e-10 (relative) at every iteration from 0 through iteration 41 " +
            "and parted later, as rounding differences grow from step to step; in 1 the costs differed by more than 1e-10 already at iteration 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Costs_agree_through_the_last_iteration_before_the_first_difference_beyond_1e_10()
    {
        static CostPoint[] Costs(params double[] c) => [.. c.Select((v, i) => new CostPoint(i, v))];
        Assert.Equal(2, DepthStudy.CostsAgreeThrough(Costs(0.7, 0.6, 0.5, 0.4), Costs(0.7, 0.6 + 1e-12, 0.5, 0.41)));
        Assert.Equal(3, DepthStudy.CostsAgreeThrough(Costs(0.7, 0.6, 0.5, 0.4), Costs(0.7, 0.6, 0.5, 0.4)));
        Assert.Null(DepthStudy.CostsAgreeThrough(Costs(0.7), Costs(0.8)));
        Assert.Equal(0, DepthStudy.CostsAgreeThrough(Costs(0.7, double.NaN), Costs(0.7, double.NaN))); // NaN agrees with nothing
    }

    [Fact]
    public void Studies_parse_depth_and_the_default_includes_it()
    {
        Assert.Equal(new HashSet<StudyKind> { StudyKind.Depth }, CompareOptions.ParseStudies("depth"));
        Assert.Equal(new HashSet<StudyKind> { StudyKind.Init, StudyKind.Depth }, CompareOptions.ParseStudies("init, DEPTH"));
        Assert.Contains(StudyKind.Depth, new CompareOptions().Studies);
        var e = Assert.Throws<ArgumentException>(() => CompareOptions.ParseStudies("deep"));
        Assert.Contains("init, reg, gradcheck and/or depth", e.Message);
        Assert.Throws<ArgumentException>(() => new CompareOptions { Budget = new IterationBudget { Depths = [1, 5] } }.Validate());
    }

    static CompareOptions Tiny() => new()
    {
        Peers = false,
        Studies = new HashSet<StudyKind> { StudyKind.Depth },
        Budget = new IterationBudget { Depth = 3, DepthGradientNorms = 3, Depths = [2, 10] },
    };

    [Fact]
    public void Tiny_depth_study_writes_tables_results_and_labelled_pictures_and_goes_on_after_a_divergence()
    {
        var target = Path.Combine(_root, "out");
        CompareProgress? last = null;
        var results = CompareRunner.Run(Tiny(), target, force: false, p => last = p);

        Assert.True(results.Complete, results.IncompleteReason);
        Assert.Equal(last!.Total, last.Done); // the work planned is the work done, diverged runs included
        Assert.False(results.Diverged); // a diverged run is a result of this study, not the end of compare
        var depth = results.Depth!;
        Assert.Equal(2 * 2 * 2 * DepthStudy.Entries.Count, depth.Cells.Count); // datasets × activations × depths × inits
        Assert.All(depth.Cells, c => Assert.NotNull(c.Scratch.Outcome));
        // Same start, same data: the implementations agree to rounding — except tanh with the large inits (random ×10,
        // normal ×1), whose saturated units' derivatives 1 − A² are themselves rounding noise (A = ±1 to the last bits),
        // amplified by the large weights (after 3 iterations: 1e-7 relative for normal ×1, O(1) for random ×10).
        var comparable = depth.Cells.Where(c => !(c.Activation == "tanh" && c.Init is "random ×10" or "normal ×1")).ToList();
        Assert.All(comparable, c => Assert.True(c.Agree, $"{c.Dataset} {c.Activation} L {c.Depth} {c.Init}: scratch and autograd differ"));
        Assert.All(comparable.Where(c => c.MaxRelativeParameterDifference is not null), c => Assert.InRange(c.MaxRelativeParameterDifference!.Value, 0, 1e-12));
        // Random ×10 with ReLU at L = 10 on circles: the cost is non-finite at iteration 2, in both implementations.
        var exploded = depth.Cells.Single(c => c is { Dataset: "circles", Activation: "relu", Depth: 10, Init: "random ×10" });
        Assert.Equal(DepthOutcome.Diverged, exploded.Scratch.Outcome);
        Assert.Equal(2, exploded.Scratch.Diverged!.Iteration);
        Assert.Equal(2, exploded.Autograd.Diverged!.Iteration);
        Assert.Null(exploded.Scratch.Run.TrainAccuracy);
        // Zeros: every hidden unit stays a copy of the first; He breaks the symmetry with its first draw.
        Assert.All(depth.Cells.Where(c => c.Init == "zeros"), c => Assert.Equal(0, c.MaxHiddenRowDifference));
        Assert.All(depth.Cells.Where(c => c.Init == "he"), c => Assert.True(c.MaxHiddenRowDifference > 0));
        // The per-layer records: the deepest net, one ‖dW_l‖ per layer and one std per hidden layer.
        Assert.Equal(2 * DepthStudy.Entries.Count, depth.Gradients.Count);
        Assert.All(depth.Gradients, g => Assert.Equal(10, g.Depth));
        Assert.All(depth.Gradients.Where(g => g.DivergedAt is null), g => Assert.Equal(3, g.Norms.Count));
        Assert.All(depth.Gradients, g => Assert.Equal(10, g.Norms[0].WeightGradientNorms.Count));
        Assert.All(depth.Gradients, g => Assert.Equal(9, g.ActivationStd.Count));
        Assert.All(depth.Gradients.Where(g => g.Init == "zeros"), g => Assert.All(g.ActivationStd, s => Assert.Equal(0, s)));
        Assert.NotEmpty(depth.Conclusions);

        string md = File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile));
        Assert.Contains("## Depth study: vanishing and exploding gradients", md);
        Assert.Contains("### What the measurements show", md);
        Assert.Contains("| init | L = 2 | L = 10 |", md);
        Assert.Contains("| random ×10 |", md);
        Assert.Contains("diverged @2", md);
        Assert.Contains("### fraud, tanh: train/test accuracy % after 3 iterations", md);
        Assert.DoesNotContain("INCOMPLETE", md);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
        var root = json.RootElement;
        Assert.Equal("depth", Assert.Single(root.GetProperty("studies").EnumerateArray()).GetString());
        Assert.Equal(48, root.GetProperty("depth").GetProperty("cells").GetArrayLength());

        var figures = results.Figures;
        Assert.Equal(["depth-heatmaps-relu.png", "depth-heatmaps-tanh.png", "depth-layers-relu.png", "depth-layers-tanh.png"], figures);
        foreach (var f in figures)
        {
            Assert.Contains($"]({f})", md);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(target, f))[..4]);
        }
    }

    [Fact]
    public void Stopped_depth_study_reports_the_configurations_that_finished_marked_incomplete()
    {
        var target = Path.Combine(_root, "stopped");
        using var cancel = new CancellationTokenSource();
        var results = CompareRunner.Run(Tiny(), target, force: false, p =>
        {
            if (p.Study == DepthStudy.Name && p.Run.StartsWith("circles · relu · L 10 ·", StringComparison.Ordinal)) cancel.Cancel();
        }, cancel: cancel.Token);

        Assert.False(results.Complete);
        Assert.Equal(DepthStudy.Entries.Select(e => e.Name), results.Depth!.Cells.Select(c => c.Init)); // circles, relu, L = 2 only
        Assert.All(results.Depth.Cells, c => Assert.Equal(2, c.Depth));
        Assert.Contains("INCOMPLETE", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
    }
}
