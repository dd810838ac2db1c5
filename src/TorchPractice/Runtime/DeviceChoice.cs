namespace TorchPractice.Runtime;

/// <summary>Which device to compute on (<see cref="TorchRuntime.Select"/>).</summary>
public enum DeviceChoice
{
    /// <summary>The CPU.</summary>
    Cpu,
    /// <summary>A CUDA GPU; <see cref="DeviceUnavailableException"/> when there is none.</summary>
    Cuda,
    /// <summary>CUDA when available, else the CPU.</summary>
    Auto,
}
