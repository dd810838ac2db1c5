using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Comparison.Report;

/// <summary>report.md and results.json.</summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "results.json";

    /// <summary>snake_case fields; inf and nan as "Infinity" / "NaN" (course-mode costs can be inf).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string ToJson(CompareResults results) => JsonSerializer.Serialize(results, JsonOptions);

    public static string ToMarkdown(CompareResults r)
    {
        var md = new StringBuilder();
        md.AppendLine("# TorchPractice compare: scratch vs autograd");
        md.AppendLine();
        if (!r.Complete)
            md.AppendLine($"> **INCOMPLETE**: {r.IncompleteReason ?? "the run was stopped"}. Only the runs that finished are reported.").AppendLine();
        md.AppendLine($"- started {r.Started:yyyy-MM-dd HH:mm:ss zzz}, took {r.Seconds:0.0} s on {r.Device}");
        md.AppendLine($"- mode: {(r.Quick ? "quick tour (fewer iterations)" : "full")}{(r.Course ? ", course conventions (course cost formula, dropout re-seeded with 1 every pass)" : "")}");
        md.AppendLine($"- studies: {string.Join(", ", r.Studies)}; iterations: init {r.Iterations.Init}, reg {r.Iterations.Reg}, sweeps {r.Iterations.Sweep}, gradient norms {r.Iterations.GradientNorms}" +
            (r.Studies.Contains("depth") ? $", depth {r.Iterations.Depth} (gradient norms {r.Iterations.DepthGradientNorms}, depths {string.Join(",", r.Iterations.DepthList)})" : ""));
        foreach (var p in r.Peers) md.AppendLine($"- peer {p.Peer}: {(p.Available ? "ran" : "skipped")} ({p.Detail})");
        md.AppendLine($"- every number is in [{JsonFile}]({JsonFile})");
        md.AppendLine();
        foreach (var s in ReportTables.Sections(r))
        {
            md.AppendLine($"## {s.Title}").AppendLine().AppendLine(s.Summary).AppendLine();
            foreach (var t in s.Tables)
            {
                md.AppendLine($"### {t.Title}").AppendLine();
                md.AppendLine("| " + string.Join(" | ", t.Columns.Select(Cell)) + " |");
                md.AppendLine("|" + string.Concat(t.Columns.Select(_ => "---|")));
                foreach (var row in t.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                md.AppendLine();
                foreach (var n in t.Notes) md.AppendLine($"- {n}");
                if (t.Notes.Count > 0) md.AppendLine();
            }
            foreach (var n in s.Notes) md.AppendLine($"- {n}");
            if (s.Notes.Count > 0) md.AppendLine();
            foreach (var (caption, file) in s.Figures) md.AppendLine($"![{caption}]({file})").AppendLine();
        }
        return md.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
