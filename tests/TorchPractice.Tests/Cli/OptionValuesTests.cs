using TorchPractice.Cli;
using TorchPractice.Models;
using TorchPractice.Runtime;

namespace TorchPractice.Tests.Cli;

public sealed class OptionValuesTests
{
    [Theory]
    [InlineData("cpu", DeviceChoice.Cpu)]
    [InlineData("CUDA", DeviceChoice.Cuda)]
    [InlineData("auto", DeviceChoice.Auto)]
    public void Device_names_parse(string text, DeviceChoice expected) => Assert.Equal(expected, OptionValues.Device(text));

    [Fact]
    public void An_unknown_device_name_is_rejected() =>
        Assert.Contains("expected cpu, cuda or auto", Assert.Throws<UsageException>(() => OptionValues.Device("gpu")).Message);

    [Theory]
    [InlineData("he", Init.He)]
    [InlineData("Zeros", Init.Zeros)]
    [InlineData("lecun", Init.Lecun)]
    public void Init_names_parse(string text, Init expected) => Assert.Equal(expected, OptionValues.Init(text));

    [Fact]
    public void Unknown_init_and_implementation_names_are_rejected()
    {
        Assert.Contains("expected zeros, random, he", Assert.Throws<UsageException>(() => OptionValues.Init("glorot")).Message);
        Assert.Contains("expected scratch or autograd", Assert.Throws<UsageException>(() => OptionValues.Implementation("numpy")).Message);
        Assert.Equal(Implementation.Autograd, OptionValues.Implementation("autograd"));
    }

    static CommandLine Line(params string[] args) => new("train", args, new HashSet<string>());

    [Theory]
    [InlineData("relu", Activation.Relu)]
    [InlineData("TANH", Activation.Tanh)]
    [InlineData("sigmoid", Activation.Sigmoid)]
    [InlineData("leaky_relu", Activation.LeakyRelu)]
    public void Activation_names_parse(string text, Activation expected) => Assert.Equal(expected, OptionValues.Activation(Line("--activation", text)));

    [Fact]
    public void No_activation_given_is_null_and_an_unknown_one_names_the_flag()
    {
        Assert.Null(OptionValues.Activation(Line()));
        Assert.Equal("train: --activation expects relu, tanh, sigmoid or leaky_relu; got 'leakyrelu'",
            Assert.Throws<UsageException>(() => OptionValues.Activation(Line("--activation", "leakyrelu"))).Message);
    }
}
