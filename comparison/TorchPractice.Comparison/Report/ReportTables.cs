using System.Globalization;
using TorchPractice.Comparison.Studies;
using TorchPractice.Models;

namespace TorchPractice.Comparison.Report;

/// <summary>Turns results into tables. Accuracies in %, costs to 6 significant digits, times in seconds and µs/iteration.</summary>
public static class ReportTables
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A fraction as a percentage with one decimal ("–" for none).</summary>
    public static string Pct(double? x) => x is double v ? (100 * v).ToString("0.0", Inv) : "–";
    /// <summary>A number in 6 significant digits ("inf", "nan", "–" for none).</summary>
    public static string G(double? x) => x switch
    {
        null => "–",
        double v when double.IsPositiveInfinity(v) => "inf",
        double v when double.IsNaN(v) => "nan",
        double v => v.ToString("G6", Inv),
    };
    internal static string Sci(double x) => x == 0 ? "0" : x.ToString("0.0e+0", Inv);
    internal static string Sec(double s) => s.ToString("0.00", Inv);

    /// <summary>The report's sections, one per study that ran, in order.</summary>
    public static IReadOnlyList<ReportSection> Sections(CompareResults r)
    {
        return CompareStudies.Create().Select(s => s.Section(r)).OfType<ReportSection>().ToList();
    }

    internal static readonly string[] RunColumns = ["train %", "test %", "final cost", "time s", "µs/it"];

    internal static IEnumerable<string> RunCells(RunResult run) => run.Skipped
        ? ["skipped", "", "", "", ""]
        : [Pct(run.TrainAccuracy), Pct(run.TestAccuracy), G(run.FinalCost), Sec(run.Seconds), run.MicrosecondsPerIteration is double us ? us.ToString("0", Inv) : "–"];

    /// <summary>One row per implementation; the pair's agreement on the scratch row.</summary>
    internal static List<IReadOnlyList<string>> PairRows(PairResult pair, Func<RunResult, IEnumerable<string>> extra)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in pair.All)
        {
            bool first = ReferenceEquals(run, pair.Scratch);
            rows.Add(new[] { first ? pair.Label : "", run.Implementation }.Concat(RunCells(run))
                .Append(first ? Sci(pair.MaxRelativeParameterDifference) : "")
                .Append(first ? pair.PredictionDisagreements?.ToString(Inv) ?? "–" : "")
                .Concat(extra(run)).ToArray());
        }
        return rows;
    }

    internal static string Settings(StudySettings s) =>
        $"data {s.Data} ({s.TrainCount} train / {s.TestCount} test), layers [{string.Join(",", s.Layers)}] {s.Activation.Name()}, lr {G(s.LearningRate)}, " +
        $"{s.Iterations} iterations, {s.Rng} stream seed {s.Seed}, cost {s.Cost}, dropout {s.Dropout}";

}
