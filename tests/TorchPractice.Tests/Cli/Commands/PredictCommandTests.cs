using System.Globalization;
using System.Text.Json.Nodes;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>`torchpractice predict`: train --save, then predict on the same CSV, gives train's predictions exactly.</summary>
public sealed class PredictCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-predict-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string In(string name) => Path.Combine(_dir, name);

    static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.InProcess(null, args);

    static string BreastCancer => CliRun.Fixture("data", "breast_cancer.csv");

    static long[] Counts(JsonNode m) =>
        [m["true_positives"]!.GetValue<long>(), m["false_positives"]!.GetValue<long>(), m["true_negatives"]!.GetValue<long>(), m["false_negatives"]!.GetValue<long>()];

    string TrainedModel(params string[] extra)
    {
        var model = In("bc.json");
        var (code, _, error) = Run(["train", "--data", BreastCancer, "--standardize", "--iterations", "300", "--print-every", "100", "--save", model, .. extra]);
        Assert.True(code == 0, error);
        return model;
    }

    [Fact]
    public void Predict_on_the_training_csv_counts_exactly_what_train_counted_on_train_and_test()
    {
        var model = In("bc.json");
        var (code, output, error) = Run("train", "--data", BreastCancer, "--standardize", "--iterations", "300", "--print-every", "100", "--save", model, "--json");
        Assert.True(code == 0, error);
        var trained = JsonNode.Parse(output)!;

        var (pc, po, pe) = Run("predict", "--load", model, "--data", BreastCancer, "--json");

        Assert.True(pc == 0, pe);
        var predicted = JsonNode.Parse(po)!;
        Assert.Equal(569, predicted["count"]!.GetValue<int>());
        Assert.True(predicted["labelled"]!.GetValue<bool>());
        Assert.True(predicted["standardized"]!.GetValue<bool>());
        Assert.Equal("benign", predicted["label"]!.GetValue<string>());
        // The CSV is train + test; every row is predicted as train's model predicted it, so the counts add up.
        var expected = Counts(trained["train_metrics"]!).Zip(Counts(trained["test_metrics"]!), (a, b) => a + b).ToArray();
        Assert.Equal(expected, Counts(predicted["metrics"]!));
        var p = predicted["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var classes = predicted["classes"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        Assert.Equal(569, p.Length);
        Assert.Equal(p.Select(v => v > 0.5 ? 1 : 0), classes);
    }

    [Fact]
    public void The_csv_output_holds_the_same_probabilities_round_trip_exact_with_or_without_labels()
    {
        var model = TrainedModel();
        var (_, json, _) = Run("predict", "--load", model, "--data", BreastCancer, "--json");
        var expected = JsonNode.Parse(json)!["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

        // Stdout: the CSV; the metrics go to stderr.
        var (code, output, error) = Run("predict", "--load", model, "--data", BreastCancer);
        Assert.True(code == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("probability,class", lines[0]);
        Assert.Equal(expected, lines[1..].Select(l => double.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
        Assert.Matches(@"accuracy [\d.]+ %, precision .* against column 'benign'", error);

        // The same table without its label column: the same probabilities, no metrics.
        var unlabelled = In("unlabelled.csv");
        File.WriteAllLines(unlabelled, File.ReadAllLines(BreastCancer).Where(l => l.Length > 0).Select(l => l[..l.LastIndexOf(',')]));
        var (uc, uo, ue) = Run("predict", "--load", model, "--data", unlabelled, "--json");
        Assert.True(uc == 0, ue);
        var u = JsonNode.Parse(uo)!;
        Assert.False(u["labelled"]!.GetValue<bool>());
        Assert.Null(u["metrics"]);
        Assert.Equal(expected, u["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void Out_is_written_atomically_and_never_replaces_a_foreign_file_or_an_input()
    {
        var model = TrainedModel();
        var target = In("predictions.csv");
        File.WriteAllText(target, "my,table\n1,2\n");
        var before = File.ReadAllBytes(target);

        var (c1, o1, e1) = Run("predict", "--load", model, "--data", BreastCancer, "--out", target);
        Assert.Equal(2, c1);
        Assert.Equal("", o1);
        Assert.Equal($"torchpractice: error: --out {target}: the file exists and is not an earlier predict output (first line \"probability,class\"), " +
                     "so it is left alone; give another path, or --force to replace it", e1.Trim());
        Assert.Equal(before, File.ReadAllBytes(target));

        var (c2, o2, e2) = Run("predict", "--load", model, "--data", BreastCancer, "--out", target, "--force");
        Assert.True(c2 == 0, e2);
        Assert.Contains($"569 predictions written to {target}", e2); // (the metrics table goes to stdout, through Spectre's console)
        Assert.Equal(570, File.ReadAllLines(target).Length);
        var (c3, _, e3) = Run("predict", "--load", model, "--data", BreastCancer, "--out", target); // an earlier output: replaced
        Assert.True(c3 == 0, e3);
        Assert.Equal(["bc.json", "predictions.csv"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order());

        var (c4, _, e4) = Run("predict", "--load", model, "--data", BreastCancer, "--out", model, "--force");
        Assert.Equal(2, c4);
        Assert.Equal($"torchpractice: error: --out {model}: that is the --load file of this run; an input is never written over, give another path", e4.Trim());
    }

    [Theory]
    [InlineData("predict: --load FILE is required (a parameter file written by train --save)", "predict", "--data", "x.csv")]
    [InlineData("predict: --data PATH.csv is required", "predict", "--load", "m.json")]
    [InlineData("predict: --data expects a .csv file (header row, one sample per line); got 'circles'", "predict", "--load", "m.json", "--data", "circles")]
    public void Missing_or_bad_options_are_one_line(string message, params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"torchpractice: error: {message}", error.Trim());
    }

    [Fact]
    public void Help_lists_predict()
    {
        var (_, output, _) = Run("help");
        Assert.Contains("  predict    apply a saved model", output);
        var (code, usage, _) = Run("help", "predict");
        Assert.Equal(0, code);
        Assert.StartsWith("usage: torchpractice predict [options]", usage);
        Assert.Contains("  --load FILE ", usage);
        Assert.Contains("  --data PATH.csv ", usage);
    }
}
