using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using TorchPractice.Cli.Commands;

namespace TorchPractice.Tests.Cli;

/// <summary>
/// `torchpractice` run the way users run it: as its own process (stdout and stderr are pipes, so not terminals),
/// for what needs a real process: signals, concurrent runs, dropped privileges. Or in this process through the
/// program's entry point (<see cref="InProcess"/>), which is faster.
/// </summary>
sealed class CliProcess : IDisposable
{
    static readonly object ConsoleGate = new();

    readonly Process _process;
    readonly StringBuilder _out = new(), _err = new();
    readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>The CLI built next to the tests, run by the dotnet host that runs them; <paramref name="prefix"/> wraps it (e.g. setpriv …).</summary>
    public static CliProcess Start(string workingDirectory, IReadOnlyList<string> prefix, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "TorchPractice.Cli.dll");
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var dotnet = File.Exists(Path.Combine(root, "dotnet")) ? Path.Combine(root, "dotnet") : "dotnet";
        string[] command = [.. prefix, dotnet, dll, .. args];
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in command[1..]) info.ArgumentList.Add(a);
        var cli = new CliProcess(new Process { StartInfo = info });
        cli._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (cli._out) cli._out.AppendLine(e.Data); };
        cli._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) cli.OnErrorLine(e.Data); };
        cli._process.Start();
        cli._process.StandardInput.Close();
        cli._process.BeginOutputReadLine();
        cli._process.BeginErrorReadLine();
        return cli;
    }

    void OnErrorLine(string line)
    {
        lock (_err)
        {
            _err.AppendLine(line);
            foreach (var (match, seen) in _waiters) if (match(line)) seen.TrySetResult();
        }
    }

    /// <summary>Waits until stderr has a line that matches (explicit synchronisation with the run; the timeout only guards a hang).</summary>
    public async Task WaitForErrorLineAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_err)
        {
            if (_err.ToString().Split('\n').Any(l => match(l.TrimEnd('\r')))) return;
            _waiters.Add((match, seen));
        }
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(seen.Task, exited).WaitAsync(TimeSpan.FromMinutes(3)) == exited && !seen.Task.IsCompleted)
            throw new InvalidOperationException($"the CLI exited ({_process.ExitCode}) before the expected line; stderr:\n{_err}");
    }

    /// <summary>Sends a signal by name (TERM, KILL, INT) through the shell's kill.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("/bin/sh", ["-c", $"kill -{name} {_process.Id}"])!;
        kill.WaitForExit();
    }

    /// <summary>Waits for the exit (the timeout only guards a hang) and returns the exit code and both streams.</summary>
    public async Task<(int Code, string Out, string Err)> ExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        _process.WaitForExit(); // drains the asynchronous readers
        lock (_out) lock (_err) return (_process.ExitCode, _out.ToString(), _err.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }

    /// <summary>Runs the CLI in this process through its entry point with stdout and stderr captured.</summary>
    public static (int Code, string Out, string Err) InProcess(TextWriter? error = null, params string[] args)
    {
        var entry = typeof(CompareCommand).Assembly.EntryPoint!;
        lock (ConsoleGate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var output = new StringWriter();
            error ??= new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try { return ((int)entry.Invoke(null, [args])!, output.ToString(), error.ToString()!); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }
}
