using System.Text.Json.Nodes;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>Parameter files remember the model's activation and layers; files from before activations load as ReLU.</summary>
public sealed class ParameterFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-parameterfile-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(Activation.Relu, "relu")]
    [InlineData(Activation.Tanh, "tanh")]
    [InlineData(Activation.Sigmoid, "sigmoid")]
    [InlineData(Activation.LeakyRelu, "leaky_relu")]
    public void The_activation_is_stored_by_name_and_read_back(Activation activation, string name)
    {
        var o = new ModelOptions { Layers = [3, 4, 2, 5, 1], Activation = activation };
        using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
        var file = Path.Combine(_dir, "p.json");
        ParameterFile.Save(file, p, o);
        Assert.Equal(name, JsonNode.Parse(File.ReadAllText(file))!["activation"]!.GetValue<string>());
        Assert.Equal(activation, ParameterFile.ReadActivation(file));
        using var back = ParameterFile.Load(file);
        Assert.Equal([3, 4, 2, 5, 1], ParameterFile.LayersOf(back, file));
    }

    [Fact]
    public void A_file_written_before_activations_were_stored_is_relu()
    {
        var o = new ModelOptions { Layers = [2, 10, 5, 1] };
        using var p = InitialParameters.Create(o, TestData.Rng(3), CPU);
        var file = Path.Combine(_dir, "old.json");
        ParameterFile.Save(file, p, o);
        var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.True(doc.Remove("activation"));
        File.WriteAllText(file, doc.ToJsonString());
        Assert.Equal(Activation.Relu, ParameterFile.ReadActivation(file));
    }

    [Theory]
    [InlineData("\"elu\"")]
    [InlineData("3")]
    public void An_unknown_activation_is_one_line_naming_the_file(string value)
    {
        var file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, $$"""{"format":"torchpractice-parameters","version":1,"activation":{{value}},"tensors":[]}""");
        var e = Assert.Throws<InvalidDataException>(() => ParameterFile.ReadActivation(file));
        Assert.StartsWith($"{file}: ", e.Message);
        foreach (var fact in new[] { "\"activation\"", "relu", "tanh", "sigmoid", "leaky_relu", $"got {value}" })
            Assert.Contains(fact, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Logistic_regressions_layers_are_n_x_and_1()
    {
        var o = new ModelOptions { Layers = [4, 1] };
        using var p = InitialParameters.Create(o, TestData.Rng(1), CPU);
        Assert.Equal([4, 1], ParameterFile.LayersOf(p, "p.json"));
        using var none = new ParameterSet([("b1", zeros(1, 1, float64))]);
        var e = Assert.Throws<InvalidDataException>(() => ParameterFile.LayersOf(none, "p.json"));
        Assert.StartsWith("p.json: ", e.Message);
        Assert.Contains("no W1", e.Message);
        Assert.Contains("(have b1)", e.Message);
    }
}
