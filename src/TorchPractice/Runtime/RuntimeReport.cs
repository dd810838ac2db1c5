using System.Text.Json.Serialization;

namespace TorchPractice.Runtime;

/// <summary>What the runtime found: versions, devices, native paths, the libstdc++ step (<see cref="TorchRuntime.Describe"/>).</summary>
/// <param name="TorchSharpVersion">TorchSharp's version.</param>
/// <param name="LibTorchVersion">libtorch's version.</param>
/// <param name="DotNetVersion">The .NET runtime.</param>
/// <param name="TorchBackend">"cpu" or "cuda": the backend package the application carries (<see cref="BuildInfo.TorchBackend"/>).</param>
/// <param name="Device">"cpu" or "cuda": the device selected.</param>
/// <param name="CudaAvailable">True when libtorch sees a CUDA device.</param>
/// <param name="CudaDeviceCount">How many.</param>
/// <param name="Threads">libtorch's intra-op thread count.</param>
/// <param name="LibTorchPath">Where libtorch_cpu.so was loaded from.</param>
/// <param name="LibTorchCudaPath">Where libtorch_cuda.so was loaded from (null: not loaded).</param>
/// <param name="NativeGluePath">Where TorchSharp's libLibTorchSharp.so was loaded from (null for an in-memory copy).</param>
/// <param name="ExternalLibTorch">The directory of TORCHPRACTICE_LIBTORCH, when set.</param>
/// <param name="CompatApplied">True when the loaded glue has its GLIBCXX_3.4.32 need marked weak (null: it has no such need).</param>
/// <param name="CheckResult">Sum of [[1,2],[3,4]]² computed on the device: 54.</param>
/// <param name="AllocatorTuned">True when <see cref="NativeAllocator.Tune"/> set glibc's thresholds in this process.</param>
/// <param name="CompatInMemory">What the runtime did when the build had not fixed the glue (null: nothing).</param>
public sealed record RuntimeReport(
    [property: JsonPropertyName("torchsharp_version")] string TorchSharpVersion,
    [property: JsonPropertyName("libtorch_version")] string LibTorchVersion,
    [property: JsonPropertyName("dotnet_version")] string DotNetVersion,
    string TorchBackend, string Device, bool CudaAvailable, int CudaDeviceCount, int Threads,
    [property: JsonPropertyName("libtorch_path")] string? LibTorchPath,
    [property: JsonPropertyName("libtorch_cuda_path")] string? LibTorchCudaPath,
    string? NativeGluePath,
    [property: JsonPropertyName("external_libtorch")] string? ExternalLibTorch,
    bool? CompatApplied, double CheckResult,
    [property: JsonPropertyName("allocator_tuned")] bool AllocatorTuned,
    [property: JsonPropertyName("compat_in_memory")] string? CompatInMemory);
