using System.Diagnostics;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// The notebooks' package feed, comparison/notebooks/feed, packed from this build before any notebook runs (README's
/// command, <c>dotnet pack src/TorchPractice.Notebooks -o comparison/notebooks/feed</c>, here without building again:
/// this project builds src/TorchPractice.Notebooks first).
/// </summary>
static class NotebookFeed
{
    const string PackageId = "TorchPractice.Notebooks";
    static readonly Lazy<string> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Packs once per test run; throws with dotnet's output when the pack fails.</summary>
    public static string Ensure() => Packed.Value;

    static string Pack()
    {
        var root = Path.GetFullPath(Path.Combine(NotebookTests.Folder, "..", ".."));
        var feed = Path.Combine(NotebookTests.Folder, "feed");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "pack", "src/TorchPractice.Notebooks", "-c", NotebookRunner.Configuration, "--no-build", "-o", feed })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet pack src/TorchPractice.Notebooks failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");

        // NuGet extracts a package version into its global packages folder once and never again: without this, the
        // kernels would run the first 0.1.0 ever restored on this machine, not this build. Only this package's folder.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(packages, PackageId.ToLowerInvariant());
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        return feed;
    }
}
