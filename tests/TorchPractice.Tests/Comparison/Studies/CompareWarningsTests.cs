using TorchPractice.Comparison.Studies;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.Comparison.Studies;

/// <summary>
/// `compare --data breast_cancer.csv` on raw features (issue #27, item 6): every run predicted one class (62.6 / 63.2 %)
/// and dev "chose" λ = 0 out of a 7-way tie, with none of the warnings `train` prints. scikit-learn's breast-cancer set
/// (Fixtures/generate_breast_cancer.py): 'worst area' ~1 000, 'fractal dimension error' ~0.005.
/// </summary>
public sealed class CompareWarningsTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-compare-warnings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static string BreastCancer => CliRun.Fixture("data", "breast_cancer.csv");

    static CompareOptions Tiny(bool standardize) => new()
    {
        Peers = false,
        RegData = BreastCancer,
        Standardize = standardize,
        Budget = new IterationBudget { Init = 4, Reg = 4, Sweep = 2, GradientNorms = 3, PrintEvery = 2 },
        Studies = new HashSet<string> { "reg" },
    };

    [Fact]
    public void Raw_breast_cancer_features_are_reported_uneven_and_one_class_runs_are_listed()
    {
        var reg = CompareRunner.Run(Tiny(standardize: false), Path.Combine(_root, "raw"), force: false).Reg!;
        var scales = Assert.IsType<TorchPractice.Data.Scaling.FeatureScales>(reg.FeatureScales);
        Assert.Equal("worst_area", scales.LargestName);
        Assert.Equal("fractal_dimension_error", scales.SmallestName);
        Assert.True(scales.Ratio > 1e5);
        Assert.Equal(3 * 2 + 7 + 6, reg.RunCount);
        Assert.Contains("none (scratch)", reg.OneClassRuns!);
        Assert.Contains("λ = 0", reg.OneClassRuns!);
    }

    [Fact]
    public void Standardized_features_are_not_reported_uneven()
    {
        var reg = CompareRunner.Run(Tiny(standardize: true), Path.Combine(_root, "std"), force: false).Reg!;
        Assert.Null(reg.FeatureScales);
    }

    [Fact]
    public void The_compare_command_prints_trains_warnings_and_the_tie()
    {
        var (code, output, err) = CliRun.Run("compare", "--quick", "--no-peers", "--studies", "reg", "--data", BreastCancer, "--out", Path.Combine(_root, "cli"));
        Assert.True(code == 0, err);
        var warnings = err.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, warnings.Length);
        // The facts each warning carries: the ratio and both features with their sizes; the study, how many runs, which.
        foreach (var fact in new[] { "2.23e+5×", "'worst_area' 1.03e+3", "'fractal_dimension_error' 0.00463", "--standardize" })
            Assert.Contains(fact, warnings[0]);
        foreach (var fact in new[] { "reg study", "19 of 19", "none (scratch)", "none (autograd)", "one class", "--standardize" })
            Assert.Contains(fact, warnings[1]);
        Assert.Contains("chosen on dev: λ = 0 out of a 7-way tie", output);
    }
}
