using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Vanishing and exploding gradients: networks of depth L (layers [n_x, 32 × (L−1), 1]) on circles and fraud, for
/// zeros, random ×10, normal ×1, He, Xavier and LeCun, with ReLU and tanh, trained by the scratch model. Per-layer
/// gradient norms and activation spreads at the deepest depth show why; the tables show which init trains at which
/// depth; <see cref="DepthFindings"/> says what the numbers show. Autograd runs where it adds information: its cost at
/// iteration 0 from the same parameters, next to how much each net amplifies a last-bit change (<see cref="DepthRounding"/>);
/// training it too would repeat the scratch runs to rounding (the agreement of the two is the test suite's to check,
/// with a tolerance scaled by that amplification).
/// </summary>
public static class DepthStudy
{
    /// <summary>The study's name (--studies depth).</summary>
    public const string Name = "depth";
    /// <summary>Units per hidden layer.</summary>
    public const int Width = 32;
    /// <summary>α of every run.</summary>
    public const double LearningRate = 0.3;
    /// <summary>Seeds the NumPy stream that draws every start.</summary>
    public const long Seed = 3;
    /// <summary>The fraud data's training samples used (its first ones): full-batch steps of 50-layer nets on all 5 000 cost too much time.</summary>
    public const int FraudTrainSamples = 1000;

    /// <summary>The depths L of the full study.</summary>
    public static IReadOnlyList<int> FullDepths { get; } = [2, 5, 10, 20, 50];
    /// <summary>The depths of --quick.</summary>
    public static IReadOnlyList<int> QuickDepths { get; } = [2, 5, 20];
    /// <summary>The datasets.</summary>
    public static IReadOnlyList<string> DatasetNames { get; } = ["circles", "fraud"];
    /// <summary>The hidden activations.</summary>
    public static IReadOnlyList<Activation> Activations { get; } = [Activation.Relu, Activation.Tanh];

    /// <summary>The initializations.</summary>
    public static IReadOnlyList<InitStudy.Entry> Entries { get; } =
    [
        new("zeros", Init.Zeros, null),
        new("random ×10", Init.Random, 10),
        new("normal ×1", Init.Random, 1),
        new("he", Init.He, null),
        new("xavier", Init.Xavier, null),
        new("lecun", Init.Lecun, null),
    ];

    /// <summary>
    /// The most amplified last bits scratch and autograd may be apart at iteration 0 (<see cref="DepthRounding.Bits"/>).
    /// Measured on circles over every init, both activations and L = 2 … 50: at most 2 (tanh, L = 50, normal ×1: |ΔJ|/J
    /// 1.2e-6 at an amplification of 4e9); a different computation (a wrong term) is orders of magnitude above.
    /// </summary>
    public const double AgreementBits = 64;

    /// <summary>What "trains" means, in words (see <see cref="Outcome"/>).</summary>
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
        long grid = sizes.Sum(m => b.DepthList.Sum(L => (long)b.Depth * Weight(L, m)));
        long norms = 2L * b.DepthGradientNorms * Weight(deepest, sizes[0]); // a gradient pass and a step per iteration
        long rounding = sizes.Sum(m => b.DepthList.Sum(L => (long)Weight(L, m))); // three forward passes, about one iteration
        return Activations.Count * Entries.Count * (grid + norms + rounding);
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

    /// <summary>The study's split of a built-in dataset (fraud: its first training samples).</summary>
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

    /// <summary>Runs the study in <paramref name="ctx"/>.</summary>
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
                    var norms = StudyRuns.GradientNorms(model, LearningRate, b.DepthGradientNorms, Seed, RandomSources.NumPy, data, ctx.Device, ctx.Cancel);
                    if (ctx.Stopped) break;
                    ctx.Finished(Name, label, 2L * b.DepthGradientNorms * Weight(normDepth, datasets[0].TrainCount), start, b.DepthGradientNorms);
                    int? divergedAt = norms.FirstOrDefault(p => !p.WeightGradientNorms.All(double.IsFinite))?.Iteration;
                    gradients.Add(new DepthGradients(act.Name(), e.Name, normDepth, norms, ActivationSpread(model, data.XTrain, ctx.Device), divergedAt));
                }
        }

        // Which init trains at which depth: every configuration, the scratch model; and scratch against autograd at
        // iteration 0 from the same start, with the net's amplification of a last-bit change.
        var rounding = new List<DepthRounding>();
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
                        long start = ctx.Done;
                        rounding.Add(Rounding(name, e.Name, model, data.XTrain, data.YTrain, ctx.Device));
                        ctx.Finished(Name, $"{label} · iteration 0, scratch vs autograd", Weight(depth, dataset.TrainCount), start);
                        using var scratch = TrainOne(ctx, model, train, data, label);
                        if (scratch is null) break;
                        double? hidden = scratch.Diverged is null
                            ? Enumerable.Range(1, depth - 1).Max(l => StudyRuns.MaxRowDifference(scratch.Final, ParameterSet.W(l)))
                            : null;
                        cells.Add(new DepthCell(name, act.Name(), depth, e.Name, Describe(scratch, dataset), hidden));
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
        notes.Add("the runs are the scratch model's, from parameters drawn by the NumPy stream seeded 3; no dropout, no L2; autograd computes each configuration's iteration-0 cost from the same parameters (the rounding table); the NumPy and PyTorch peers are not run in this study, to keep its time within a few minutes");
        notes.Add($"fraud: its first {FraudTrainSamples} training samples (full-batch steps of 50-layer nets on all 5 000 would take minutes), scored on its whole test set; always predicting \"legitimate\" scores {ReportPct(datasets.FirstOrDefault(d => d.Name == "fraud")?.MajorityAccuracy)} % on those training samples, which is why \"trains\" is measured against the majority class");
        notes.Add("with width 32 everywhere, Xavier's √(2/(n_prev+n_l)) equals LeCun's 1/√n_prev in every layer but the first and the last, so their rows differ only by those two layers");
        var result = new DepthStudyResult(settings, cells, gradients, rounding, [], figures, notes);
        return result with { Findings = DepthFindings.Draw(result) };
    }

    static string ReportPct(double? x) => x is double v ? (100 * v).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "–";

    static ModelOptions Model(int features, int depth, Activation act, InitStudy.Entry e) =>
        new() { Layers = Layers(features, depth), Activation = act, Init = e.Init, InitScale = e.Scale ?? 10 };

    /// <summary>One scratch run; null when it was stopped (Ctrl+C): its numbers are not reported.</summary>
    static TrainedRun? TrainOne(StudyContext ctx, ModelOptions model, TrainOptions train, StudyData data, string label)
    {
        long start = ctx.Done;
        int weight = Weight(model.LayerCount, data.Split.Train.Count);
        var trained = StudyRuns.TrainAllowingDivergence(Implementation.Scratch, model, train, Seed, RandomSources.NumPy, data, ctx.Device,
            ctx.Run(Name, label, train.Iterations, weight), ctx.Cancel);
        if (trained.Diverged is null && !trained.Result.Finished)
        {
            trained.Dispose();
            return null;
        }
        ctx.Finished(Name, label, (long)train.Iterations * weight, start, train.Iterations); // a diverged run ends early: its remaining iterations count as done
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

    /// <summary>
    /// Scratch against autograd at iteration 0 (both from the parameters the NumPy stream seeded <see cref="Seed"/>
    /// draws), and the scratch net's amplification of a last-bit relative change of every weight (a seeded random sign
    /// per entry): the kind of change the two implementations' different rounding makes at every layer.
    /// </summary>
    public static DepthRounding Rounding(string dataset, string init, ModelOptions model, Tensor x, Tensor y, Device device)
    {
        using var scope = NewDisposeScope();
        using var scratch = ModelFactory.Create(Implementation.Scratch, model, RandomSources.NumPy, Seed, device);
        using var autograd = ModelFactory.Create(Implementation.Autograd, model, RandomSources.NumPy, Seed, device);
        double js = scratch.Cost(x, y, null), ja = autograd.Cost(x, y, null);
        // W_l ⊙ (1 + ε·s), s = ±1 from a seeded generator: every weight moves by its last bit.
        var generator = new Generator((ulong)Seed);
        using var p = scratch.CopyParameters();
        foreach (var w in p.Names.Where(n => n[0] == 'W'))
        {
            var signs = rand(p[w].shape, float64, device, generator: generator).lt(Half).to(float64).mul(Two).add_(MinusOne, HeldScalars.One);
            p[w].mul_(signs.mul(Epsilon).add(HeldScalars.One, HeldScalars.One));
        }
        scratch.LoadParameters(p);
        double jp = scratch.Cost(x, y, null);
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        double? difference = double.IsFinite(js) && double.IsFinite(ja) ? (js == ja ? 0 : Math.Abs(js - ja) / Math.Abs(js)) : null;
        double? amplification = double.IsFinite(js) && double.IsFinite(jp) && js != 0 ? Finite(Math.Abs(jp - js) / (Math.Abs(js) * DepthRounding.Epsilon)) : null;
        return new DepthRounding(dataset, model.Activation.Name(), init, model.LayerCount, difference, amplification);
    }

    // Held: an implicit Scalar may be freed by its finalizer mid-call (README "Known limits").
    static readonly TorchSharp.Scalar Half = 0.5, Two = 2.0, MinusOne = -1.0, Epsilon = DepthRounding.Epsilon;

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
