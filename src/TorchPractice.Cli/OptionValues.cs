using TorchPractice.Models;
using TorchPractice.Runtime;

namespace TorchPractice.Cli;

/// <summary>The command line's names for the library's choices (--device, --impl, --init, --activation).</summary>
public static class OptionValues
{
    /// <summary>--device cpu|cuda|auto.</summary>
    public static DeviceChoice Device(string text) => text.ToLowerInvariant() switch
    {
        "cpu" => DeviceChoice.Cpu,
        "cuda" => DeviceChoice.Cuda,
        "auto" => DeviceChoice.Auto,
        _ => throw new UsageException($"unknown device '{text}' (expected cpu, cuda or auto)"),
    };

    /// <summary>--impl scratch|autograd.</summary>
    public static Implementation Implementation(string text) => text.ToLowerInvariant() switch
    {
        "scratch" => Models.Implementation.Scratch,
        "autograd" => Models.Implementation.Autograd,
        _ => throw new UsageException($"unknown implementation '{text}' (expected scratch or autograd)"),
    };

    /// <summary>--init zeros|random|he|lecun|xavier|uniform.</summary>
    public static Init Init(string text) => text.ToLowerInvariant() switch
    {
        "zeros" => Models.Init.Zeros,
        "random" => Models.Init.Random,
        "he" => Models.Init.He,
        "lecun" => Models.Init.Lecun,
        "xavier" => Models.Init.Xavier,
        "uniform" => Models.Init.Uniform,
        _ => throw new UsageException($"unknown init '{text}' (expected zeros, random, he, lecun, xavier or uniform)"),
    };

    /// <summary>--activation relu|tanh|sigmoid|leaky_relu (null when not given); a bad name is one line naming the flag.</summary>
    public static Activation? Activation(CommandLine o) => o.Parse<Activation?>("activation", null,
        text => ActivationNames.TryParse(text, out var a) ? a : throw new ArgumentException(text), ActivationNames.Expected);
}
