using System.Globalization;
using Spectre.Console;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Runtime;
using CompareOptions = TorchPractice.Comparison.Studies.CompareOptions;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice compare`: the course's three studies, both implementations side by side, as a report.</summary>
public sealed class CompareCommand : ICommand
{
    public string Name => "compare";
    public string Summary => "run the course's studies with both implementations side by side and write a report";
    public string Usage => """
        usage: torchpractice compare [--quick] [--course] [--data football|circles|fraud|PATH.csv|PATH.mat] [--standardize]
                                     [--studies init,reg,gradcheck] [--no-peers] [--out DIR] [--force]
                                     [--device cpu|cuda|auto] [--json]

        Three studies, each trained by the scratch and the autograd implementation from the same parameters:
          init       circles, [2,10,5,1], lr 0.01: zeros, random ×10, He, LeCun, Xavier, normal vs uniform ×1;
                     gradient norms of the first iterations, hidden-unit symmetry, decision boundaries
          reg        --data (default football), [n_x,20,3,1], LeCun, lr 0.3: none, L2 λ=0.7, dropout keep=0.86,
                     bias/variance diagnosis, λ and keep_prob sweeps (scratch only, fewer iterations)
          gradcheck  scratch vs numeric vs autograd on the course case and the fraud model, planted bugs
        The NumPy peer (and the PyTorch peer where torch is installed) runs the same configurations; --no-peers skips them.
        --quick      a ~30-second tour with fewer iterations
        --course     the course's conventions (cost formula, dropout re-seeded with 1 every pass), so costs match the
                     notebooks line by line; with --data data.mat the tables show the notebook's accuracies
        --standardize  z-score the reg study's features with its training split's mean and std (test split alike)
        --out DIR    where report.md, results.json and the PNGs go (default: comparison/results/compare-TIMESTAMP in
                     the repository, else ./compare-TIMESTAMP); an existing non-empty DIR needs --force
        --json       print results.json's object on stdout instead of tables
        Ctrl+C stops after the current iteration and writes a report of what finished, marked incomplete.
        """;
    public IReadOnlySet<string> Switches { get; } = new HashSet<string> { "json", "quick", "course", "force", "no-peers", "standardize" };

    public int Run(CommandLine o)
    {
        var options = new CompareOptions
        {
            Quick = o.Flag("quick"),
            Course = o.Flag("course"),
            RegData = o.String("data", "football"),
            Standardize = o.Flag("standardize"),
            Studies = o.Parse("studies", new CompareOptions().Studies, CompareOptions.ParseStudies, "a comma-separated list of init, reg, gradcheck"),
            Peers = !o.Flag("no-peers"),
            Device = DeviceChoices.Parse(o.String("device", "cpu")),
        };
        string output = o.String("out") ?? OutputDirectory.DefaultPath(Directory.GetCurrentDirectory(), DateTime.Now);
        bool force = o.Flag("force");
        bool json = o.Flag("json");
        o.RejectUnknown();

        var results = Presentation.StoppableByCtrlC(cancel => json
            ? Execute(options, output, force, null, cancel)
            : WithProgress(report => Execute(options, output, force, report, cancel)));

        if (json)
        {
            Console.Out.WriteLine(ReportWriter.ToJson(results));
            return results.Complete ? 0 : results.Diverged ? ExitCodes.Diverged : ExitCodes.Interrupted;
        }
        foreach (var section in ReportTables.Sections(results))
        {
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(section.Title)}[/]").LeftJustified());
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(section.Summary)}[/]");
            foreach (var t in section.Tables)
            {
                var table = new Table().Title(Markup.Escape(t.Title));
                foreach (var c in t.Columns) table.AddColumn(Markup.Escape(c));
                foreach (var row in t.Rows) table.AddRow(row.Select(cell => Colour(cell)).ToArray());
                AnsiConsole.Write(table);
            }
        }
        if (!results.Complete)
            AnsiConsole.MarkupLine($"[yellow]INCOMPLETE: {Markup.Escape(results.IncompleteReason ?? "stopped")}; the report holds what finished.[/]");
        AnsiConsole.MarkupLine($"report: [bold]{Markup.Escape(Path.Combine(results.OutputDirectory!, ReportWriter.MarkdownFile))}[/] " +
            $"({results.Figures.Count} pictures, results.json), {results.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return results.Complete ? 0 : results.Diverged ? ExitCodes.Diverged : ExitCodes.Interrupted;
    }

    static CompareResults Execute(CompareOptions options, string output, bool force, Action<CompareProgress>? progress, CancellationToken cancel)
    {
        try { return CompareRunner.Run(options, output, force, progress, cancel: cancel); }
        catch (OutputDirectoryException e) { throw new UsageException(e.Message); }
    }

    static string Colour(string cell) => cell switch
    {
        "pass" or "yes" => "[green]" + cell + "[/]",
        "MISTAKE" or "NO" => "[red]" + cell + "[/]",
        _ => Markup.Escape(cell),
    };

    /// <summary>Two bars on stderr: the whole plan (with ETA) and the current run (iteration, cost).</summary>
    static CompareResults WithProgress(Func<Action<CompareProgress>, CompareResults> work)
    {
        CompareResults result = null!;
        Presentation.OnCallingThread(out _)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var overall = ctx.AddTask("overall", maxValue: 1);
                var current = ctx.AddTask("starting", maxValue: 1);
                var refresh = Presentation.Throttled(ctx);
                result = work(p =>
                {
                    overall.MaxValue = Math.Max(1, p.Total);
                    overall.Value = Math.Min(p.Done, p.Total);
                    overall.Description = Markup.Escape($"overall  {p.Elapsed:mm\\:ss}");
                    current.MaxValue = Math.Max(1, p.Iterations);
                    current.Value = p.Iteration;
                    string cost = p.Cost is double c ? $"  cost {c.ToString("G5", CultureInfo.InvariantCulture)}" : "";
                    current.Description = Markup.Escape($"{p.Study}: {p.Run}  it {p.Iteration}/{p.Iterations}{cost}");
                    refresh();
                });
                overall.Value = overall.MaxValue;
                current.Value = current.MaxValue;
                ctx.Refresh();
            });
        return result;
    }
}
