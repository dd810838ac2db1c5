namespace TorchPractice.Tests.Cli;

/// <summary>What people see when stdout is a file or a pipe (a log, CI).</summary>
public sealed class PresentationTests
{
    [Fact]
    public async Task Tables_on_a_redirected_stdout_keep_their_natural_width()
    {
        // info's table holds libtorch's full path, longer than 80 columns: wrapped, it would be split across lines.
        using var cli = CliProcess.Start(AppContext.BaseDirectory, [], "info");
        var (code, output, error) = await cli.ExitAsync();
        Assert.True(code == 0, error);
        var path = TorchPractice.Runtime.TorchRuntime.Describe(TorchPractice.Runtime.DeviceChoice.Cpu).LibTorchPath!;
        Assert.True(path.Length > 60, path);
        Assert.Contains(output.Split('\n'), l => l.Contains("libtorch from", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
    }
}
