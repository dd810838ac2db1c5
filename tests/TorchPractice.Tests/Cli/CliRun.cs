namespace TorchPractice.Tests.Cli;

/// <summary>Runs `torchpractice` in this process through its own entry point, stdout and stderr captured apart.</summary>
static class CliRun
{
    public static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.InProcess(null, args);

    /// <summary>A fixture file's path (Fixtures/ is copied next to the test assembly).</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
