using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchPractice.NativeCompat;

namespace TorchPractice.Tests.NativeCompat;

/// <summary>
/// The build step's program (TorchPractice.NativeCompat, run as the build runs it) on an output folder holding a
/// glue-like ELF that needs GLIBCXX_3.4.32: by default it follows the host's libstdc++ (here a stand-in given with
/// --host-libstdcxx); with --any-host (the tool package) it marks the need weak whatever the host.
/// </summary>
public sealed class NativeCompatToolTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tp-compat-tool-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Output()
    {
        string output = Path.Combine(_dir, "out", "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(output);
        File.WriteAllBytes(Path.Combine(output, LibStdCxxCompat.NativeGlue),
            ElfBuilder.Build("libstdc++.so.6", ["GLIBCXX_3.4.30", LibStdCxxCompat.MissingVersion]));
        return Path.Combine(_dir, "out");
    }

    string Host(params string[] versions)
    {
        string path = Path.Combine(_dir, "libstdc++.so.6");
        File.WriteAllBytes(path, ElfBuilder.Build("libc.so.6", ["GLIBC_2.34"], ["libstdc++.so.6", .. versions]));
        return path;
    }

    static string Glue(string output) => Path.Combine(output, "runtimes", "linux-x64", "native", LibStdCxxCompat.NativeGlue);

    [Fact]
    public void A_host_that_provides_the_version_leaves_the_glue_as_shipped()
    {
        string output = Output();
        var (code, stdout, _) = Run(output, "--host-libstdcxx", Host("GLIBCXX_3.4.30", LibStdCxxCompat.MissingVersion));
        Assert.Equal(0, code);
        Assert.Contains($"provides {LibStdCxxCompat.MissingVersion}", stdout);
        Assert.False(LibStdCxxCompat.IsApplied(Glue(output)));
    }

    [Fact]
    public void A_host_that_lacks_the_version_gets_the_need_marked_weak()
    {
        string output = Output();
        var (code, stdout, _) = Run(output, "--host-libstdcxx", Host("GLIBCXX_3.4.30"));
        Assert.Equal(0, code);
        Assert.Contains($"lacks {LibStdCxxCompat.MissingVersion}; marked", stdout);
        Assert.True(LibStdCxxCompat.IsApplied(Glue(output)));
    }

    [Fact]
    public void Any_host_marks_the_need_weak_whatever_this_host_provides()
    {
        string output = Output();
        var (code, stdout, _) = Run(output, "--any-host");
        Assert.Equal(0, code);
        Assert.StartsWith("torch-compat: for any host: marked", stdout);
        Assert.True(LibStdCxxCompat.IsApplied(Glue(output)));

        var again = Run(output, "--any-host");
        Assert.Equal(0, again.Code);
        Assert.Contains("already has", again.Stdout);
    }

    [Theory]
    [InlineData("--any-host", "extra")]
    [InlineData("--host-libstdcxx")]
    [InlineData("--anyhost")]
    public void Bad_arguments_are_one_usage_line_and_exit_2(params string[] rest)
    {
        string output = Output();
        var (code, stdout, stderr) = Run(output, rest);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("usage: TorchPractice.NativeCompat OUTPUT_DIR", stderr);
        Assert.False(LibStdCxxCompat.IsApplied(Glue(output)));
    }

    /// <summary>The program from the test's output folder, run by the dotnet host that runs the tests.</summary>
    static (int Code, string Stdout, string Stderr) Run(string output, params string[] rest)
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "TorchPractice.NativeCompat.dll"), output, .. rest])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
