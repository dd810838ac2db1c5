namespace TorchPractice.Runtime;

/// <summary>What the user asked for with --device.</summary>
public enum DeviceChoice { Cpu, Cuda, Auto }

public static class DeviceChoices
{
    public static DeviceChoice Parse(string text) => text.ToLowerInvariant() switch
    {
        "cpu" => DeviceChoice.Cpu,
        "cuda" => DeviceChoice.Cuda,
        "auto" => DeviceChoice.Auto,
        _ => throw new ArgumentException($"unknown device '{text}' (expected cpu, cuda or auto)"),
    };
}

/// <summary>CUDA was asked for and cannot be had; the message says why and how to fix it.</summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);
