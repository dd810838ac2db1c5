using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TorchPractice.Comparison.Plots;
using TorchPractice.Data;
using TorchPractice.Data.Scaling;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice gradcheck`: checks the hand-written backward pass (and autograd) against central differences.</summary>
public sealed class GradCheckCommand : ICommand
{
    public string Name => "gradcheck";
    public string Summary => "check the hand-written gradients against numeric ones and autograd";
    public string Notes =>
        "Central differences (θ ± ε, float64) against the scratch model's backward pass and against autograd; difference =\n" +
        "‖g − g̃‖ / (‖g‖ + ‖g̃‖) overall and per tensor, so a wrong gradient is named. Give --case or --data (with --label,\n" +
        "--data-seed, --samples, --standardize), not both.\n" +
        "  --case course    the course's gradient_check_n test case (np.random.seed(1), 47 parameters, course cost formula)\n" +
        "  --case fraud     the built-in fraud data's first 256 samples, 24 features, layers 24,20,10,1 (721 parameters)\n" +
        "  --case circles   the course's circles training set (300 samples), layers 2,10,5,1 (91 parameters)\n" +
        "  --bug            plants a mistake in the hand-written backward pass:\n" +
        string.Concat(PlantedBugs.All.Select(b => $"                     {b.Name,-19} {b.Description}\n")) +
        "Entries on a kink (e.g. a ReLU input exactly 0: the one-sided differences disagree) are listed as non-differentiable\n" +
        "and left out of the verdict. Each wrong tensor gets a diagnosis: what its mistake looks like (a constant ratio such as\n" +
        "2.000× with its likely cause, a flipped sign, a missing gradient, a missing L2 term −(λ/m)·W, the rows (units) or\n" +
        "entries it is confined to).\n" +
        "Exit code: 0 the gradients pass, 1 a mistake was found (or the check is inconclusive), 2 bad input.";

    readonly Option<string?> _case = Declare.Choice<string?>("--case", "the built-in case to check (default: course; see below)", null,
        [("course", "course"), ("fraud", "fraud"), ("circles", "circles")]);
    readonly Option<string?> _data = Declare.Text("--data", "circles|football|fraud|PATH.csv|PATH.mat", "the built-in model on your data instead of a --case");
    readonly Option<string?> _label = Declare.Text("--label", "NAME", "--data's label column (default: the last)");
    readonly Option<long> _dataSeed = Seeds.Option("--data-seed", "--data's train/test split (and the built-in data: 1, moons 3, the course's); [0, 2**32 − 1] (circles, moons: up to 2**32 − 2)",
        BuiltInDatasets.DefaultSeed, max: null);
    readonly Option<int?> _samples = Declare.OptionalInt("--samples", "M", "check on --data's first M training samples (default: all)");
    readonly Option<bool> _standardize = Declare.Switch("--standardize",
        "z-score --data's features with its training split's mean and std (as train --standardize); a --load FILE saved so brings its own");
    readonly Option<string?> _load = Declare.Text("--load", "FILE", "check at saved parameters (e.g. after train --save FILE); the layers come from the file");
    readonly Option<int[]?> _layers = CommonOptions.Layers("n_x,h_1,…,h_{L−1},1: any depth (the course case is 4,5,3,1)");
    readonly Option<Activation?> _activation = CommonOptions.Activation("the hidden layers' activation (default: relu; the course case uses relu)");
    readonly Option<double> _lambd = Declare.Number("--lambd", "L", "include the L2 term in J", 0);
    readonly Option<double> _keepProb = Declare.Number("--keep-prob", "P", "below 1: dropout, with the masks frozen for the whole check", 1);
    readonly Option<PlantedBug?> _bug = Declare.Choice<PlantedBug?>("--bug", "plant a mistake in the hand-written backward pass (none: no mistake; see below)", null,
        [("none", null), .. PlantedBugs.All.Select(b => (b.Name, (PlantedBug?)b))]);
    readonly Option<double> _epsilon = Declare.Number("--epsilon", "E", "the step θ ± ε (the course's)", 1e-7,
        e => e > 0 && e <= 0.01 ? null : $"--epsilon must be in (0, 0.01] (a small step; the course uses 1e-7); got {e.ToString("G", CultureInfo.InvariantCulture)}");
    readonly Option<double> _threshold = Declare.Number("--threshold", "T", "the largest difference that passes (the course's)", 2e-7,
        t => t > 0 && !double.IsInfinity(t) ? null : $"--threshold must be a finite number > 0; got {t.ToString("G", CultureInfo.InvariantCulture)}");
    readonly Option<int?> _subset = Declare.OptionalInt("--subset", "K", "check K random coordinates (seeded by --seed) instead of all",
        k => k >= 1 ? null : $"--subset must be ≥ 1; got {k}");
    readonly Option<long> _seed = Seeds.Option("--seed", "the weights of --case fraud/circles and --data, the dropout masks and --subset's coordinates; [0, 2**31 − 1]",
        1, int.MaxValue);
    readonly Option<bool> _naive = Declare.Switch("--naive", "one forward pass per perturbation (the reference) instead of batched");
    readonly Option<bool> _float32 = Declare.Switch("--float32", "a float32 model: checked in float64 all the same (ε steps drown in float32 rounding), with a note");
    readonly Option<DeviceChoice> _device = CommonOptions.Device();
    readonly Option<string?> _plot = Declare.Text("--plot", "DIR",
        "a heat map of the relative error per entry for each wrong tensor, DIR/<tensor>.png (DIR: new, empty, or written by an earlier --plot)");
    readonly Option<bool> _json = CommonOptions.Json();
    public IReadOnlyList<Option> Options =>
    [
        _case, _data, _label, _dataSeed, _samples, _standardize, _load, _layers, _activation, _lambd, _keepProb, _bug, _epsilon, _threshold,
        _subset, _seed, _naive, _float32, _device, _plot, _json,
    ];

    public int Run(ParseResult parse)
    {
        string? dataSpec = parse.GetValue(_data);
        string? label = parse.GetValue(_label);
        long dataSeed = Seeds.DataSeed("gradcheck", parse, _dataSeed, dataSpec);
        int? samples = parse.GetValue(_samples);
        string? load = parse.GetValue(_load);
        bool standardize = parse.GetValue(_standardize);
        if (dataSpec is null && standardize)
            throw new UsageException("gradcheck: --standardize applies to --data only");
        if (dataSpec is not null && parse.GetValue(_case) is not null)
            throw new UsageException("gradcheck: give --case or --data, not both");
        string caseName = parse.GetValue(_case) ?? "course";
        if (dataSpec is null && (label is not null || samples is not null || Declare.IsGiven(parse, _dataSeed)))
            throw new UsageException("gradcheck: --label, --samples and --data-seed apply to --data only");
        int[]? givenLayers = Declare.GivenValue(parse, _layers);
        Activation? givenActivation = parse.GetValue(_activation);
        double lambd = parse.GetValue(_lambd);
        double keepProb = parse.GetValue(_keepProb);
        var bug = parse.GetValue(_bug);
        double epsilon = parse.GetValue(_epsilon);
        double threshold = parse.GetValue(_threshold);
        int? subset = parse.GetValue(_subset);
        int seed = (int)parse.GetValue(_seed);
        bool naive = parse.GetValue(_naive);
        bool float32 = parse.GetValue(_float32);
        var deviceChoice = parse.GetValue(_device);
        bool json = parse.GetValue(_json);
        string? plot = parse.GetValue(_plot);
        if (plot is not null) PlotDirectory.Check(plot); // before any work

        if (bug == PlantedBugs.DropoutRescale && !(keepProb < 1))
            throw new UsageException("gradcheck: --bug dropout-rescale only changes the gradient with dropout: give --keep-prob < 1");
        if (bug == PlantedBugs.L2Forgotten && !(lambd > 0))
            throw new UsageException("gradcheck: --bug l2-forgotten only changes the gradient with L2: give --lambd > 0");
        // ε, the threshold and --subset ≥ 1 were checked by their options; --subset's upper bound once the count is known.
        var check = new GradCheckOptions { Epsilon = epsilon, Threshold = threshold, Subset = subset, Seed = seed };

        using var scope = NewDisposeScope();
        using var saved = load is null ? null : ParameterFile.Read(load); // one read: parameters, layers, activation, scaling, features
        var loaded = saved?.Parameters;
        int[]? fileLayers = saved?.Layers;
        if (fileLayers is not null && givenLayers is not null && !givenLayers.SequenceEqual(fileLayers))
            throw new UsageException($"gradcheck: --layers {string.Join(",", givenLayers)} differs from the layers of {load} ({string.Join(",", fileLayers)}); leave --layers out");
        Activation? fileActivation = saved?.Activation;
        if (fileActivation is not null && givenActivation is not null && givenActivation != fileActivation)
            throw new UsageException($"gradcheck: --activation {givenActivation.Value.Name()} differs from the activation of {load} ({fileActivation.Value.Name()}); leave --activation out");
        var activation = fileActivation ?? givenActivation ?? Activation.Relu;
        string source;
        bool standardized = false;
        ModelOptions options;
        Tensor x, y;
        ParameterSet p;
        Tensor[]? masks;
        if (dataSpec is not null)
        {
            var data = DataSources.Resolve(dataSpec, new DataOptions { LabelColumn = label, Seed = dataSeed });
            // A loaded model checks its features by name, and is checked on the scaling it was trained with (its own).
            saved?.CheckFeatures(data.Train.FeatureNames, dataSpec);
            if (saved is { Standardization: null } && standardize)
                throw new UsageException(LoadedRawModel("gradcheck", load!));
            var scaling = saved is not null ? saved.Standardization : standardize ? Standardization.Fit(data.Train) : null;
            if (scaling is not null)
            {
                if (scaling.FeatureCount != data.Train.FeatureCount)
                    throw new UsageException($"gradcheck: the standardization of {load} is for {scaling.FeatureCount} features but data '{dataSpec}' has {data.Train.FeatureCount}");
                data = scaling.Apply(data);
                standardized = true;
            }
            int[] layers = fileLayers ?? givenLayers ?? [data.Train.FeatureCount, 10, 5, 1];
            options = new ModelOptions { Layers = layers, Activation = activation, Init = Init.He, Lambd = lambd, KeepProb = keepProb, DType = float32 ? ScalarType.Float32 : ScalarType.Float64 };
            options.Validate();
            DataSources.CheckFeatureCount(data, layers[0], dataSpec);
            var device = TorchRuntime.Select(deviceChoice);
            if (samples is { } count && (count < 1 || count > data.Train.Count))
                throw new UsageException($"gradcheck: --samples must be between 1 and the {data.Train.Count} training samples; got {count}");
            (x, y, p, masks) = BuiltInCase.FromData(data, options, seed, device, samples, loaded);
            source = $"data {dataSpec}{(standardized ? ", standardized" : "")}";
        }
        else
        {
            int[] defaultLayers = BuiltInCase.DefaultLayers(caseName);
            int[] layers = fileLayers ?? givenLayers ?? defaultLayers;
            if (caseName == "course" && !layers.SequenceEqual(defaultLayers))
                throw new UsageException($"gradcheck: the course case has layers 4,5,3,1; got {(fileLayers is null ? "--layers" : load)} {string.Join(",", layers)}");
            if (caseName == "course" && activation != Activation.Relu)
                throw new UsageException($"gradcheck: the course case uses relu; got {(fileActivation is null ? "--activation" : load)} {activation.Name()}");
            if (layers.Length > 0 && layers[0] != defaultLayers[0])
                throw new UsageException($"gradcheck: case {caseName} has {defaultLayers[0]} features, so --layers must start with {defaultLayers[0]}; got {layers[0]}");
            options = (caseName == "course" ? CourseCase.Options : new ModelOptions { Layers = layers, Activation = activation, Init = Init.He })
                with { Lambd = lambd, KeepProb = keepProb, DType = float32 ? ScalarType.Float32 : ScalarType.Float64 };
            options.Validate();
            var device = TorchRuntime.Select(deviceChoice);
            CheckPlantable(bug, options); // before staging the case for it
            (x, y, p, masks) = BuiltInCase.Create(caseName, options, seed, device);
            source = $"case {caseName}";
            if (loaded is null && bug?.Stage(x, p) is { } staged) source += $" ({staged})"; // a loaded model is checked as saved
            if (loaded is not null)
            {
                ParameterShapes.Check(options, loaded);
                var drawn = p;
                p = loaded.To(device, float64);
                drawn.Dispose();
            }
        }
        CheckPlantable(bug, options);
        source += $", layers {string.Join(",", options.Layers)}, {options.Activation.Name()}";
        if (float32) { var rounded = p.To(x.device, ScalarType.Float32); p.Dispose(); p = rounded; } // a float32 model's parameters
        using (p)
        {
            var report = GradCheck.Model(options, p, x, y, masks, bug, check, batched: !naive);
            var run = new CheckRun(options, bug, naive, check);
            var plots = plot is null ? null : Plots(plot, report);
            if (json) Json.Print(ToJson(dataSpec is null ? caseName : null, dataSpec, standardized, load, run, report, plots));
            else
            {
                Print(source, run, report);
                if (plots is not null)
                    AnsiConsole.MarkupLine(plots.Count == 0 ? $"heat maps: none (no wrong tensor) in {Markup.Escape(plot!)}"
                        : $"heat maps of the relative error per entry: {Markup.Escape(string.Join(", ", plots))}");
            }
            return report.Passed ? 0 : 1;
        }
    }

    static void CheckPlantable(PlantedBug? bug, ModelOptions options)
    {
        if (bug?.Unplantable(options) is { } why)
            throw new UsageException(options.LayerCount < 2
                ? $"gradcheck: --bug {bug.Name} needs a hidden layer; --layers {string.Join(",", options.Layers)} is logistic regression"
                : $"gradcheck: --bug {bug.Name}: {why}");
    }

    /// <summary>What the check was asked to do, besides the result: the model, the planted bug, how the numeric side ran.</summary>
    sealed record CheckRun(ModelOptions Model, PlantedBug? Bug, bool Naive, GradCheckOptions Check)
    {
        public string BugName => Bug?.Name ?? "none";
        public string NumericMethod => Naive ? "naive" : "batched";
        public string Cost => Model.CourseCost ? "course" : "stable";
        public string DropoutMasks => Model.UsesDropout ? "frozen" : "none";
    }

    /// <summary>--standardize with a --load FILE trained on raw features: refused (its weights expect unscaled inputs).</summary>
    internal static string LoadedRawModel(string command, string load) =>
        $"{command}: --standardize: {load} was trained on raw features, so its weights expect them unscaled; leave --standardize out " +
        "(a model trained with --standardize stores its scaling and --load applies it by itself)";

    /// <summary>One heat map per wrong tensor (the first comparison that found it), DIR/&lt;tensor&gt;.png.</summary>
    static IReadOnlyList<string> Plots(string dir, GradCheckResult r)
    {
        var pictures = new List<(string, Action<string>)>();
        var done = new HashSet<string>();
        foreach (var c in r.Comparisons)
            foreach (var t in c.Tensors.Where(t => !t.Passed && done.Add(t.Name)))
            {
                var panel = Figures.ErrorPanel.Of(r, t, $"{t.Name}: relative error per entry ({c.Analytic} vs {c.Reference})", c.Analytic, c.Reference);
                pictures.Add(($"{t.Name}.png", path => Figures.RelativeErrors(path, [panel])));
            }
        return PlotDirectory.Write(dir, pictures);
    }

    static object ToJson(string? caseName, string? data, bool standardized, string? load, CheckRun run, GradCheckResult r, IReadOnlyList<string>? plots)
    {
        static object Tensors(GradientComparison c) => c.Tensors.Select(t => new { t.Name, t.Difference, t.Share, t.Passed, t.Checked, t.Diagnosis }).ToArray();
        var main = r.Comparison("scratch", "numeric")!;
        var model = run.Model;
        return new
        {
            Case = caseName,
            Data = data,
            Standardized = standardized,
            Parameters = load,
            model.Layers,
            model.Activation,
            main.Difference,
            main.Passed,
            Tensors = Tensors(main),
            AllPassed = r.Passed,
            r.ParameterCount,
            CheckedCount = run.Check.Subset ?? r.ParameterCount,
            Subset = run.Check.Subset is not null,
            SubsetSeed = run.Check.Subset is null ? (int?)null : run.Check.Seed,
            run.Check.Epsilon,
            run.Check.Threshold,
            model.Lambd,
            model.KeepProb,
            run.DropoutMasks,
            run.Cost,
            Bug = run.BugName,
            run.NumericMethod,
            r.Notes,
            r.Inconclusive,
            NonDifferentiable = r.NonDifferentiable,
            Plots = plots,
            Comparisons = r.Comparisons.Select(c => new
            {
                c.Name, c.Analytic, c.Reference, c.Checked, c.Difference, c.Passed, Tensors = Tensors(c), c.FailingTensors, c.Worst,
            }).ToArray(),
        };
    }

    static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    static void Print(string source, CheckRun run, GradCheckResult r)
    {
        AnsiConsole.MarkupLine($"gradient check, [bold]{Markup.Escape(source)}[/]: {r.ParameterCount} parameters, " +
            (run.Check.Subset is { } count ? $"{count} checked (random subset, seed {run.Check.Seed})" : "all checked") +
            $", ε {G(run.Check.Epsilon)}, threshold {G(run.Check.Threshold)}, cost {run.Cost}, λ {G(run.Model.Lambd)}, keep_prob {G(run.Model.KeepProb)}, " +
            $"bug {Markup.Escape(run.BugName)}, numeric {run.NumericMethod}");
        foreach (var f in r.Failures) AnsiConsole.MarkupLine($"[red]failure:[/] {Markup.Escape(f)}");
        foreach (var n in r.Notes) AnsiConsole.MarkupLine($"[grey]note: {Markup.Escape(n)}[/]");
        foreach (var c in r.Comparisons)
        {
            var t = new Table().Title($"{c.Name}: difference {G(c.Difference)} — {(c.Passed ? "[green]pass[/]" : "[red]MISTAKE[/]")}")
                .AddColumn("tensor").AddColumn("checked").AddColumn("difference").AddColumn("share of overall").AddColumn("verdict");
            foreach (var d in c.Tensors)
                t.AddRow(d.Name, d.Checked.ToString(CultureInfo.InvariantCulture), G(d.Difference), G(d.Share), d.Passed ? "[green]ok[/]" : "[red]wrong[/]");
            AnsiConsole.Write(t);
            foreach (var d in c.Tensors.Select(d => d.Diagnosis).OfType<Diagnosis>())
                AnsiConsole.MarkupLine($"[yellow]diagnosis:[/] {Markup.Escape(d.Message)}");
            if (!c.Passed && c.Worst.Count > 0)
            {
                var w = new Table().Title($"worst entries ({c.Analytic} vs {c.Reference})")
                    .AddColumn("tensor").AddColumn("index").AddColumn("(row, col)").AddColumn(c.Analytic).AddColumn(c.Reference)
                    .AddColumn("abs error").AddColumn("rel error");
                foreach (var e in c.Worst)
                    w.AddRow(e.Name, e.Index.ToString(CultureInfo.InvariantCulture), $"({e.Row}, {e.Column})", G(e.Analytic), G(e.Reference),
                        G(e.AbsoluteError), G(e.RelativeError));
                AnsiConsole.Write(w);
            }
        }
        if (r.NonDifferentiable.Count > 0)
        {
            var k = new Table().Title($"non-differentiable entries (kinks): {r.NonDifferentiable.Count}, left out of the verdict")
                .AddColumn("tensor").AddColumn("index").AddColumn("(row, col)").AddColumn("left slope").AddColumn("right slope");
            foreach (var e in r.NonDifferentiable.Take(10))
                k.AddRow(e.Name, e.Index.ToString(CultureInfo.InvariantCulture), $"({e.Row}, {e.Column})", G(e.Left), G(e.Right));
            if (r.NonDifferentiable.Count > 10) k.Caption($"… and {r.NonDifferentiable.Count - 10} more (--json lists all)");
            AnsiConsole.Write(k);
        }
        AnsiConsole.MarkupLine(r.Passed
            ? "[green]Your backward propagation works perfectly fine![/]"
            : r.Inconclusive is { } why ? $"[yellow]The check is inconclusive:[/] {Markup.Escape(why)}"
            : $"[red]There is a mistake in the backward propagation![/] wrong: {Markup.Escape(string.Join(", ", r.Wrong))}");
    }
}
