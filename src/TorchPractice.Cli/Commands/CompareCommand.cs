using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Models;
using TorchPractice.Runtime;
using CompareOptions = TorchPractice.Comparison.Studies.CompareOptions;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice compare`: the course's three studies, both implementations side by side, as a report.</summary>
public sealed class CompareCommand : ICommand
{
    public string Name => "compare";
    public string Summary => "run the course's studies with both implementations side by side and write a report";
    public string Notes => """
        Four studies, each trained by the scratch and the autograd implementation from the same parameters:
          init       circles, [2,10,5,1], lr 0.01: zeros, random ×10, He, LeCun, Xavier, normal vs uniform ×1;
                     gradient norms of the first iterations, hidden-unit symmetry, decision boundaries
          reg        --data (default football), [n_x,20,3,1], LeCun, lr 0.3: none, L2 λ=0.7, dropout keep=0.86 (as the
                     notebook: all training data, scored on test); λ and keep_prob sweeps (scratch only) on train / dev /
                     test: trained on train, chosen and diagnosed (bias/variance) on dev, the chosen one scored on test
          gradcheck  scratch vs numeric vs autograd on the course case and the fraud model, planted bugs
          depth      vanishing / exploding gradients: depths 2, 5, 10, 20, 50 (width 32) on circles and fraud, zeros,
                     random ×10, normal ×1, He, Xavier, LeCun, ReLU and tanh: which init trains at which depth,
                     per-layer gradient norms and activation spreads, heat maps of the extreme cases
        The NumPy peer (and the PyTorch peer where torch is installed) runs the same configurations; --no-peers skips them.
        --layers and --activation set the reg study's model (its three runs and both sweeps); the NumPy peer runs any
        model, the PyTorch peer only the course's three-layer ReLU one (skipped for others).
        --out DIR: an existing non-empty DIR needs --force, which replaces only an earlier report (a directory holding its
        marker file and nothing else). When another run fills DIR meanwhile, this run's report goes to DIR-2 (or -3, …),
        named on stderr, exit 1. A report file that cannot be written (a full disk): the tables are printed, one line
        names the file, no report is kept, exit 1.
        --baseline-error E: avoidable bias = train error − E, variance = dev error − train error.
        Ctrl+C (exit 130) or SIGTERM (exit 143) stops after the next iteration and writes a report of what finished,
        marked incomplete.
        """;

    readonly Option<bool> _quick = Declare.Switch("--quick", "a short tour with fewer iterations (and depths 2, 5, 20 in the depth study)");
    readonly Option<bool> _course = Declare.Switch("--course",
        "the course's conventions (cost formula, dropout re-seeded with 1 every pass), so costs match the notebooks line by line; with --data data.mat the tables show the notebook's accuracies");
    readonly Option<string?> _data = Declare.Text("--data", "football|circles|fraud|PATH.csv|PATH.mat", "the reg study's data", "football");
    readonly Option<bool> _standardize = Declare.Switch("--standardize", "z-score the reg study's features with its training split's mean and std (test split alike)");
    readonly Option<int[]?> _layers = CommonOptions.Layers("the reg study's model: any depth n_x,h_1,…,1, n_x that of --data (default: n_x,20,3,1)");
    readonly Option<Activation?> _activation = CommonOptions.Activation("the reg study's hidden-layer activation (default: relu)");
    readonly Option<IReadOnlySet<string>> _studies = Declare.Value("--studies", string.Join(",", CompareStudies.Names),
        "which studies run (optimization, week 2's, only when named)",
        new CompareOptions().Studies, CompareOptions.ParseStudies, $"a comma-separated list of {string.Join(", ", CompareStudies.Names)}");
    readonly Option<bool> _noPeers = Declare.Switch("--no-peers", "skip the NumPy and PyTorch peers");
    readonly Option<string?> _out = Declare.Text("--out", "DIR",
        "where report.md, results.json and the PNGs go (default: comparison/results/compare-TIMESTAMP in the repository, else ./compare-TIMESTAMP)");
    readonly Option<bool> _force = Declare.Switch("--force", "replace --out when it holds an earlier report (and nothing else)");
    readonly Option<double> _devFraction = Declare.Number("--dev-fraction", "F",
        "the share of the reg study's training data carved out as the sweeps' dev set (stratified, seed 1; with data.mat from X, y: Xval, yval stay the test set)",
        new CompareOptions().DevFraction);
    readonly Option<double> _baselineError = Declare.Number("--baseline-error", "E", "Bayes / human-level error, a fraction, for the bias/variance diagnosis", 0);
    readonly Option<bool> _showAllTest = Declare.Switch("--show-all-test",
        "also show every sweep configuration's test accuracy, in a column \"not used for selection\" (by default only the one chosen on dev is scored on test)");
    readonly Option<DeviceChoice> _device = CommonOptions.Device();
    readonly Option<bool> _json = CommonOptions.Json("print results.json's object on stdout instead of tables");
    public IReadOnlyList<Option> Options =>
    [
        _quick, _course, _data, _standardize, _layers, _activation, _studies, _noPeers, _out, _force, _devFraction, _baselineError, _showAllTest,
        _device, _json,
    ];

    public int Run(ParseResult parse)
    {
        var options = new CompareOptions
        {
            Quick = parse.GetValue(_quick),
            Course = parse.GetValue(_course),
            RegData = parse.GetValue(_data)!,
            Standardize = parse.GetValue(_standardize),
            Studies = parse.GetValue(_studies)!,
            Peers = !parse.GetValue(_noPeers),
            Device = parse.GetValue(_device),
            DevFraction = parse.GetValue(_devFraction),
            BaselineError = parse.GetValue(_baselineError),
            ShowAllTest = parse.GetValue(_showAllTest),
            RegLayers = Declare.GivenValue(parse, _layers),
            RegActivation = parse.GetValue(_activation) ?? Activation.Relu,
        };
        string? given = parse.GetValue(_out);
        string output = given ?? OutputDirectory.DefaultPath(Directory.GetCurrentDirectory(), DateTime.Now);
        bool force = parse.GetValue(_force);
        bool json = parse.GetValue(_json);
        if ((Declare.IsGiven(parse, _layers) || Declare.IsGiven(parse, _activation)) && !options.Studies.Contains(RegularizationStudy.Name))
            throw new UsageException("compare: --layers and --activation set the reg study's model; add reg to --studies");
        options.Validate(); // before the output directory is looked at and before any work

        var results = Presentation.StoppableBySignals(cancel => json
            ? Execute(options, output, force, null, cancel)
            : WithProgress(report => Execute(options, output, force, report, cancel)), out int stoppedCode);
        int exit = results.Complete ? 0 : results.Diverged ? ExitCodes.Diverged : stoppedCode;
        // Another run filled --out while this one ran: the report went beside it. A default name is ours to vary.
        bool moved = results.OutputDirectory is not null && results.OutputDirectory != Path.GetFullPath(output.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : output);
        if (moved && given is not null && exit == 0) exit = ExitCodes.Failure;
        string? movedNote = moved
            ? $"{(given is null ? "note" : "torchpractice: error")}: {Path.GetFullPath(output)} was filled by another run meanwhile; this run's report is in {results.OutputDirectory}"
            : null;
        // A report file could not be written (a full disk): the results are printed all the same, the report is not kept.
        string? reportNote = results.ReportError is { } failed
            ? $"torchpractice: error: the report could not be written to {Path.GetFullPath(output)} ({failed}); the results are above, no report was kept"
            : null;
        if (reportNote is not null && exit == 0) exit = ExitCodes.Failure;

        // The warnings `train` prints, about the reg study's data and runs (stderr, one line each).
        var warnings = new List<string>();
        if (results.Reg?.FeatureScales is { } scales) warnings.Add(Warnings.FeatureScales(scales));
        if (results.Reg is { OneClassRuns: { Count: > 0 } oneClass } reg)
            warnings.Add(Warnings.OneClass($"the reg study's model, in {oneClass.Count} of {reg.RunCount} runs and sweep configurations " +
                $"({string.Join(", ", oneClass.Take(4))}{(oneClass.Count > 4 ? ", …" : "")}),", null, options.Standardize, null, learningRateOption: false));

        if (json)
        {
            foreach (var w in warnings) Console.Error.WriteLine(w);
            Console.Out.WriteLine(ReportWriter.ToJson(results));
            if (movedNote is not null) Console.Error.WriteLine(movedNote);
            if (reportNote is not null) Console.Error.WriteLine(reportNote.Replace("the results are above", "the results are on stdout", StringComparison.Ordinal));
            return exit;
        }
        foreach (var section in ReportTables.Sections(results))
        {
            Presentation.Heading(section.Title);
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(section.Summary)}[/]");
            foreach (var t in section.Tables)
            {
                var table = new Table().Title(Markup.Escape(t.Title));
                foreach (var c in t.Columns) table.AddColumn(Markup.Escape(c));
                foreach (var row in t.Rows) table.AddRow(row.Select(cell => Colour(cell)).ToArray());
                AnsiConsole.Write(table);
                foreach (var note in t.Notes) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(note)}[/]"); // e.g. what a sweep chose on dev
            }
        }
        if (!results.Complete)
            AnsiConsole.MarkupLine($"[yellow]INCOMPLETE: {Markup.Escape(results.IncompleteReason ?? "stopped")}{(results.OutputDirectory is null ? "" : "; the report holds what finished")}.[/]");
        foreach (var w in warnings) Console.Error.WriteLine(w);
        if (results.OutputDirectory is not null)
            AnsiConsole.MarkupLine($"report: [bold]{Markup.Escape(Path.Combine(results.OutputDirectory, ReportWriter.MarkdownFile))}[/] " +
                $"({results.Figures.Count} pictures, results.json), {results.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        if (movedNote is not null) Console.Error.WriteLine(movedNote);
        if (reportNote is not null) Console.Error.WriteLine(reportNote);
        return exit;
    }

    static CompareResults Execute(CompareOptions options, string output, bool force, Action<CompareProgress>? progress, CancellationToken cancel)
    {
        try { return CompareRunner.Run(options, output, force, progress, cancel: cancel); }
        catch (OutputDirectoryException e) { throw new UsageException(Flags(e)); }
    }

    /// <summary>The library's refusal in the command's flags (--out, --force).</summary>
    static string Flags(OutputDirectoryException e) => e.Refusal switch
    {
        OutputDirectoryRefusal.NotEmpty => $"{e.Target} already exists and is not empty; choose another --out or pass --force to replace an earlier report",
        OutputDirectoryRefusal.NotAReport => $"{e.Target} is not an earlier TorchPractice report (no {OutputDirectory.MarkerFile}); --force replaces only such a report: choose another --out",
        OutputDirectoryRefusal.ForeignFile => $"{e.Target} holds {e.ForeignFile}, which is not part of the earlier report; --force replaces only a directory holding nothing but a TorchPractice report: choose another --out",
        _ => e.Message,
    };

    static string Colour(string cell) => cell switch
    {
        "pass" or "yes" => "[green]" + cell + "[/]",
        "MISTAKE" or "NO" => "[red]" + cell + "[/]",
        _ => Markup.Escape(cell),
    };

    /// <summary>
    /// Two bars on stderr: the whole plan (with ETA) and the current run (iteration, cost); when stderr is not a
    /// terminal, a plain line at most every <see cref="ProgressLines.DefaultInterval"/> instead.
    /// </summary>
    static CompareResults WithProgress(Func<Action<CompareProgress>, CompareResults> work)
    {
        if (Console.IsErrorRedirected)
        {
            var lines = new ProgressLines(Console.Error, ProgressLines.DefaultInterval);
            return work(p => lines.Report(() =>
                $"{p.Elapsed:hh\\:mm\\:ss}  overall {100.0 * Math.Min(p.Done, p.Total) / Math.Max(1, p.Total):0}%  {p.Study}: {p.Run}  it {p.Iteration}/{p.Iterations}" +
                (p.Cost is double c ? $"  cost {c.ToString("G5", CultureInfo.InvariantCulture)}" : "")));
        }
        CompareResults result = null!;
        Presentation.OnCallingThread(out _)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var overall = ctx.AddTask("overall", maxValue: 1);
                var current = ctx.AddTask("starting", maxValue: 1);
                var due = Presentation.Due();
                result = work(p =>
                {
                    if (!due()) return;
                    overall.MaxValue = Math.Max(1, p.Total);
                    overall.Value = Math.Min(p.Done, p.Total);
                    overall.Description = Markup.Escape($"overall  {p.Elapsed:mm\\:ss}");
                    current.MaxValue = Math.Max(1, p.Iterations);
                    current.Value = p.Iteration;
                    string cost = p.Cost is double c ? $"  cost {c.ToString("G5", CultureInfo.InvariantCulture)}" : "";
                    current.Description = Markup.Escape($"{p.Study}: {p.Run}  it {p.Iteration}/{p.Iterations}{cost}");
                    ctx.Refresh();
                });
                overall.Value = overall.MaxValue;
                current.Value = current.MaxValue;
                ctx.Refresh();
            });
        return result;
    }
}
