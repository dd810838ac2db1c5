using System.Globalization;
using System.Reflection;
using System.Text;
using TorchPractice.Cli.Commands;
using TorchPractice.Models;
using TorchPractice.Tests.Models;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>`torchpractice gradcheck` through the program's own entry point: exit codes 0 / 1 / 2.</summary>
public sealed class GradCheckCommandTests
{
    /// <summary>stdout, then stderr.</summary>
    static (int Code, string Out) Run(params string[] args)
    {
        var (code, output, error) = TorchPractice.Tests.Cli.CliRun.Run(args);
        return (code, output + error);
    }

    [Theory]
    [InlineData(0, "gradcheck")]
    [InlineData(0, "gradcheck", "--case", "circles", "--lambd", "0.7", "--keep-prob", "0.8")]
    [InlineData(1, "gradcheck", "--bug", "course")]
    [InlineData(1, "gradcheck", "--case", "circles", "--bug", "dropout-rescale", "--keep-prob", "0.8")]
    [InlineData(2, "gradcheck", "--bug", "nope")]
    [InlineData(2, "gradcheck", "--case", "moons")]
    [InlineData(2, "gradcheck", "--epsilon", "abc")]
    [InlineData(2, "gradcheck", "--case", "circles", "--subset", "100000")]
    [InlineData(2, "gradcheck", "--bug", "l2-forgotten")]
    [InlineData(2, "gradcheck", "--case", "course", "--layers", "4,6,3,1")]
    [InlineData(2, "gradcheck", "--case", "course", "--activation", "tanh")]
    [InlineData(2, "gradcheck", "--activation", "softplus")]
    [InlineData(0, "gradcheck", "--case", "circles", "--layers", "2,1")]
    [InlineData(0, "gradcheck", "--case", "circles", "--layers", "2,6,5,4,1", "--activation", "tanh", "--lambd", "0.5", "--keep-prob", "0.8")]
    [InlineData(0, "gradcheck", "--case", "circles", "--layers", "2,5,4,3,3,1", "--activation", "sigmoid")]
    [InlineData(0, "gradcheck", "--case", "circles", "--layers", "2,6,1", "--activation", "leaky_relu")]
    public void Exit_code_says_pass_mistake_or_bad_input(int expected, params string[] args)
    {
        var (code, output) = Run(args);
        Assert.True(expected == code, $"exit {code}, expected {expected}; output:\n{output}");
        if (expected == 2) Assert.Contains("error:", output);
    }

    [Theory]
    [InlineData("--keep-prob must be in (0, 1]; got 1.5", "gradcheck", "--case", "circles", "--keep-prob", "1.5")]
    [InlineData("--subset must be between 1 and the number of parameters", "gradcheck", "--case", "circles", "--subset", "100000")]
    [InlineData("--layers must end in 1", "gradcheck", "--case", "circles", "--layers", "2,4,3,2")]
    [InlineData("gradcheck: --activation expects relu, tanh, sigmoid or leaky_relu; got 'softplus'", "gradcheck", "--activation", "softplus")]
    [InlineData("gradcheck: the course case uses relu; got --activation tanh", "gradcheck", "--activation", "tanh")]
    public void Library_errors_come_out_in_the_commands_flags(string expected, params string[] args)
    {
        // The library names its properties (KeepProb, Subset, Layers); the command line maps them to the flags.
        var (code, output) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains($"error: {expected}", output);
        Assert.DoesNotContain("Parameter '", output);
        Assert.DoesNotContain("Actual value", output);
    }

    [Fact]
    public void Json_names_the_layers_and_the_activation()
    {
        var (code, output) = Run("gradcheck", "--case", "circles", "--layers", "2,5,4,3,1", "--activation", "leaky_relu", "--json");
        Assert.True(code == 0, output);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal([2, 5, 4, 3, 1], doc.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("leaky_relu", doc.RootElement.GetProperty("activation").GetString());
        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"],
            doc.RootElement.GetProperty("tensors").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public void Json_gives_the_course_comparison_at_the_top_and_the_others_under_comparisons()
    {
        var (code, output) = Run("gradcheck", "--bug", "course", "--json");
        Assert.Equal(1, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("difference").GetDouble(), 0.28, 0.29);
        Assert.False(root.GetProperty("passed").GetBoolean());
        var wrong = root.GetProperty("tensors").EnumerateArray().Where(t => !t.GetProperty("passed").GetBoolean())
            .Select(t => t.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["b1", "W2"], wrong);
        var names = root.GetProperty("comparisons").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["scratch vs numeric", "scratch vs autograd", "autograd vs numeric"], names);
        foreach (var c in root.GetProperty("comparisons").EnumerateArray())
        {
            Assert.True(c.GetProperty("worst").GetArrayLength() > 0);
            Assert.True(c.GetProperty("tensors").GetArrayLength() == 6);
        }
    }

    [Fact]
    public void Standardize_applies_to_data_and_a_saved_models_scaling_comes_with_it()
    {
        var dir = TempDir();
        try
        {
            var csv = WriteCsv(dir);
            static bool Standardized(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("standardized").GetBoolean();
            var (rawCode, rawOut) = Run("gradcheck", "--data", csv, "--json");
            Assert.True(rawCode == 0, rawOut);
            Assert.False(Standardized(rawOut));
            var (code, output) = Run("gradcheck", "--data", csv, "--standardize", "--json");
            Assert.True(code == 0, output);
            Assert.True(Standardized(output));

            // Parameters trained on standardized features are checked on the same features, without the flag.
            var saved = Path.Combine(dir, "trained.json");
            var (trainCode, trainOut) = Run("train", "--data", csv, "--layers", "2,6,4,1", "--iterations", "50", "--standardize", "--save", saved, "--json");
            Assert.True(trainCode == 0, trainOut);
            var (loadCode, loadOut) = Run("gradcheck", "--data", csv, "--load", saved, "--json");
            Assert.True(loadCode == 0, loadOut);
            Assert.True(Standardized(loadOut));

            var (bad, badOut) = Run("gradcheck", "--case", "circles", "--standardize");
            Assert.Equal(2, bad);
            Assert.Contains("--standardize applies to --data only", badOut);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A CSV of two features and a label, 60 rows; every fifth row sits exactly at the origin.</summary>
    static string WriteCsv(string dir)
    {
        var rng = new System.Random(4);
        var text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 60; i++)
        {
            double a = i % 5 == 0 ? 0 : rng.NextDouble() * 4 - 2, b = i % 5 == 0 ? 0 : rng.NextDouble() * 4 - 2;
            text.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(a * a + b * b > 1.5 || i % 10 == 0 ? 1 : 0)}\n");
        }
        var path = Path.Combine(dir, "user.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tp-gradcheck-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Checks_a_users_csv_at_parameters_saved_by_train()
    {
        var dir = TempDir();
        try
        {
            var csv = WriteCsv(dir);
            var saved = Path.Combine(dir, "trained.json");
            var (trainCode, trainOut) = Run("train", "--data", csv, "--layers", "2,6,4,1", "--iterations", "200", "--lr", "0.1", "--save", saved, "--json");
            Assert.True(trainCode == 0, trainOut);
            var (code, output) = Run("gradcheck", "--data", csv, "--load", saved, "--json");
            Assert.True(code == 0, output);
            using var doc = System.Text.Json.JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.True(root.GetProperty("passed").GetBoolean());
            Assert.Equal(csv, root.GetProperty("data").GetString());
            Assert.Equal(2 * 6 + 6 + 6 * 4 + 4 + 4 + 1, root.GetProperty("parameter_count").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("non_differentiable").ValueKind);

            // A planted bug at the same parameters on the same data is found.
            var (bugCode, bugOut) = Run("gradcheck", "--data", csv, "--load", saved, "--bug", "course", "--json");
            Assert.True(bugCode == 1, bugOut);
            using var bugDoc = System.Text.Json.JsonDocument.Parse(bugOut);
            var wrong = bugDoc.RootElement.GetProperty("tensors").EnumerateArray()
                .Where(t => !t.GetProperty("passed").GetBoolean()).Select(t => t.GetProperty("name").GetString()).ToArray();
            Assert.Contains("W2", wrong);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Kinks_at_saved_parameters_are_listed_under_non_differentiable_and_the_check_passes()
    {
        var dir = TempDir();
        try
        {
            var csv = WriteCsv(dir);
            // He weights with zero biases: the origin rows put every unit exactly on ReLU's kink.
            var o = new ModelOptions { Layers = [2, 6, 4, 1], Init = Init.He };
            var path = Path.Combine(dir, "zero-biases.json");
            using (var p = InitialParameters.Create(o, TestData.Rng(3), CPU)) ParameterFile.Save(path, p, o);
            var (code, output) = Run("gradcheck", "--data", csv, "--load", path, "--json");
            Assert.True(code == 0, output);
            using var doc = System.Text.Json.JsonDocument.Parse(output);
            var kinks = doc.RootElement.GetProperty("non_differentiable").EnumerateArray().ToArray();
            Assert.NotEmpty(kinks);
            Assert.Contains(kinks, k => k.GetProperty("name").GetString() == "b2");
            Assert.All(kinks, k => Assert.NotEqual(k.GetProperty("left").GetDouble(), k.GetProperty("right").GetDouble()));
            Assert.Equal(0, Run("gradcheck", "--data", csv, "--load", path).Code); // the table view too (Spectre writes past the captured console)
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("gradcheck", "--case", "circles", "--data", "circles")]
    [InlineData("gradcheck", "--label", "y")]
    [InlineData("gradcheck", "--data", "circles", "--layers", "3,5,3,1")]
    [InlineData("gradcheck", "--data", "circles", "--samples", "0")]
    [InlineData("gradcheck", "--data", "nope.csv")]
    [InlineData("gradcheck", "--data", "circles", "--load", "no-such-file.json")]
    public void Bad_data_options_are_one_line_and_exit_2(params string[] args)
    {
        var (code, output) = Run(args);
        Assert.True(code == 2, $"exit {code}; output:\n{output}");
        Assert.Contains("error:", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void Built_in_data_works_without_a_file()
    {
        var (code, output) = Run("gradcheck", "--data", "football", "--samples", "50", "--json");
        Assert.True(code == 0, output);
    }
}
