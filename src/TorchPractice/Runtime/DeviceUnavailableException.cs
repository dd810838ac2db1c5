namespace TorchPractice.Runtime;

/// <summary>CUDA was asked for and cannot be had; the message says why and how to fix it.</summary>
public sealed class DeviceUnavailableException(string message) : Exception(message);
