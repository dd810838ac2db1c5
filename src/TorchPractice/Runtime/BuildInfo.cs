using System.Reflection;

namespace TorchPractice.Runtime;

/// <summary>Which TorchSharp backend package the running application carries.</summary>
public static class BuildInfo
{
    /// <summary>
    /// "cpu" or "cuda": the backend the application was built with. TorchPractice's own applications stamp it
    /// (<c>AssemblyMetadata("TorchBackend", …)</c> on the entry assembly); for any other application it is read off
    /// the natives beside it ("cuda" when libtorch_cuda.so is there, else "cpu").
    /// </summary>
    public static string TorchBackend => Stamped ??= Assembly.GetEntryAssembly()?
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? Detected();

    static string? Stamped;

    static string Detected()
    {
        string baseDir = AppContext.BaseDirectory;
        bool cuda = File.Exists(Path.Combine(baseDir, "libtorch_cuda.so")) ||
                    File.Exists(Path.Combine(baseDir, "runtimes", "linux-x64", "native", "libtorch_cuda.so")) ||
                    File.Exists(Path.Combine(baseDir, "torch_cuda.dll")) ||
                    File.Exists(Path.Combine(baseDir, "runtimes", "win-x64", "native", "torch_cuda.dll"));
        return cuda ? "cuda" : "cpu";
    }
}
