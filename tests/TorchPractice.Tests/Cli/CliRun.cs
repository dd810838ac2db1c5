using TorchPractice.Cli.Commands;

namespace TorchPractice.Tests.Cli;

/// <summary>Runs `torchpractice` in this process through its own entry point, stdout and stderr captured apart.</summary>
static class CliRun
{
    static readonly object ConsoleGate = new();

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var entry = typeof(GradCheckCommand).Assembly.EntryPoint!;
        lock (ConsoleGate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try { return ((int)entry.Invoke(null, [args])!, stdout.ToString(), stderr.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    /// <summary>A fixture file's path (Fixtures/ is copied next to the test assembly).</summary>
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
