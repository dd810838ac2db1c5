using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Vanishing and exploding gradients: networks of depth L (layers [n_x, 32 × (L−1), 1]) on circles and fraud, for
/// zeros, random ×10, normal ×1, He, Xavier and LeCun, with ReLU and tanh, trained by both implementations from the
/// same parameters. Per-layer gradient norms and activation spreads at the deepest depth show why; the table shows
/// which init trains at which depth; <see cref="DepthConclusions"/> says what the numbers show.
/// </summary>
public static class DepthStudy
{
    public const string Name = "depth";
    public const int Width = 32;
    public const double LearningRate = 0.3;
    public const long Seed = 3;
    /// <summary>The fraud data's training samples used (its first ones): full-batch steps of 50-layer nets on all 5 000 cost too much time.</summary>
    public const int FraudTrainSamples = 1000;

    public static IReadOnlyList<int> FullDepths { get; } = [2, 5, 10, 20, 50];
    public static IReadOnlyList<int> QuickDepths { get; } = [2, 5, 20];
    public static IReadOnlyList<string> DatasetNames { get; } = ["circles", "fraud"];
    public static IReadOnlyList<Activation> Activations { get; } = [Activation.Relu, Activation.Tanh];

    public static IReadOnlyList<InitStudy.Entry> Entries { get; } =
    [
        new("zeros", Init.Zeros, null),
        new("random ×10", Init.Random, 10),
        new("normal ×1", Init.Random, 1),
        new("he", Init.He, null),
        new("xavier", Init.Xavier, null),
        new("lecun", Init.Lecun, null),
    ];

    public const string TrainsRule =
        "trains: the cost stayed finite and the final train error is at most half the error of always predicting the training set's majority class";

    /// <summary>[n_x, 32 × (L−1), 1].</summary>
    public static int[] Layers(int features, int depth) => [features, .. Enumerable.Repeat(Width, depth - 1), 1];

    /// <summary>
    /// The study's progress work: iterations weighted by <see cref="Weight"/> (a 50-layer step on 1 000 samples costs
    /// ~150 times a 2-layer step on 300), so that the overall ETA follows time, not iterations.
    /// </summary>
    public static long Work(IterationBudget b)
    {
        var sizes = DatasetNames.Select(n => Data(n).Train.Count).ToList();
        int deepest = b.DepthList.Max();
        long grid = sizes.Sum(m => b.DepthList.Sum(L => 2L * b.Depth * Weight(L, m)));
        long norms = 2L * b.DepthGradientNorms * Weight(deepest, sizes[0]); // a gradient pass and a step per iteration
        return Activations.Count * Entries.Count * (grid + norms);
    }

    /// <summary>
    /// Work units of one iteration: layers × hundreds of samples / 2, about the time of one iteration of the course's
    /// three-layer model (the unit of the other studies' work), so that the overall ETA holds across studies.
    /// </summary>
    static int Weight(int depth, int samples) => Math.Max(1, depth * Math.Max(1, (samples + 99) / 100) / 2);

    /// <summary>See <see cref="TrainsRule"/>. Null for a run that did not happen (skipped).</summary>
    public static DepthOutcome? Outcome(RunResult run, NonFiniteCost? diverged, double majorityAccuracy)
    {
        if (diverged is not null) return DepthOutcome.Diverged;
        if (run.Skipped || run.TrainAccuracy is not double train) return null;
        return 1 - train <= 0.5 * (1 - majorityAccuracy) ? DepthOutcome.Trains : DepthOutcome.DoesNotTrain;
    }

    public static DataSplit Data(string name)
    {
        if (!BuiltInDatasets.TryLoad(name, BuiltInDatasets.DefaultSeed, out var split)) throw new InvalidOperationException($"{name} missing");
        return name == "fraud" ? split with { Train = Head(split.Train, FraudTrainSamples) } : split;
    }

    static Dataset Head(Dataset d, int n)
    {
        n = Math.Min(n, d.Count);
        var x = new double[n, d.FeatureCount];
        Buffer.BlockCopy(d.Features, 0, x, 0, n * d.FeatureCount * sizeof(double));
        return new Dataset($"{d.Name} (first {n})", x, d.Labels[..n], d.FeatureNames);
    }

    static double Majority(Dataset d)
    {
        double ones = d.Labels.Count(v => v == 1);
        return Math.Max(ones, d.Count - ones) / d.Count;
    }

    public static DepthStudyResult Run(StudyContext ctx)
    {
        var b = ctx.Budget;
        var depths = b.DepthList;
        int normDepth = depths.Max();
        var splits = DatasetNames.Select(n => (Name: n, Split: Data(n))).ToList();
        var datasets = splits.Select(s => new DepthDataset(s.Name, s.Split.Train.Count, s.Split.Test.Count, s.Split.Train.FeatureCount, Majority(s.Split.Train))).ToList();
        var train = new TrainOptions { LearningRate = LearningRate, Iterations = b.Depth, PrintEvery = 1 }; // every cost checked: the exact iteration of a divergence
        var gradients = new List<DepthGradients>();
        var cells = new List<DepthCell>();
        var notes = new List<string>();

        // Per-layer gradient norms and activation spreads: the deepest net on the first dataset (circles), scratch.
        using (var data = new StudyData(splits[0].Split, ctx.Device, 0))
        {
            foreach (var act in Activations)
                foreach (var e in Entries)
                {
                    if (ctx.Stopped) break;
                    var model = Model(datasets[0].Features, normDepth, act, e);
                    long start = ctx.Done;
                    string label = $"{act.Name()} · L {normDepth} · {e.Name} · gradient norms";
                    ctx.Report(Name, label, 0, b.DepthGradientNorms, null);
                    var norms = PairTrainer.GradientNorms(model, LearningRate, b.DepthGradientNorms, Seed, RandomSources.NumPy, data, ctx.Device, ctx.Cancel);
                    if (ctx.Stopped) break;
                    ctx.Finished(Name, label, 2L * b.DepthGradientNorms * Weight(normDepth, datasets[0].TrainCount), start, b.DepthGradientNorms);
                    int? divergedAt = norms.FirstOrDefault(p => !p.WeightGradientNorms.All(double.IsFinite))?.Iteration;
                    gradients.Add(new DepthGradients(act.Name(), e.Name, normDepth, norms, ActivationSpread(model, data.XTrain, ctx.Device), divergedAt));
                }
        }

        // Which init trains at which depth: every configuration, both implementations from the same start.
        foreach (var (name, split) in splits)
        {
            if (ctx.Stopped) break;
            var dataset = datasets.First(d => d.Name == name);
            using var data = new StudyData(split, ctx.Device, 0);
            foreach (var act in Activations)
                foreach (int depth in depths)
                    foreach (var e in Entries)
                    {
                        if (ctx.Stopped) break;
                        var model = Model(dataset.Features, depth, act, e);
                        string label = $"{name} · {act.Name()} · L {depth} · {e.Name}";
                        using var scratch = TrainOne(ctx, Implementation.Scratch, model, train, data, label);
                        if (scratch is null) break;
                        using var autograd = TrainOne(ctx, Implementation.Autograd, model, train, data, label);
                        if (autograd is null) break;
                        int? agreeThrough = CostsAgreeThrough(scratch.Result.Costs, autograd.Result.Costs);
                        var s = Describe(scratch, dataset);
                        var a = Describe(autograd, dataset);
                        bool bothFinite = scratch.Diverged is null && autograd.Diverged is null && !autograd.Result.Skipped;
                        double? hidden = scratch.Diverged is null
                            ? Enumerable.Range(1, depth - 1).Max(l => PairTrainer.MaxRowDifference(scratch.Final, ParameterSet.W(l)))
                            : null;
                        cells.Add(new DepthCell(name, act.Name(), depth, e.Name, s, a,
                            bothFinite ? PairTrainer.MaxRelativeDifference(scratch.Final, autograd.Final) : null, hidden) { CostsAgreeThrough = agreeThrough });
                    }
        }

        var figures = new List<DepthFigure>();
        foreach (var act in Activations.Select(ActivationNames.Name))
        {
            var rows = gradients.Where(g => g.Activation == act).ToList();
            if (rows.Count == 0) continue;
            string file = $"depth-layers-{act}.png";
            ctx.Figure(file, () => Figures.DepthLayers($"{act}, L = {normDepth}, {splits[0].Name}",
                rows, b.DepthGradientNorms));
            figures.Add(new DepthFigure(file, $"{act}: ‖dW_l‖ per layer at iteration 0 and after {b.DepthGradientNorms - 1} iterations, std of A_l at iteration 0, a line per init (L = {normDepth})"));
        }
        foreach (var act in Activations.Select(ActivationNames.Name))
        {
            var cases = HeatmapCases(gradients.Where(g => g.Activation == act).ToList());
            if (cases.Count == 0) continue;
            string file = $"depth-heatmaps-{act}.png";
            ctx.Figure(file, () => Figures.DepthHeatmaps(cases.Select(c => ($"{act}, {c.Init}, L = {c.Depth}", c)).ToList()));
            figures.Add(new DepthFigure(file, $"{act}: layer × iteration heat maps of log10 ‖dW_l‖ for {string.Join(", ", cases.Select(c => c.Init))} (scratch, L = {normDepth}; each panel has its own colour scale)"));
        }

        var settings = new DepthSettings(datasets, Activations.Select(ActivationNames.Name).ToArray(), Entries.Select(e => e.Name).ToArray(), depths.ToArray(),
            Width, LearningRate, b.Depth, b.DepthGradientNorms, normDepth, splits[0].Name, Seed, RandomSources.NumPy, TrainsRule);
        notes.Add("scratch and autograd start from the same parameters (the NumPy stream seeded 3 draws them for both); no dropout, no L2; the NumPy and PyTorch peers are not run in this study, to keep its time within a few minutes");
        notes.Add($"fraud: its first {FraudTrainSamples} training samples (full-batch steps of 50-layer nets on all 5 000 would take minutes), scored on its whole test set; always predicting \"legitimate\" scores {ReportPct(datasets.FirstOrDefault(d => d.Name == "fraud")?.MajorityAccuracy)} % on those training samples, which is why \"trains\" is measured against the majority class");
        notes.Add("with width 32 everywhere, Xavier's √(2/(n_prev+n_l)) equals LeCun's 1/√n_prev in every layer but the first and the last, so their rows differ only by those two layers");
        notes.Add("the gradient norms and activation spreads come from the scratch model; where the autograd runs part from it, the tables and the agreement sentence above say so");
        var result = new DepthStudyResult(settings, cells, gradients, [], figures, notes);
        return result with { Conclusions = DepthConclusions.Draw(result) };
    }

    static string ReportPct(double? x) => x is double v ? (100 * v).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "–";

    static ModelOptions Model(int features, int depth, Activation act, InitStudy.Entry e) =>
        new() { Layers = Layers(features, depth), Activation = act, Init = e.Init, InitScale = e.Scale ?? 10 };

    /// <summary>One run; null when it was stopped (Ctrl+C): its numbers are not reported.</summary>
    static TrainedRun? TrainOne(StudyContext ctx, Implementation impl, ModelOptions model, TrainOptions train, StudyData data, string label)
    {
        string run = $"{label} · {impl.ToString().ToLowerInvariant()}";
        long start = ctx.Done;
        int weight = Weight(model.LayerCount, data.Split.Train.Count);
        var trained = PairTrainer.TrainAllowingDivergence(impl, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
            ctx.Run(Name, run, train.Iterations, weight), ctx.Cancel);
        if (trained.Diverged is null && !trained.Result.Finished)
        {
            trained.Dispose();
            return null;
        }
        ctx.Finished(Name, run, (long)train.Iterations * weight, start, train.Iterations); // a diverged run ends early: its remaining iterations count as done
        return trained;
    }

    /// <summary>The run for results.json: of the costs of every iteration (all were checked), about 20 are kept.</summary>
    static DepthRun Describe(TrainedRun run, DepthDataset dataset)
    {
        int every = Math.Max(1, run.Result.Iterations / 20);
        var costs = run.Result.Costs.Where((c, i) => c.Iteration % every == 0 || i == run.Result.Costs.Count - 1).ToArray();
        var result = run.Result with { Costs = costs };
        return new(result, run.Diverged, Outcome(result, run.Diverged, dataset.MajorityAccuracy));
    }

    /// <summary>Relative difference up to which two implementations' costs count as equal (rounding, not a different computation).</summary>
    public const double CostTolerance = 1e-10;

    /// <summary>
    /// The last iteration up to which the two cost histories (the same iterations, in order) agree within
    /// <see cref="CostTolerance"/> relative at every iteration; null when they differ from the first or either is empty.
    /// </summary>
    public static int? CostsAgreeThrough(IReadOnlyList<CostPoint> a, IReadOnlyList<CostPoint> b)
    {
        int? through = null;
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i].Iteration != b[i].Iteration) break;
            double x = a[i].Cost, y = b[i].Cost;
            if (!(Math.Abs(x - y) <= CostTolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y))))) break;
            through = a[i].Iteration;
        }
        return through;
    }

    /// <summary>std of every hidden layer's activations A_l at iteration 0: the scratch model as the study's runs start.</summary>
    static double[] ActivationSpread(ModelOptions model, Tensor x, Device device)
    {
        using var scope = NewDisposeScope();
        using var net = (ScratchModel)ModelFactory.Create(Implementation.Scratch, model, RandomSources.NumPy, Seed, device);
        return net.HiddenActivations(x).Select(a => a.std().item<double>()).ToArray();
    }

    /// <summary>
    /// The heat maps of one activation's records, in this order: the init whose iteration-0 gradients are the largest
    /// (mean log10 ‖dW_l‖ over the layers; the exploding extreme), the course's recommendation (He for ReLU, Xavier for
    /// tanh) as the reference, and the smallest (the vanishing extreme). Zeros, all exactly 0, is left out.
    /// </summary>
    public static IReadOnlyList<DepthGradients> HeatmapCases(IReadOnlyList<DepthGradients> records)
    {
        var scored = records.Where(g => g.Norms.Count > 0 && g.Norms[0].WeightGradientNorms.All(v => v > 0 && double.IsFinite(v)))
            .OrderByDescending(g => g.Norms[0].WeightGradientNorms.Average(Math.Log10)).ToList();
        if (scored.Count == 0) return [];
        string reference = scored[0].Activation == "tanh" ? "xavier" : "he";
        return new[] { scored[0], scored.FirstOrDefault(g => g.Init == reference), scored[^1] }.OfType<DepthGradients>().Distinct().ToList();
    }
}
