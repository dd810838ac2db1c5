namespace TorchPractice.Tests.Cli;

/// <summary>Runs `torchpractice` in this process through its own entry point, stdout and stderr captured apart.</summary>
static class CliRun
{
    public static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.InProcess(null, args);

    /// <summary>The one line a refused command line prints ("torchpractice: error: …" on stderr), asserting there is
    /// nothing else: nothing on stdout, exit 2.</summary>
    public static string OneLineError(params string[] args)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("torchpractice: error: ", lines[0]);
        return lines[0].TrimEnd('\r');
    }

    /// <summary>A fixture file's path (Fixtures/ is copied next to the test assembly).</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
