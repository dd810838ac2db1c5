using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// Runs checks that could end the process (SIGABRT from libtorch, a .NET exception in a native callback) in a child:
/// this test assembly started again with <see cref="Variable"/> set, which its module initializer turns into the
/// battery run instead of the test run. A regression then fails a test instead of killing the test host.
/// </summary>
static class ChildProcess
{
    const string Variable = "TORCHPRACTICE_GRADCHECK_CHILD";

    [ModuleInitializer]
    internal static void RunAsChild()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } what) return;
        TestSetup.OneLibtorchThread();
        if (what == "battery") GradCheckBattery.RunAllAndPrint();
        else if (what.StartsWith("case:", StringComparison.Ordinal))
            foreach (var c in GradCheckBattery.Cases.Where(c => c.Name == what[5..]))
                foreach (bool fast in new[] { false, true })
                    Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(GradCheckBattery.Run(c, fast)));
        Console.Out.Flush();
        Environment.Exit(0);
    }

    /// <summary>Starts the child for <paramref name="what"/> ("battery" or "case:NAME") and returns its exit code and output.</summary>
    public static (int Code, string Out, string Err) Run(string what)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TorchPractice.Tests.dll");
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.Environment[Variable] = what;
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
