using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Comparison.Report;

/// <summary>report.md and results.json.</summary>
public static class ReportWriter
{
    /// <summary>The report's file name.</summary>
    public const string MarkdownFile = "report.md";
    /// <summary>The results' file name.</summary>
    public const string JsonFile = "results.json";

    /// <summary>
    /// snake_case fields, enums as snake_case strings. Serialize with <see cref="Serialize{T}"/>, which writes a NaN or
    /// infinite number (course-mode costs can be inf) as null with the reason in a sibling field.
    /// </summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new NonFiniteMarker() },
    };

    /// <summary>results.json's text (see <see cref="Serialize{T}"/>).</summary>
    public static string ToJson(CompareResults results) => Serialize(results);

    /// <summary>
    /// Strict JSON, one rule for results.json and every command's --json: a NaN or infinite number is null, and its
    /// reason is a sibling field NAME_non_finite ("inf", "-inf" or "nan"); for numbers in an array, NAME_non_finite lists
    /// them as [{index, value}]. Strict parsers (no "Infinity" / "NaN" strings where numbers belong) read it.
    /// </summary>
    public static string Serialize<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, JsonOptions);
        if (node is null) return "null";
        Replace(node);
        return node.ToJsonString(JsonOptions);
    }

    const string Marker = "\u0001non-finite:";

    /// <summary>Writes a non-finite double as a marked string that <see cref="Replace"/> turns into null and a sibling.</summary>
    sealed class NonFiniteMarker : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Null => double.NaN,
                JsonTokenType.String => reader.GetString() switch { "Infinity" or "inf" => double.PositiveInfinity, "-Infinity" or "-inf" => double.NegativeInfinity, _ => double.NaN },
                _ => reader.GetDouble(),
            };
        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteStringValue(Marker + (double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf"));
        }
    }

    static string? Reason(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.StartsWith(Marker, StringComparison.Ordinal) ? s[Marker.Length..] : null;

    static void Replace(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (Reason(child) is { } reason)
                    {
                        obj[name] = null;
                        obj[name + "_non_finite"] = reason;
                    }
                    else if (child is JsonArray array && array.Any(e => Reason(e) is not null))
                    {
                        var listed = new JsonArray();
                        for (int i = 0; i < array.Count; i++)
                            if (Reason(array[i]) is { } r)
                            {
                                array[i] = null;
                                listed.Add(new JsonObject { ["index"] = i, ["value"] = r });
                            }
                        obj[name + "_non_finite"] = listed;
                        Replace(array);
                    }
                    else if (child is not null) Replace(child);
                }
                break;
            case JsonArray arr:
                for (int i = 0; i < arr.Count; i++)
                {
                    if (Reason(arr[i]) is not null) arr[i] = null; // an array in an array: no field to name the reason
                    else if (arr[i] is { } element) Replace(element);
                }
                break;
        }
    }

    /// <summary>report.md for <paramref name="r"/>.</summary>
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
