using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>
/// Saved models on the command line (issue #27 items 3, 4, 7, 9, 10, 11, and #24's foreign files): the feature names
/// travel with the parameters, outputs never replace a file that is not ours nor an input, seeds name their flag.
/// </summary>
public sealed class SavedModelCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-savedmodel-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string In(string name) => Path.Combine(_dir, name);

    static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.InProcess(null, args);

    static (int Code, string Out, string Err) Train(params string[] args) =>
        Run(["train", "--iterations", "3", "--print-every", "1", .. args]);

    static string BreastCancer => CliRun.Fixture("data", "breast_cancer.csv");

    /// <summary>The breast-cancer table with its feature columns in reverse order (label last, as before).</summary>
    string ReversedBreastCancer()
    {
        var lines = File.ReadAllLines(BreastCancer).Where(l => l.Length > 0).Select(l => l.Split(','));
        var path = In("reversed.csv");
        File.WriteAllLines(path, lines.Select(cells => string.Join(",", cells[..^1].Reverse().Append(cells[^1]))));
        return path;
    }

    /// <summary>A table of <paramref name="features"/> numeric columns f1… and a label column (alternating classes).</summary>
    string Table(string name, int features, int rows = 40)
    {
        var text = new StringBuilder(string.Join(",", Enumerable.Range(1, features).Select(j => $"f{j}")) + ",label\n");
        for (int i = 0; i < rows; i++)
            text.Append(string.Join(",", Enumerable.Range(1, features).Select(j => ((i * 7 + j * 3) % 11 / 10.0).ToString(CultureInfo.InvariantCulture))))
                .Append(',').Append(i % 2).Append('\n');
        File.WriteAllText(In(name), text.ToString());
        return In(name);
    }

    [Fact]
    public void A_model_loaded_on_its_columns_in_another_order_is_refused_naming_the_first_mismatching_column()
    {
        var model = In("bc.json");
        Assert.Equal(0, Train("--data", BreastCancer, "--standardize", "--save", model).Code);
        Assert.Equal(30, JsonNode.Parse(File.ReadAllText(model))!["features"]!.AsArray().Count);

        var (code, output, error) = Train("--data", ReversedBreastCancer(), "--load", model);

        Assert.Equal(2, code);
        Assert.DoesNotContain("Cost after", output);
        Assert.StartsWith($"torchpractice: error: {model}: feature 1 of data '{In("reversed.csv")}' is 'worst_fractal_dimension' but the model " +
                          "was trained with 'mean_radius' there; the data has the model's features in another order", error.Trim());
        Assert.Single(error.Trim().Split('\n'));
        // The same columns in the same order load.
        Assert.Equal(0, Train("--data", BreastCancer, "--load", model).Code);
    }

    [Fact]
    public void A_model_loaded_on_other_feature_names_is_refused()
    {
        var model = In("circles.json");
        Assert.Equal(0, Train("--save", model).Code); // circles: x1, x2
        var (code, _, error) = Train("--data", Table("other.csv", 2), "--load", model);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: {model}: feature 1 of data '{In("other.csv")}' is 'f1' but the model was trained with 'x1' there; " +
                     "it applies only to data with the features it was trained on (x1, x2)", error.Trim());
    }

    [Fact]
    public void A_file_without_feature_names_loads_by_position_with_a_warning()
    {
        var model = In("old.json");
        Assert.Equal(0, Train("--save", model).Code);
        var doc = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        Assert.True(doc.Remove("features"));
        File.WriteAllText(model, doc.ToJsonString());

        var (code, _, error) = Train("--data", Table("other.csv", 2), "--load", model);

        Assert.True(code == 0, error);
        Assert.Contains($"warning: {model} stores no feature names (written by an older TorchPractice); its 2 features are taken by position", error);
    }

    [Fact]
    public void A_two_feature_file_on_thirteen_feature_data_says_the_file_is_for_two_features()
    {
        var model = In("m2.json");
        Assert.Equal(0, Train("--save", model).Code);
        var (code, _, error) = Train("--data", Table("wide.csv", 13), "--load", model);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: {model} is a model for 2 features (x1, x2) but data '{In("wide.csv")}' has 13; " +
                     "it applies only to data with the features it was trained on", error.Trim());
        Assert.DoesNotContain("--layers", error);
    }

    [Fact]
    public void Standardize_with_a_model_trained_on_raw_features_is_refused()
    {
        var model = In("raw.json");
        Assert.Equal(0, Train("--data", BreastCancer, "--save", model).Code);
        foreach (var command in new[] { "train", "gradcheck" })
        {
            string[] args = command == "train"
                ? ["train", "--iterations", "3", "--data", BreastCancer, "--load", model, "--standardize"]
                : ["gradcheck", "--data", BreastCancer, "--samples", "5", "--load", model, "--standardize"];
            var (code, output, error) = Run(args);
            Assert.Equal(2, code);
            Assert.DoesNotContain("Cost after", output);
            Assert.Equal($"torchpractice: error: {command}: --standardize: {model} was trained on raw features, so its weights expect them unscaled; " +
                         "leave --standardize out (a model trained with --standardize stores its scaling and --load applies it by itself)", error.Trim());
        }
    }

    [Fact]
    public void A_standardized_model_applies_its_stored_scaling_when_loaded()
    {
        var model = In("std.json");
        var (code, output, error) = Train("--data", BreastCancer, "--standardize", "--save", model, "--json");
        Assert.True(code == 0, error);
        var (c2, o2, e2) = Run("train", "--iterations", "1", "--data", BreastCancer, "--load", model, "--json");
        Assert.True(c2 == 0, e2);
        Assert.Contains($"note: {model} was trained on standardized features; applying its stored mean and scale", e2);
        Assert.True(JsonNode.Parse(o2)!["standardized"]!.GetValue<bool>());
        // Its first cost is the cost at the saved parameters on the scaled data: below the 3-iteration run's first one.
        Assert.True(JsonNode.Parse(o2)!["costs"]![0]!["cost"]!.GetValue<double>() < JsonNode.Parse(output)!["costs"]![0]!["cost"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("1e999", "Infinity")]
    [InlineData("-1e999", "-Infinity")]
    public void A_non_finite_parameter_is_refused_at_load_naming_the_file_and_the_tensor(string value, string shown)
    {
        var model = In("inf.json");
        Assert.Equal(0, Train("--save", model).Code);
        var text = File.ReadAllText(model);
        int b2 = text.IndexOf("\"name\":\"b2\"", StringComparison.Ordinal);
        int values = text.IndexOf("\"values\":[", b2, StringComparison.Ordinal) + "\"values\":[".Length;
        int end = text.IndexOfAny([',', ']'], values);
        File.WriteAllText(model, text[..values] + value + text[end..]);

        var (code, output, error) = Train("--load", model);

        Assert.Equal(2, code);
        Assert.DoesNotContain("Cost after", output);
        Assert.Equal($"torchpractice: error: {model}: tensor b2 holds a non-finite value ({shown} at entry 1 of 5); parameters must be finite numbers", error.Trim());
        Assert.Equal(2, Run("predict", "--load", model, "--data", BreastCancer).Code);
    }

    [Fact]
    public void Save_never_writes_over_the_data_file_even_with_force_or_through_a_link()
    {
        var data = In("data.csv");
        File.Copy(BreastCancer, data);
        var before = File.ReadAllBytes(data);
        var link = In("link.csv");
        File.CreateSymbolicLink(link, data);

        var (c1, _, e1) = Train("--data", data, "--save", data, "--force");
        var (c2, _, e2) = Train("--data", link, "--save", data, "--force");

        Assert.Equal(2, c1);
        Assert.Equal($"torchpractice: error: --save {data}: that is the --data file of this run; an input is never written over, give another path", e1.Trim());
        Assert.Equal(2, c2);
        Assert.Equal($"torchpractice: error: --save {data}: that is the --data file of this run ({link}); an input is never written over, give another path", e2.Trim());
        Assert.Equal(before, File.ReadAllBytes(data));
    }

    [Fact]
    public void Save_may_write_over_the_loaded_parameter_file()
    {
        var model = In("m.json");
        Assert.Equal(0, Train("--save", model).Code);
        var first = File.ReadAllText(model);
        var (code, _, error) = Train("--load", model, "--save", model);
        Assert.True(code == 0, error);
        Assert.NotEqual(first, File.ReadAllText(model)); // trained further
        Assert.Equal(["m.json"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_users_file_survives_train_save_and_bench_out()
    {
        var notes = In("notes.txt");
        File.WriteAllText(notes, "my notes\n");
        var before = File.ReadAllBytes(notes);

        var (c1, o1, e1) = Train("--save", notes);
        var (c2, o2, e2) = Run("bench", "--quick", "--cases", "nonexistent", "--out", notes);

        Assert.Equal(2, c1);
        Assert.DoesNotContain("Cost after", o1);
        Assert.Equal($"torchpractice: error: --save {notes}: the file exists and is not a TorchPractice parameter file, so it is left alone; " +
                     "give another path, or --force to replace it", e1.Trim());
        Assert.Equal(2, c2);
        Assert.Equal("", o2);
        Assert.Equal($"torchpractice: error: --out {notes}: the file exists and is not a benchmark report (no analysis marker line), so it is left alone; " +
                     "give another path, or --force to replace it", e2.Trim());
        Assert.Equal(before, File.ReadAllBytes(notes));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Force_or_an_earlier_parameter_file_is_replaced_atomically()
    {
        var notes = In("notes.txt");
        File.WriteAllText(notes, "my notes\n");
        var (code, _, error) = Train("--save", notes, "--force");
        Assert.True(code == 0, error);
        Assert.Equal("torchpractice-parameters", JsonNode.Parse(File.ReadAllText(notes))!["format"]!.GetValue<string>());

        var earlier = File.ReadAllText(notes);
        var (c2, _, e2) = Train("--save", notes, "--seed", "4");
        Assert.True(c2 == 0, e2);
        Assert.NotEqual(earlier, File.ReadAllText(notes));
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void Bench_out_replaces_a_foreign_file_only_with_force_and_an_earlier_report_keeping_its_analysis()
    {
        var report = In("bench.md");
        File.WriteAllText(report, "my notes\n");
        string[] bench = ["bench", "--quick", "--cases", "gradcheck-1", "--reps", "1", "--out", report];

        var (code, _, error) = Run([.. bench, "--force"]);
        Assert.True(code == 0, error);
        var text = File.ReadAllText(report);
        Assert.StartsWith("# Benchmark:", text);
        Assert.DoesNotContain("my notes", text);
        File.WriteAllText(report, text + "my analysis\n");

        var (c2, _, e2) = Run(bench); // an earlier report: replaced without --force, its analysis kept
        Assert.True(c2 == 0, e2);
        Assert.EndsWith("my analysis\n", File.ReadAllText(report));
        Assert.Equal(["bench.md"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("train", "--seed", "-5", "[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295)")]
    [InlineData("train", "--seed", "4294967296", "[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295)")]
    [InlineData("train", "--seed", "1.5", "[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295)")]
    [InlineData("train", "--data-seed", "-1", "[0, 2**32 − 2] (0 to 4294967294: circles' test set takes seed + 1)")]
    [InlineData("gradcheck", "--data-seed", "-1", "[0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295)")]
    [InlineData("gradcheck", "--seed", "-1", "[0, 2**31 − 1] (0 to 2147483647)")]
    public void A_seed_out_of_range_names_the_flag_and_the_range(string command, string flag, string value, string range)
    {
        string[] args = command == "gradcheck" && flag == "--data-seed" ? ["gradcheck", "--data", "football", flag, value] : [command, flag, value];
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"torchpractice: error: {command}: {flag} expects a whole number in {range}; got '{value}'", error.Trim());
    }

    [Fact]
    public void The_largest_numpy_seed_is_accepted()
    {
        var (code, output, error) = Train("--seed", "4294967295", "--data", "football", "--data-seed", "4294967295", "--json");
        Assert.True(code == 0, error);
        Assert.Equal(4294967295L, JsonNode.Parse(output)!["seed"]!.GetValue<long>());
    }
}
