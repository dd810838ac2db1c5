using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.Comparison.Report;

/// <summary>
/// One rule for non-finite numbers in every JSON TorchPractice writes (issue #24): null, with the reason in a sibling
/// field NAME_non_finite; never the strings "Infinity" / "NaN" where a number belongs (results.json wrote them).
/// </summary>
public sealed class StrictJsonTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-strict-json-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Every number is a finite JSON number; no string spells a non-finite number; returns the NAME_non_finite fields.</summary>
    static List<(string Name, JsonElement Value)> AssertStrict(string json)
    {
        using var doc = JsonDocument.Parse(json); // RFC 8259: would reject bare NaN / Infinity tokens
        var siblings = new List<(string, JsonElement)>();
        void Walk(JsonElement e, string name)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Name.EndsWith("_non_finite", StringComparison.Ordinal)) siblings.Add((p.Name, p.Value.Clone()));
                        Walk(p.Value, p.Name);
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray()) Walk(x, name);
                    break;
                case JsonValueKind.Number:
                    Assert.True(double.IsFinite(e.GetDouble()), name);
                    break;
                case JsonValueKind.String:
                    Assert.DoesNotContain(e.GetString(), new[] { "Infinity", "-Infinity", "NaN" });
                    Assert.DoesNotContain("non-finite:", e.GetString()!);
                    break;
            }
        }
        Walk(doc.RootElement, "");
        return siblings;
    }

    // The course's "large random" run (×10) saturates σ: the course formula's cost is inf (the notebook prints inf).
    [Fact]
    public void Course_mode_results_json_and_compare_json_write_inf_costs_as_null_with_the_reason()
    {
        var options = new CompareOptions
        {
            Peers = false, Course = true, BoundaryGrid = 8,
            Budget = new IterationBudget { Init = 4, Reg = 4, Sweep = 2, GradientNorms = 3, PrintEvery = 1 },
            Studies = new HashSet<string> { "init" },
        };
        var target = Path.Combine(_root, "out");
        var results = CompareRunner.Run(options, target, force: false);
        var random = results.Init!.Rows.Single(r => r.Name == "random ×10").Pair.Scratch;
        Assert.Contains(random.Costs, c => double.IsPositiveInfinity(c.Cost)); // the case this test is about

        foreach (var json in new[] { File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)), ReportWriter.ToJson(results) })
        {
            var siblings = AssertStrict(json);
            Assert.Contains(siblings, s => s.Name == "cost_non_finite" && s.Value.GetString() == "inf");
            using var doc = JsonDocument.Parse(json);
            var costs = doc.RootElement.GetProperty("init").GetProperty("rows").EnumerateArray()
                .Single(r => r.GetProperty("name").GetString() == "random ×10").GetProperty("pair").GetProperty("scratch").GetProperty("costs");
            var inf = costs.EnumerateArray().First(c => c.TryGetProperty("cost_non_finite", out _));
            Assert.Equal(JsonValueKind.Null, inf.GetProperty("cost").ValueKind);
        }
    }

    [Fact]
    public void Numbers_in_arrays_are_null_and_listed_by_index()
    {
        var json = ReportWriter.Serialize(new { norms = new[] { 1.0, double.NaN, double.NegativeInfinity }, nested = new { x = double.PositiveInfinity, y = 2.5 } });
        var siblings = AssertStrict(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal([JsonValueKind.Number, JsonValueKind.Null, JsonValueKind.Null], root.GetProperty("norms").EnumerateArray().Select(e => e.ValueKind));
        Assert.Equal("""[{"index":1,"value":"nan"},{"index":2,"value":"-inf"}]""", root.GetProperty("norms_non_finite").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("nested").GetProperty("x").ValueKind);
        Assert.Equal("inf", root.GetProperty("nested").GetProperty("x_non_finite").GetString());
        Assert.Equal(2.5, root.GetProperty("nested").GetProperty("y").GetDouble());
        Assert.Equal(2, siblings.Count);
    }

    [Fact]
    public void Train_json_with_the_course_cost_follows_the_same_rule()
    {
        var (code, output, err) = CliRun.Run("train", "--init", "random", "--course-cost", "--iterations", "4", "--print-every", "1", "--json");
        Assert.True(code == 0, err);
        var siblings = AssertStrict(output);
        Assert.Contains(siblings, s => s.Name == "cost_non_finite" && s.Value.GetString() == "inf");
    }
}
