using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace TorchPractice.Comparison.Peers;

/// <summary>
/// Runs the Python peers (comparison/peers/*.py): checks they can run here, writes their inputs into a temporary
/// directory, runs the script, and reads its JSON report. A peer that cannot run here (no python, no numpy, no
/// torch, no CUDA) is reported as skipped, never thrown; a peer that runs and fails throws <see cref="PeerRunException"/>.
/// </summary>
public sealed class PeerRunner
{
    readonly PeerRunnerOptions options;
    readonly ConcurrentDictionary<(bool Torch, string DeviceType), PeerStatus> detected = new();

    /// <summary>A runner with <paramref name="options"/> (null: the defaults).</summary>
    public PeerRunner(PeerRunnerOptions? options = null)
    {
        this.options = options ?? new PeerRunnerOptions();
        PythonPath = this.options.PythonPath ?? FindPython();
        ScriptDirectory = this.options.ScriptDirectory ?? Path.Combine(AssemblyDirectory(), "peers");
    }

    /// <summary>The interpreter the peers run with; null when none was found.</summary>
    public string? PythonPath { get; }
    /// <summary>Where the peer scripts are.</summary>
    public string ScriptDirectory { get; }

    /// <summary>The script that runs <paramref name="kind"/>.</summary>
    public static string ScriptName(PeerKind kind) => kind == PeerKind.NumPy ? "numpy_model.py" : "torch_model.py";

    /// <summary>Whether <paramref name="kind"/> can run here on <paramref name="device"/> (checked once per runner, then remembered).</summary>
    public async Task<PeerStatus> DetectAsync(PeerKind kind, string device = "cpu", CancellationToken cancellationToken = default)
    {
        bool torch = kind != PeerKind.NumPy;
        var deviceType = device.Split(':')[0];
        if (!detected.TryGetValue((torch, deviceType), out var status))
        {
            status = await CheckAsync(torch, deviceType, cancellationToken).ConfigureAwait(false);
            detected[(torch, deviceType)] = status;
        }
        var script = Path.Combine(ScriptDirectory, ScriptName(kind));
        if (status.IsAvailable && !File.Exists(script))
            return PeerStatus.Skipped(kind, $"peer script not found: {script}", PythonPath);
        return status with { Kind = kind };
    }

    /// <summary>
    /// Trains the request with the peer. Invalid requests throw <see cref="ArgumentException"/> before anything
    /// runs; an unavailable peer gives a skipped outcome; a failed run throws <see cref="PeerRunException"/>.
    /// </summary>
    public async Task<PeerOutcome> RunAsync(PeerKind kind, PeerRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate(kind);
        var status = await DetectAsync(kind, request.Device, cancellationToken).ConfigureAwait(false);
        if (!status.IsAvailable)
            return new PeerOutcome(status, null);

        var script = ScriptName(kind);
        var directory = Directory.CreateTempSubdirectory("torchpractice-peer-").FullName;
        try
        {
            var config = PeerProtocol.WriteInputs(kind, request, directory);
            var run = await RunProcessAsync([Path.Combine(ScriptDirectory, script), config], directory,
                request.Environment, options.Timeout, cancellationToken).ConfigureAwait(false);
            if (run.TimedOut)
                throw new PeerRunException($"{script} did not finish within {options.Timeout} and was stopped", run.Stderr);
            if (run.ExitCode != 0)
                throw new PeerRunException($"{script} failed (exit {run.ExitCode}): {LastLine(run.Stderr)}", run.Stderr);
            try
            {
                var final = request.ReturnFinalParameters ? Npy.ReadNpz(PeerProtocol.FinalParametersPath(directory)) : null;
                var gradients = request.ReturnInitialGradients ? Npy.ReadNpz(PeerProtocol.InitialGradientsPath(directory)) : null;
                return new PeerOutcome(status, PeerProtocol.ParseResult(kind, run.Stdout, final, gradients));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException
                                          or InvalidDataException or IOException)
            {
                throw new PeerRunException($"{script} gave no valid result: {e.Message}", run.Stderr, e);
            }
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { } // the system cleans its temp directory; a leftover is not worth failing the run
        }
    }

    async Task<PeerStatus> CheckAsync(bool torch, string deviceType, CancellationToken cancellationToken)
    {
        var kind = torch ? PeerKind.TorchManual : PeerKind.NumPy;
        if (PythonPath is null)
            return PeerStatus.Skipped(kind, "no python found (looked for /usr/bin/python3, python3 and python on PATH)");
        if (Path.IsPathRooted(PythonPath) && !File.Exists(PythonPath))
            return PeerStatus.Skipped(kind, $"python not found at {PythonPath}", PythonPath);

        var modules = torch ? "numpy and torch" : "numpy";
        var code = "import sys, platform, numpy; v = 'python ' + platform.python_version() + ', numpy ' + numpy.__version__\n"
                 + (torch ? "import torch; v += ', torch ' + torch.__version__\n" : "")
                 + (torch && deviceType == "cuda" ? "if not torch.cuda.is_available(): sys.exit('torch sees no CUDA device')\n" : "")
                 + "print(v)";
        ProcessRun run;
        try
        {
            run = await RunProcessAsync(["-c", code], null, null, options.DetectionTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            return PeerStatus.Skipped(kind, $"cannot start {PythonPath}: {e.Message}", PythonPath);
        }
        if (run.TimedOut)
            return PeerStatus.Skipped(kind, $"{PythonPath} did not import {modules} within {options.DetectionTimeout}", PythonPath);
        if (run.ExitCode != 0)
            return PeerStatus.Skipped(kind, $"{PythonPath} cannot run the {modules} peer: {LastLine(run.Stderr)}", PythonPath);
        return PeerStatus.Available(kind, PythonPath, run.Stdout.Trim());
    }

    sealed record ProcessRun(int ExitCode, string Stdout, string Stderr, bool TimedOut);

    /// <summary>Runs python with the arguments; on timeout or cancellation kills it (and its children).</summary>
    async Task<ProcessRun> RunProcessAsync(IEnumerable<string> arguments, string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(PythonPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1"; // no __pycache__ next to the scripts
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        bool timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // it exited meanwhile
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        return new ProcessRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), timedOut);
    }

    static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(nothing on stderr)";

    static string? FindPython()
    {
        if (File.Exists("/usr/bin/python3"))
            return "/usr/bin/python3";
        var suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) ?? [];
        return new[] { "python3", "python" }
            .SelectMany(name => path.Select(dir => Path.Combine(dir, name + suffix)))
            .FirstOrDefault(File.Exists);
    }

    static string AssemblyDirectory()
    {
        var location = typeof(PeerRunner).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
