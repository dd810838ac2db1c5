using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// Keeps committed outputs from going stale: a fresh run must print what the committed notebook shows. Text is
/// compared token by token; numbers may differ by a relative 1e-6 (the last digits of a 16-digit cost depend on
/// the CPU's summation order), and numbers that are themselves rounding-level measures (|x| ≤ 1e-13, e.g. "max relative
/// parameter difference 3.3e-16", 4.2e-16 on an AMD EPYC's libtorch kernels) by 1e-13 absolute; anything else must be identical. Pictures must be where they were (PNG bytes
/// depend on the font rasterizer, so they are not compared).
/// </summary>
static partial class NotebookOutputs
{
    public const string UpdateVariable = "TORCHPRACTICE_UPDATE_NOTEBOOKS";
    const double RelativeTolerance = 1e-6;
    const double RoundingLevel = 1e-13;

    public static void AssertSame(JsonObject committed, JsonObject executed, string name)
    {
        var a = committed["cells"]!.AsArray();
        var b = executed["cells"]!.AsArray();
        int code = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if ((string?)a[i]!["cell_type"] != "code") continue;
            code++;
            var where = $"{name}, code cell {code}";
            var expected = a[i]!["outputs"]!.AsArray();
            var actual = b[i]!["outputs"]!.AsArray();
            Assert.True(expected.Count == actual.Count,
                $"{where}: the committed notebook has {expected.Count} outputs, this run {actual.Count}. {Hint}");
            for (int k = 0; k < expected.Count; k++)
            {
                var e = expected[k]!.AsObject();
                var r = actual[k]!.AsObject();
                Assert.True((string?)e["output_type"] == (string?)r["output_type"], $"{where}, output {k + 1}: {e["output_type"]} committed, {r["output_type"]} now. {Hint}");
                if (e["text"] is JsonArray text) SameText(Join(text), Join(r["text"]!.AsArray()), $"{where}, output {k + 1}");
                if (e["data"] is JsonObject data)
                    foreach (var (mime, value) in data)
                    {
                        var now = r["data"]?[mime];
                        Assert.True(now is not null, $"{where}, output {k + 1}: no {mime} in this run. {Hint}");
                        if (mime == "text/plain") SameText(Join(value!.AsArray()), Join(now!.AsArray()), $"{where}, output {k + 1}");
                    }
            }
        }
    }

    static string Hint => $"Re-run with {UpdateVariable}=1 to write this run's outputs into the notebook (README, Notebooks).";

    static string Join(JsonArray lines) => string.Concat(lines.Select(l => (string?)l));

    static void SameText(string expected, string actual, string where)
    {
        var e = Tokens().Split(expected.ReplaceLineEndings("\n"));
        var a = Tokens().Split(actual.ReplaceLineEndings("\n"));
        bool same = e.Length == a.Length;
        for (int i = 0; same && i < e.Length; i++)
            same = e[i] == a[i] || CloseNumbers(e[i], a[i]);
        Assert.True(same, $"{where}: the output differs from the committed one.\n--- committed ---\n{expected}\n--- this run ---\n{actual}\n{Hint}");
    }

    static bool CloseNumbers(string x, string y) =>
        double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) &&
        double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) &&
        Math.Abs(p - q) <= Math.Max(RelativeTolerance * Math.Max(Math.Abs(p), Math.Abs(q)), RoundingLevel);

    /// <summary>Splits text into numbers and the text between them (the numbers are kept as tokens).</summary>
    [GeneratedRegex(@"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")]
    private static partial Regex Tokens();
}
