using System.Globalization;
using Spectre.Console;
using TorchPractice.Training;

namespace TorchPractice.Cli;

/// <summary>Progress bars and tables for people (never used with --json).</summary>
static class Presentation
{
    /// <summary>Runs work with a progress bar on stderr showing iteration, cost and ETA.</summary>
    public static T WithProgress<T>(string title, int iterations, Func<Action<TrainingProgress>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: iterations);
                result = work(p =>
                {
                    task.Value = p.Iteration;
                    if (p.LastCost is double c)
                        task.Description = Markup.Escape($"{title}  it {p.Iteration}/{p.Iterations}  cost {c.ToString("G6", CultureInfo.InvariantCulture)}");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    public static void MetricsTable(params (string Set, ConfusionMatrix M)[] rows)
    {
        var t = new Table().AddColumns("set", "accuracy", "precision", "recall", "F1", "TP", "FP", "TN", "FN");
        foreach (var (set, m) in rows)
            t.AddRow(set, Pct(m.Accuracy), Pct(m.Precision), Pct(m.Recall), Pct(m.F1),
                m.TruePositives.ToString(CultureInfo.InvariantCulture), m.FalsePositives.ToString(CultureInfo.InvariantCulture),
                m.TrueNegatives.ToString(CultureInfo.InvariantCulture), m.FalseNegatives.ToString(CultureInfo.InvariantCulture));
        AnsiConsole.Write(t);
    }

    public static string Pct(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
