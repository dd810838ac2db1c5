using System.Text.Json;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>
/// `gradcheck`'s diagnosis through the program's entry point: the table's "diagnosis:" lines, the `diagnosis` object of
/// each wrong tensor in --json (the course's planted bugs: dW2 ×2, db1 ×4, dropout not divided by keep_prob 0.86, the
/// (λ/m)·W term left out, m = 3), and --plot's heat maps and its refusals.
/// </summary>
public sealed class GradCheckDiagnosisCommandTests
{
    static JsonElement Tensor(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Course_bug_table_lines_and_json_say_2x_and_4x()
    {
        // The table as users see it: a process of its own (in this process the console is the first test's).
        using var cli = CliProcess.Start(AppContext.BaseDirectory, [], "gradcheck", "--bug", "course");
        var (code, output, _) = await cli.ExitAsync();
        Assert.Equal(1, code);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains("diagnosis: W2's gradient is 2.000× the numeric one — a factor 2 too many", lines);
        Assert.Contains("diagnosis: b1's gradient is 4.000× the numeric one — an integer factor 4 (e.g. 4/m where 1/m belongs)", lines);

        (code, output, _) = CliRun.Run("gradcheck", "--bug", "course", "--json");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var w2 = Tensor(doc, "W2").GetProperty("diagnosis");
        Assert.Equal("constant_ratio", w2.GetProperty("kind").GetString());
        Assert.Equal(2.0, w2.GetProperty("ratio").GetDouble(), 1e-5);
        Assert.StartsWith("W2's gradient is 2.000×", w2.GetProperty("message").GetString());
        var b1 = Tensor(doc, "b1").GetProperty("diagnosis");
        Assert.Equal(4.0, b1.GetProperty("ratio").GetDouble(), 1e-5);
        Assert.Equal(JsonValueKind.Null, Tensor(doc, "W1").GetProperty("diagnosis").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("plots").ValueKind);
    }

    [Fact]
    public void Dropout_and_L2_bugs_name_keep_prob_and_lambda_over_m_in_json()
    {
        var (code, output, _) = CliRun.Run("gradcheck", "--bug", "dropout-rescale", "--keep-prob", "0.86", "--json");
        Assert.Equal(1, code);
        using (var doc = JsonDocument.Parse(output))
        {
            var d = Tensor(doc, "W1").GetProperty("diagnosis");
            Assert.Equal("constant_ratio", d.GetProperty("kind").GetString());
            Assert.Equal(0.86, d.GetProperty("ratio").GetDouble(), 1e-5);
            Assert.StartsWith("c = keep_prob (0.86)", d.GetProperty("cause").GetString());
        }
        (code, output, _) = CliRun.Run("gradcheck", "--bug", "l2-forgotten", "--lambd", "0.7", "--json");
        Assert.Equal(1, code);
        using (var doc = JsonDocument.Parse(output))
            foreach (var w in new[] { "W1", "W2", "W3" })
            {
                var d = Tensor(doc, w).GetProperty("diagnosis");
                Assert.Equal("proportional_to_parameter", d.GetProperty("kind").GetString());
                Assert.Equal(-0.7 / 3, d.GetProperty("factor").GetDouble(), 1e-6);
                Assert.Contains($"by −(λ/m)·{w}", d.GetProperty("message").GetString());
            }
    }

    [Fact]
    public void Plot_writes_a_heat_map_per_wrong_tensor_and_never_into_a_users_directory()
    {
        var root = Path.Combine(Path.GetTempPath(), $"tp-gcplot-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var dir = Path.Combine(root, "maps");
            var (code, output, _) = CliRun.Run("gradcheck", "--bug", "course", "--plot", dir, "--json");
            Assert.Equal(1, code);
            using (var doc = JsonDocument.Parse(output))
                Assert.Equal([Path.Combine(dir, "b1.png"), Path.Combine(dir, "W2.png")],
                    doc.RootElement.GetProperty("plots").EnumerateArray().Select(p => p.GetString()));
            var png = File.ReadAllBytes(Path.Combine(dir, "W2.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
            // Its own directory again: the pictures of tensors no longer wrong go (W2 stays wrong, b1 is not in the relu bug).
            (code, _, _) = CliRun.Run("gradcheck", "--bug", "relu", "--plot", dir);
            Assert.Equal(1, code);
            Assert.Equal([".torchpractice-gradcheck-plots", "W1.png", "b1.png"],
                Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

            // A directory holding someone else's file, a file, a missing parent: exit 2 before any work, nothing touched.
            var users = Path.Combine(root, "users");
            Directory.CreateDirectory(users);
            File.WriteAllText(Path.Combine(users, "W2.png"), "mine");
            var (c2, _, err) = CliRun.Run("gradcheck", "--bug", "course", "--plot", users);
            Assert.Equal(2, c2);
            Assert.Contains("holds files gradcheck did not write", err);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(users, "W2.png")));
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
            (c2, _, err) = CliRun.Run("gradcheck", "--bug", "course", "--plot", dir);
            Assert.Equal(2, c2);
            Assert.Contains("holds notes.txt, which gradcheck did not write", err);
            (c2, _, err) = CliRun.Run("gradcheck", "--plot", Path.Combine(users, "W2.png"));
            Assert.Equal(2, c2);
            Assert.Contains("is a file", err);
            (c2, _, err) = CliRun.Run("gradcheck", "--plot", Path.Combine(root, "no", "such"));
            Assert.Equal(2, c2);
            Assert.Contains("does not exist", err);
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
