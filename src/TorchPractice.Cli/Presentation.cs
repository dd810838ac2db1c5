using System.Globalization;
using Spectre.Console;
using TorchPractice.Training;

namespace TorchPractice.Cli;

/// <summary>Progress bars and tables for people (never used with --json).</summary>
static class Presentation
{
    /// <summary>
    /// Progress bars on stderr that redraw from the calling (training) thread, at most every 100 ms,
    /// never from a background thread. Why: TorchSharp 0.107 frees implicitly converted Scalars in
    /// finalizers, so a garbage collection set off by another thread while ours is inside a libtorch
    /// call can free a Scalar that call is using ("Unknown scalar type", or garbage). With a single
    /// thread allocating, collections only start between libtorch calls.
    /// </summary>
    public static Progress OnCallingThread(out IAnsiConsole console)
    {
        console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress().AutoRefresh(false);
    }

    /// <summary>A refresh for <see cref="OnCallingThread"/>'s context that redraws at most every 100 ms.</summary>
    public static Action Throttled(ProgressContext ctx)
    {
        var since = System.Diagnostics.Stopwatch.StartNew();
        return () =>
        {
            if (since.ElapsedMilliseconds < 100) return;
            ctx.Refresh();
            since.Restart();
        };
    }

    /// <summary>Runs work with a progress bar on stderr showing iteration, cost and ETA.</summary>
    public static T WithProgress<T>(string title, int iterations, Func<Action<TrainingProgress>, T> work)
    {
        T result = default!;
        OnCallingThread(out _)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: iterations);
                var refresh = Throttled(ctx);
                result = work(p =>
                {
                    task.Value = p.Iteration;
                    if (p.LastCost is double c)
                        task.Description = Markup.Escape($"{title}  it {p.Iteration}/{p.Iterations}  cost {c.ToString("G6", CultureInfo.InvariantCulture)}");
                    refresh();
                });
                task.Value = task.MaxValue;
                ctx.Refresh();
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

    /// <summary>The course's bias/variance diagnosis in one line, with its rules.</summary>
    public static void Diagnosis(BiasVariance d)
    {
        static string Pp(double x) => (100 * x).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) + " pp";
        // Console, not AnsiConsole: these lines must not be wrapped at the terminal's width.
        Console.WriteLine($"bias/variance: avoidable bias {Pp(d.AvoidableBias)}, variance {Pp(d.Variance)}: {d.Verdict}; the larger is {d.Larger}, where the course says to work first");
        Console.WriteLine($"({BiasVariance.Rules(d.BaselineError)})");
    }

    /// <summary>Runs work with Ctrl+C turned into cancellation: the work stops at its next check and returns what finished.</summary>
    public static T StoppableByCtrlC<T>(Func<CancellationToken, T> work)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += stop;
        try { return work(cancel.Token); }
        finally { Console.CancelKeyPress -= stop; }
    }

    public static string Pct(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
