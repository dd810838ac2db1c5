using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Comparison.Studies.Depth;

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
        new("circles", act, depth, init, run, run.Diverged is null ? rowDifference : null);

    static DepthStudyResult Result(params DepthCell[] cells) => new(
        new DepthSettings([new DepthDataset("circles", 300, 100, 2, 0.5)], ["relu", "tanh"], DepthStudy.Entries.Select(e => e.Name).ToArray(),
            cells.Select(c => c.Depth).Distinct().Order().ToArray(), 32, 0.05, Iterations, 3, 50, "circles", 3, "numpy", DepthStudy.TrainsRule),
        cells, [], [], [], [], []);

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
        var good = DepthFindings.Recommended(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Trained(0.97, 0.96)),
            Cell("relu", 50, "random ×10", DivergedAt(1))), "relu", "he", "He trains ReLU nets at every depth");
        Assert.Equal("holds", good.Verdict);
        Assert.Equal("he trained in 2 of 2 (dataset, depth) runs; next best random ×10 0", good.Evidence);

        // He trains at L = 2 only, and LeCun as often: nothing to claim.
        var bad = DepthFindings.Recommended(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Failed(0.5, 0.5)),
            Cell("relu", 2, "lecun", Failed(0.6, 0.6)), Cell("relu", 50, "lecun", Trained(0.9, 0.9))), "relu", "he", "He trains ReLU nets at every depth");
        Assert.Equal("not shown", bad.Verdict);
        Assert.Equal("he trained in 1 of 2 (dataset, depth) runs; next best lecun 1; not at circles L = 50", bad.Evidence);

        // He trains more often than any other init, but not everywhere: the claim, qualified.
        var best = DepthFindings.Recommended(Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Failed(0.5, 0.5)),
            Cell("relu", 2, "lecun", Failed(0.6, 0.6)), Cell("relu", 50, "lecun", Failed(0.5, 0.5))), "relu", "he", "He trains ReLU nets at every depth");
        Assert.Equal("holds here, not everywhere", best.Verdict);
    }

    [Fact]
    public void Xavier_is_said_to_work_with_tanh_only_when_it_trains_at_every_depth()
    {
        var all = DepthFindings.Draw(Result(Cell("tanh", 2, "xavier", Trained(0.99, 0.98)), Cell("tanh", 50, "xavier", Trained(0.9, 0.9))));
        Assert.Equal("holds", all.Single(f => f.Claim.StartsWith("Xavier", StringComparison.Ordinal)).Verdict);
        var bad = DepthFindings.Draw(Result(Cell("tanh", 2, "xavier", Trained(0.99, 0.98)), Cell("tanh", 50, "xavier", DivergedAt(7))));
        Assert.Equal("holds here, not everywhere", bad.Single(f => f.Claim.StartsWith("Xavier", StringComparison.Ordinal)).Verdict);
        Assert.EndsWith("not at circles L = 50", bad.Single(f => f.Claim.StartsWith("Xavier", StringComparison.Ordinal)).Evidence);
    }

    [Fact]
    public void Zeros_never_breaking_symmetry_holds_only_when_every_zeros_run_stayed_symmetric()
    {
        var symmetric = DepthFindings.Zeros(Result(Cell("relu", 2, "zeros", Failed(0.5, 0.5), 0), Cell("tanh", 50, "zeros", Failed(0.5, 0.5), 0)))!;
        Assert.Equal(new DepthFinding("Zeros never breaks symmetry", "holds", "max hidden-row difference 0 in 2 of 2 runs; 0 trained"), symmetric);
        var broken = DepthFindings.Zeros(Result(Cell("relu", 2, "zeros", Failed(0.5, 0.5), 0), Cell("relu", 50, "zeros", Failed(0.5, 0.5), 1e-3)))!;
        Assert.Equal("fails", broken.Verdict);
        Assert.Equal("max hidden-row difference 0 in 1 of 2 runs; 0 trained", broken.Evidence);
    }

    [Fact]
    public void Large_random_is_said_to_explode_only_when_a_run_diverged()
    {
        var exploded = Assert.Single(DepthFindings.LargeRandom(Result(Cell("relu", 50, "random ×10", DivergedAt(1)))));
        Assert.Equal(new DepthFinding("Large random init (×10) explodes with relu", "holds", "diverged in 1 of 1 runs, first at iteration 1"), exploded);
        var tame = Assert.Single(DepthFindings.LargeRandom(Result(Cell("tanh", 50, "random ×10", Failed(0.6, 0.55)))));
        Assert.Equal(new DepthFinding("Large random init (×10) explodes with tanh", "not shown", "no divergence in 100 iterations"), tame);
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
            ],
        };
        var findings = DepthFindings.Signals(result).ToList();
        Assert.Equal(new DepthFinding("relu, L = 3: the activations' spread keeps its scale only with he", "holds",
            "std of A_l, layer 1 → 2: he ×0.8; smallest xavier ×1.0e-4 (vanishing); largest random ×10 ×2.0e+39 (exploding)"), findings[0]);
        Assert.Equal(new DepthFinding("relu, L = 3: gradients reach the input side only with he", "holds here, not everywhere",
            "‖dW_1‖ / ‖dW_3‖ at iteration 0: he ×0.333; smallest he ×0.333; largest xavier ×1"), findings[1]);
    }

    [Fact]
    public void Scratch_and_autograd_agree_when_within_the_amplified_rounding_and_not_beyond()
    {
        var rounding = new DepthRounding[] { new("circles", "tanh", "normal ×1", 2, 2e-16, 1.5), new("circles", "tanh", "normal ×1", 50, 1e-9, 1e6) };
        var agree = DepthFindings.Agreement(Result(Cell("tanh", 2, "he", Trained(0.9, 0.9))) with { Rounding = rounding })!;
        Assert.Equal("holds", agree.Verdict);
        Assert.Equal("iteration-0 |ΔJ|/J ≤ 2.0e-16 at L = 2, ≤ 1.0e-9 at L = 50 (amplification up to ×1.0e+6); at most 4.5 amplified last bits apart", agree.Evidence);
        // A wrong term (1e-3 of J where rounding allows 1e-12): many orders beyond.
        var wrong = DepthFindings.Agreement(Result(Cell("tanh", 2, "he", Trained(0.9, 0.9))) with { Rounding = [.. rounding, new("circles", "tanh", "he", 5, 1e-3, 3)] })!;
        Assert.Equal("fails", wrong.Verdict);
    }

    [Fact]
    public void Every_finding_reads_in_a_line_or_two_at_120_columns()
    {
        var result = Result(Cell("relu", 2, "he", Trained(0.99, 0.98)), Cell("relu", 50, "he", Failed(0.5, 0.5)), Cell("relu", 2, "zeros", Failed(0.5, 0.5), 0),
            Cell("relu", 50, "random ×10", DivergedAt(1)), Cell("tanh", 50, "random ×10", Failed(0.6, 0.55)), Cell("tanh", 2, "xavier", Failed(0.5, 0.5)));
        foreach (var f in DepthFindings.Draw(result))
            Assert.True(f.Claim.Length + f.Verdict.Length + f.Evidence.Length <= 240, $"{f.Claim} | {f.Verdict} | {f.Evidence}");
    }

    /// <summary>Every depth-study configuration on circles (the full study's depths, every init, both activations).</summary>
    public static TheoryData<string, int> Configurations() =>
        new(from act in DepthStudy.Activations from depth in DepthStudy.FullDepths select (act.Name(), depth));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Scratch_and_autograd_costs_agree_at_iteration_0_within_each_nets_amplified_rounding(string activation, int depth)
    {
        // The same parameters in both; the two forward passes round differently, and the net amplifies that as it
        // amplifies any last-bit change: the tolerance is each configuration's own amplification (DepthRounding.Bits).
        var split = DepthStudy.Data("circles");
        var (x, y) = split.Train.ToTensors(CPU, TorchSharp.torch.float64);
        var act = DepthStudy.Activations.Single(a => a.Name() == activation);
        foreach (var e in DepthStudy.Entries)
        {
            var model = new ModelOptions { Layers = DepthStudy.Layers(2, depth), Activation = act, Init = e.Init, InitScale = e.Scale ?? 10 };
            var r = DepthStudy.Rounding("circles", e.Name, model, x, y, CPU);
            TestContext.Current.TestOutputHelper?.WriteLine($"{activation} L {depth} {e.Name}: |ΔJ|/J {r.CostDifference:E2}, amplification {r.Amplification:E2}, bits {r.Bits:E2}");
            if (r.Bits is double bits) Assert.True(bits <= DepthStudy.AgreementBits, $"{e.Name}: {r}");
        }
    }

    [Fact]
    public void Studies_parse_depth_and_the_default_includes_it()
    {
        Assert.Equal(new HashSet<string> { "depth" }, CompareOptions.ParseStudies("depth"));
        Assert.Equal(new HashSet<string> { "init", "depth" }, CompareOptions.ParseStudies("init, DEPTH"));
        Assert.Contains("depth", new CompareOptions().Studies);
        var e = Assert.Throws<ArgumentException>(() => CompareOptions.ParseStudies("deep"));
        Assert.All(CompareStudies.Names, name => Assert.Contains(name, e.Message)); // the accepted names, listed
        Assert.DoesNotContain("optimization", new CompareOptions().Studies); // week 2 runs when named
        Assert.Throws<ArgumentException>(() => new CompareOptions { Budget = new IterationBudget { Depths = [1, 5] } }.Validate());
    }

    static CompareOptions Tiny() => new()
    {
        Peers = false,
        Studies = new HashSet<string> { "depth" },
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
        Assert.All(depth.Cells, c => Assert.NotNull(c.Run.Outcome));
        // Scratch against autograd at iteration 0, one row per configuration, within the amplified rounding.
        Assert.Equal(depth.Cells.Count, depth.Rounding.Count);
        Assert.All(depth.Rounding.Where(x => x.Bits is not null), x => Assert.True(x.Bits <= DepthStudy.AgreementBits, $"{x}"));
        // Random ×10 with ReLU at L = 10 on circles: the cost is non-finite at iteration 2.
        var exploded = depth.Cells.Single(c => c is { Dataset: "circles", Activation: "relu", Depth: 10, Init: "random ×10" });
        Assert.Equal(DepthOutcome.Diverged, exploded.Run.Outcome);
        Assert.Equal(2, exploded.Run.Diverged!.Iteration);
        Assert.Null(exploded.Run.Run.TrainAccuracy);
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
        Assert.NotEmpty(depth.Findings);
        Assert.True(results.StudySeconds["depth"] > 0);

        string md = File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile));
        Assert.Contains("## Depth study: vanishing and exploding gradients", md);
        Assert.Contains("### What the measurements show", md);
        Assert.Contains("| init | L = 2 | L = 10 |", md);
        Assert.Contains("### Deepest depth that trains (scratch, 3 iterations)", md);
        Assert.Contains("| init | relu · circles | relu · fraud | tanh · circles | tanh · fraud |", md);
        Assert.Contains("### Scratch vs autograd at iteration 0 on circles", md);
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
        var results = StoppedRun.Run(Tiny(), target, DepthStudy.Name, "circles · relu · L 10 ·");

        Assert.False(results.Complete);
        Assert.Equal(DepthStudy.Entries.Select(e => e.Name), results.Depth!.Cells.Select(c => c.Init)); // circles, relu, L = 2 only
        Assert.All(results.Depth.Cells, c => Assert.Equal(2, c.Depth));
        Assert.Contains("INCOMPLETE", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
    }
}
