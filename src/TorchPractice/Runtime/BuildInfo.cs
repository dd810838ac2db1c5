namespace TorchPractice.Runtime;

/// <summary>Build-time facts, stamped by the project file.</summary>
public static class BuildInfo
{
    public static string TorchBackend => typeof(BuildInfo).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";
}
