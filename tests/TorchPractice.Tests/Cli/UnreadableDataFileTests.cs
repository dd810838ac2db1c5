using System.Diagnostics;
using TorchPractice.Tests.Data.Loading;

namespace TorchPractice.Tests.Cli;

/// <summary>
/// A data file the user may not read: one line and exit 2 from the real program (today: a stack trace and exit 134).
/// Root reads every file whatever its mode, so as root the program runs as nobody (setpriv drops the privileges).
/// </summary>
public sealed class UnreadableDataFileTests : IDisposable
{
    readonly TempFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "TorchPractice.Cli.dll");
    static bool IsRoot => Environment.UserName == "root";
    static readonly string[] AsNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];

    [Theory]
    [InlineData("data.csv", "x,label\n1,0\n2,1\n")]
    [InlineData("data.mat", "MATLAB 5.0 MAT-file")]
    public void An_unreadable_data_file_is_one_line_and_exit_2(string name, string content)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "permissions and setpriv as on Linux");
        string path = _folder.Write(name, content);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.None);
        if (IsRoot)
        {
            var (probe, _) = Run([.. AsNobody, "test", "-r", Cli]);
            Assert.SkipWhen(probe != 0, $"setpriv is missing, or nobody (uid 65534) cannot read {Cli}");
        }

        var (code, stderr) = Run([.. IsRoot ? AsNobody : [], Dotnet, Cli, "train", "--data", path, "--iterations", "1"]);

        Assert.True(code == 2, $"exit {code}; stderr:\n{stderr}");
        Assert.Equal($"torchpractice: error: data file '{path}' cannot be read: permission denied (check the file's and its folders' permissions)"
                     .Replace("data file", name.EndsWith(".mat") ? "MAT-file" : "data file"), stderr.TrimEnd('\n'));
    }

    static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    static (int Code, string Stderr) Run(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in command[1..]) start.ArgumentList.Add(a);
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(entireProcessTree: true); Assert.Fail($"{string.Join(" ", command)} did not finish in 2 minutes"); }
        return (process.ExitCode, stderr.Result);
    }
}
