using TorchPractice.Data;
using TorchPractice.Data.Loading;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>Predictor.Predict: a saved model's predictions are the trained model's own forward pass, bit for bit.</summary>
public sealed class PredictorTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-predictor-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static string BreastCancer => Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "breast_cancer.csv");

    [Theory]
    [InlineData(Implementation.Scratch, ScalarType.Float64)]
    [InlineData(Implementation.Scratch, ScalarType.Float32)]
    [InlineData(Implementation.Autograd, ScalarType.Float64)]
    public void Predictions_of_a_saved_model_are_the_trained_models_own_forward_bit_for_bit(Implementation impl, ScalarType dtype)
    {
        var all = CsvFile.Load(BreastCancer);
        var split = Splitting.TrainTest(all, 0.2, 1, stratified: true);
        var (scaled, scaling) = Standardization.FitAndApply(split);
        var options = new ModelOptions { Layers = [30, 8, 4, 1], Activation = Activation.Tanh, DType = dtype };
        using var scope = NewDisposeScope();
        var (x, y) = scaled.Train.ToTensors(CPU, dtype);
        using var net = ModelFactory.Create(impl, options, "numpy", 3, CPU);
        Trainer.Train(net, x, y, new TrainOptions { LearningRate = 0.05, Iterations = 100, PrintEvery = 50 });
        var path = Path.Combine(_dir, "m.json");
        using (var p = net.CopyParameters()) ParameterFile.Save(path, p, options, scaling, all.FeatureNames);

        using var saved = ParameterFile.Read(path);
        var result = Predictor.Predict(saved, all, CPU, impl);

        var (xAll, yAll) = scaling.Apply(all).ToTensors(CPU, dtype);
        var own = net.Probabilities(xAll).to(float64).contiguous().data<double>().ToArray();
        Assert.Equal(own.Select(BitConverter.DoubleToInt64Bits), result.Probabilities.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(own.Select(v => v > 0.5 ? 1 : 0), result.Classes);
        Assert.Equal(Metrics.Evaluate(net, xAll, yAll), result.Metrics);
        Assert.True(result.Standardized);
        Assert.Equal(dtype, saved.DType);
    }

    [Fact]
    public void A_file_stores_and_gives_back_everything_in_one_read()
    {
        var all = CsvFile.Load(BreastCancer);
        var scaling = Standardization.Fit(all);
        var options = new ModelOptions { Layers = [30, 3, 1], Activation = Activation.Sigmoid, DType = ScalarType.Float32 };
        using var p = InitialParameters.Create(options, Models.TestData.Rng(3), CPU);
        var path = Path.Combine(_dir, "m.json");
        ParameterFile.Save(path, p, options, scaling, all.FeatureNames);

        using var saved = ParameterFile.Read(path);

        Assert.Equal([30, 3, 1], saved.Layers);
        Assert.Equal(Activation.Sigmoid, saved.Activation);
        Assert.Equal(ScalarType.Float32, saved.DType);
        Assert.Equal(scaling.Mean, saved.Standardization!.Mean);
        Assert.Equal(scaling.Scale, saved.Standardization.Scale);
        Assert.Equal(all.FeatureNames, saved.FeatureNames);
        Assert.Equal(p.ToArray("W1"), saved.Parameters.ToArray("W1"));
        Assert.True(ParameterFile.IsParameterFile(path));
    }

    [Fact]
    public void Check_features_names_the_file_and_the_first_mismatch()
    {
        var options = new ModelOptions { Layers = [3, 1] };
        using var p = InitialParameters.Create(options, Models.TestData.Rng(3), CPU);
        var path = Path.Combine(_dir, "m.json");
        ParameterFile.Save(path, p, options, featureNames: ["a", "b", "c"]);
        using var saved = ParameterFile.Read(path);

        saved.CheckFeatures(["a", "b", "c"], "d.csv");
        // Each message is one line that starts with the file and carries the facts of its mismatch.
        string Refused(string[] names)
        {
            string message = Assert.Throws<InvalidDataException>(() => saved.CheckFeatures(names, "d.csv")).Message;
            Assert.StartsWith(path, message);
            Assert.Contains("'d.csv'", message);
            Assert.Contains("(a, b, c)", message); // the model's features
            Assert.DoesNotContain("\n", message);
            return message;
        }
        var count = Refused(["a", "b"]);
        Assert.Contains("3 features", count);
        Assert.Contains("has 2", count);
        var reordered = Refused(["a", "c", "b"]);
        Assert.Contains("feature 2", reordered);
        Assert.Contains("'c'", reordered);
        Assert.Contains("'b'", reordered);
        Assert.Contains("another order", reordered);
        var foreign = Refused(["a", "b", "z"]);
        Assert.Contains("feature 3", foreign);
        Assert.Contains("'z'", foreign);
        Assert.Contains("'c'", foreign);
        Assert.DoesNotContain("another order", foreign);
    }

    [Fact]
    public void A_file_from_before_names_and_dtype_reads_with_none_and_float64()
    {
        var options = new ModelOptions { Layers = [2, 1] };
        using var p = InitialParameters.Create(options, Models.TestData.Rng(3), CPU);
        var path = Path.Combine(_dir, "old.json");
        ParameterFile.Save(path, p, options);
        var doc = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        doc.Remove("dtype");
        File.WriteAllText(path, doc.ToJsonString());

        using var saved = ParameterFile.Read(path);
        Assert.Null(saved.FeatureNames);
        Assert.Equal(ScalarType.Float64, saved.DType);
        saved.CheckFeatures(["anything", "goes"], "d.csv"); // by count only
        Assert.Throws<InvalidDataException>(() => saved.CheckFeatures(["one"], "d.csv"));
    }

    [Fact]
    public void A_foreign_file_is_not_a_parameter_file()
    {
        var path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "my notes");
        Assert.False(ParameterFile.IsParameterFile(path));
        File.WriteAllText(path, """{"format":"something-else"}""");
        Assert.False(ParameterFile.IsParameterFile(path));
        Assert.False(ParameterFile.IsParameterFile(Path.Combine(_dir, "missing.json")));
    }

    [Fact]
    public void A_table_without_labels_reads_every_column_as_a_feature()
    {
        var path = Path.Combine(_dir, "u.csv");
        File.WriteAllText(path, "a,b\n1,2\n3,4\n");
        var data = CsvFile.Load(path, new CsvLoadOptions { Unlabelled = true });
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 } }, data.Features);
        Assert.False(data.IsLabelled);
        Assert.Equal(["a", "b"], CsvFile.ReadHeader(path));
        Assert.True(CsvFile.Load(BreastCancer).IsLabelled);
    }
}
