using System.Globalization;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// A gate for <see cref="OnCallingThread"/>'s updates: true at most every 100 ms. Progress arrives after every
    /// iteration; updating the bars (a lock and a speed sample each) only when due keeps that off the training loop.
    /// </summary>
    public static Func<bool> Due()
    {
        var since = System.Diagnostics.Stopwatch.StartNew();
        return () =>
        {
            if (since.ElapsedMilliseconds < 100) return false;
            since.Restart();
            return true;
        };
    }

    /// <summary>
    /// Runs work with a progress bar on stderr showing iteration, cost and ETA; when stderr is not a terminal (a log
    /// file, CI), plain lines instead, at most one per <see cref="ProgressLines.DefaultInterval"/> (see <see cref="ProgressLines"/>).
    /// </summary>
    public static T WithProgress<T>(string title, int iterations, Func<Action<TrainingProgress>, T> work)
    {
        string Line(TrainingProgress p) => $"{title}  it {p.Iteration}/{p.Iterations}" +
            (p.LastCost is double c ? $"  cost {c.ToString("G6", CultureInfo.InvariantCulture)}" : "");
        if (Console.IsErrorRedirected)
        {
            var lines = new ProgressLines(Console.Error, ProgressLines.DefaultInterval);
            lines.Report(() => $"{title}  it 0/{iterations}");
            var result = work(p => lines.Report(() => $"{Line(p)}  {p.Elapsed:hh\\:mm\\:ss}", p.Iteration >= p.Iterations));
            return result;
        }
        T output = default!;
        OnCallingThread(out _)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: iterations);
                var due = Due();
                TrainingProgress? last = null;
                output = work(p =>
                {
                    last = p;
                    if (!due()) return;
                    task.Value = p.Iteration;
                    if (p.LastCost is not null) task.Description = Markup.Escape(Line(p));
                    ctx.Refresh();
                });
                if (last?.LastCost is not null) task.Description = Markup.Escape(Line(last));
                task.Value = task.MaxValue;
                ctx.Refresh();
            });
        return output;
    }

    /// <summary>Stdout's width for tables when it is not a terminal: wide enough that no table wraps.</summary>
    public const int RedirectedWidth = 1000;

    /// <summary>
    /// Call at the start of every run: when stdout is a file or pipe, Spectre would render tables 80 columns wide and wrap every
    /// cell; give it <see cref="RedirectedWidth"/> columns instead, so tables keep their natural width.
    /// </summary>
    public static void ConfigureStdout()
    {
        // Bound to today's Console.Out: Spectre's default console keeps the writer it first saw, so a second run in one
        // process (the in-process CLI tests) would print its tables into the first run's writer.
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = RedirectedWidth;
    }

    /// <summary>A section heading on stdout: a rule on a terminal, "## title" in a file (a rule would be as wide as the page).</summary>
    public static void Heading(string title)
    {
        if (Console.IsOutputRedirected) AnsiConsole.MarkupLine($"[bold]## {Markup.Escape(title)}[/]");
        else AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
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
        Console.WriteLine(d.BelowBaseline
            ? $"bias/variance: avoidable bias {Pp(d.AvoidableBias)} (NEGATIVE), variance {Pp(d.Variance)}: {d.Verdict}"
            : $"bias/variance: avoidable bias {Pp(d.AvoidableBias)}, variance {Pp(d.Variance)}: {d.Verdict}; the larger is {d.Larger}, where the course says to work first");
        if (d.Warning is { } warning) Console.WriteLine($"warning: {warning}");
        Console.WriteLine($"({BiasVariance.Rules(d.BaselineError)})");
    }

    /// <summary>
    /// Runs work with Ctrl+C (SIGINT) and SIGTERM turned into cancellation: the work stops at its next check and
    /// returns what finished. <paramref name="stoppedExitCode"/> is what to exit with if it was stopped: 130 for
    /// Ctrl+C, 143 for SIGTERM (128 + the signal, as shells report).
    /// </summary>
    public static T StoppableBySignals<T>(Func<CancellationToken, T> work, out int stoppedExitCode)
    {
        using var cancel = new CancellationTokenSource();
        int code = ExitCodes.Interrupted;
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!cancel.IsCancellationRequested) code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
            cancel.Cancel();
        }
        using (PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop))
        using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop))
        {
            var result = work(cancel.Token);
            stoppedExitCode = code;
            return result;
        }
    }

    /// <summary>"Ctrl+C" or "SIGTERM", for messages, from <see cref="StoppableBySignals"/>'s exit code.</summary>
    public static string StoppedBy(int stoppedExitCode) => stoppedExitCode == ExitCodes.Terminated ? "SIGTERM" : "Ctrl+C";

    public static string Pct(double x) => (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
