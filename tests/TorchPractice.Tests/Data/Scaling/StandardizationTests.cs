using System.Text.Json;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.Data.Scaling;

/// <summary>
/// --standardize against scikit-learn: its breast-cancer set (569 × 30, features from ~0.001 to ~4000) and its
/// StandardScaler on the same stratified split (Fixtures/generate_breast_cancer.py).
/// </summary>
public sealed class StandardizationTests : IDisposable
{
    static readonly string Csv = CliRun.Fixture("data", "breast_cancer.csv");
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-standardize-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(CliRun.Fixture("data", "breast_cancer_standardization.json"))).RootElement;

    static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    static void Close(double expected, double actual, double relative = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Fit_on_the_training_split_matches_scikit_learns_StandardScaler()
    {
        var split = DataSources.Resolve(Csv, new DataOptions());
        var reference = Reference();
        Assert.Equal(reference.GetProperty("train_count").GetInt32(), split.Train.Count);
        Assert.Equal(reference.GetProperty("train_benign").GetInt32(), (int)split.Train.Labels.Sum());

        var (scaled, s) = Standardization.FitAndApply(split);
        var mean = Doubles(reference.GetProperty("mean"));
        var scale = Doubles(reference.GetProperty("scale"));
        Assert.Equal(30, s.FeatureCount);
        for (int j = 0; j < 30; j++) { Close(mean[j], s.Mean[j]); Close(scale[j], s.Scale[j]); }

        // The test split gets the training split's numbers, not its own.
        var first = Doubles(reference.GetProperty("test_first_row_standardized"));
        for (int j = 0; j < 30; j++) Close(first[j], scaled.Test.Features[0, j], 1e-11);
        Assert.Equal(split.Test.Labels, scaled.Test.Labels);
        Assert.Equal(split.Train.FeatureNames, scaled.Train.FeatureNames);
    }

    [Fact]
    public void A_constant_feature_keeps_scale_1_and_a_wrong_width_is_refused()
    {
        var d = new Dataset("d", new double[,] { { 5, 1 }, { 5, 3 } }, [0, 1]);
        var s = Standardization.Fit(d);
        Assert.Equal([5.0, 2.0], s.Mean);
        Assert.Equal([1.0, 1.0], s.Scale); // population std of {1, 3} is 1; of {5, 5} is 0 → 1
        Assert.Equal(new double[,] { { 0, -1 }, { 0, 1 } }, s.Apply(d).Features);
        var three = new Dataset("three", new double[,] { { 1, 2, 3 } }, [1]);
        Assert.Contains("3 features", Assert.Throws<ArgumentException>(() => s.Apply(three)).Message);
    }

    [Fact]
    public void Feature_scales_flag_the_breast_cancer_set_and_not_the_course_circles()
    {
        var cancer = FeatureScales.Of(DataSources.Resolve(Csv, new DataOptions()).Train)!;
        Assert.True(cancer.IsUneven);
        Assert.Equal("worst_area", cancer.LargestName);
        BuiltInDatasets.TryLoad("circles", 1, out var circles);
        Assert.False(FeatureScales.Of(circles!.Train)!.IsUneven);
    }

    [Fact]
    public void The_standardization_travels_with_saved_parameters()
    {
        string file = Path.Combine(_dir, "p.json");
        var o = new ModelOptions { Layers = [2, 10, 5, 1] };
        var s = new Standardization([0.1, -3], [2.5, 1e-3]);
        using var p = InitialParameters.Create(o, TorchPractice.Random.RandomSources.Create("numpy", 3, TorchSharp.torch.CPU), TorchSharp.torch.CPU);
        ParameterFile.Save(file, p, o, s);
        var back = ParameterFile.ReadStandardization(file)!;
        Assert.Equal(s.Mean, back.Mean);
        Assert.Equal(s.Scale, back.Scale);
        ParameterFile.Save(file, p, o);
        Assert.Null(ParameterFile.ReadStandardization(file));
    }

    static JsonElement Json(string stdout) => JsonDocument.Parse(stdout).RootElement;

    [Fact]
    public void Cli_unstandardized_collapses_to_one_class_with_warnings_standardized_learns_and_load_reuses_it()
    {
        string saved = Path.Combine(_dir, "cancer.json");
        // Raw features (up to ~4000): every sample predicted benign, 63 % test accuracy, and the user is told.
        var (code, stdout, stderr) = CliRun.Run("train", "--data", Csv, "--iterations", "3000", "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(72.0 / 114, Json(stdout).GetProperty("test_accuracy").GetDouble(), 12);
        Assert.Contains("warning: features' scales differ by", stderr);
        Assert.Contains("warning: the trained model predicts class 1 for every training sample", stderr);
        Assert.Equal(2, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        (code, stdout, stderr) = CliRun.Run("train", "--data", Csv, "--iterations", "3000", "--standardize", "--save", saved, "--json");
        Assert.True(code == 0, stderr);
        var trained = Json(stdout);
        Assert.True(trained.GetProperty("standardized").GetBoolean());
        Assert.InRange(trained.GetProperty("test_accuracy").GetDouble(), 0.97, 1.0);
        Assert.DoesNotContain("warning", stderr);

        // Loading applies the stored scaling (fitted on the training split), so the model scores the same.
        (code, stdout, stderr) = CliRun.Run("train", "--data", Csv, "--load", saved, "--iterations", "1", "--lr", "1e-12", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("stored mean and scale", stderr);
        Assert.Equal(trained.GetProperty("test_accuracy").GetDouble(), Json(stdout).GetProperty("test_accuracy").GetDouble());

        // Stored scaling for 30 features does not fit 2-feature data: bad input.
        (code, _, stderr) = CliRun.Run("train", "--data", "circles", "--load", saved, "--iterations", "1");
        Assert.Equal(2, code);
        Assert.Contains("30 features", stderr);
    }

    [Fact]
    public void Compare_standardizes_the_regularization_studys_data()
    {
        var options = new CompareOptions
        {
            Peers = false, RegData = Csv, Standardize = true, Studies = new HashSet<string> { "reg" },
            Budget = new IterationBudget { Init = 1, Reg = 300, Sweep = 2, GradientNorms = 1, PrintEvery = 100 },
        };
        var results = CompareRunner.Run(options, Path.Combine(_dir, "out"), force: false);
        Assert.EndsWith("standardized", results.Reg!.Settings.Data);
        // Unstandardized at lr 0.3 these features blow the cost up; standardized, every run learns.
        Assert.All(results.Reg.Rows, r => Assert.InRange(r.Pair.Scratch.TestAccuracy!.Value, 0.9, 1.0));
    }
}
