using TorchPractice.Comparison.Peers;
using TorchPractice.Models;
using TorchPractice.Data;
using TorchPractice.Training;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;

namespace TorchPractice.Tests.Comparison.Peers;

public sealed class PeerRunnerTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_missing_python_makes_every_peer_skipped_with_the_reason_not_an_exception()
    {
        var runner = new PeerRunner(new PeerRunnerOptions { PythonPath = "/nonexistent/bin/python3" });
        foreach (var kind in Enum.GetValues<PeerKind>())
        {
            var status = await runner.DetectAsync(kind, cancellationToken: Token);
            Assert.False(status.IsAvailable);
            Assert.Equal(kind, status.Kind);
            Assert.Contains("python not found at /nonexistent/bin/python3", status.SkipReason);
            var outcome = await runner.RunAsync(kind, Tiny(), Token);
            Assert.False(outcome.Completed);
            Assert.Equal(status, outcome.Status);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // guarded by the skip below
    public async Task A_python_without_numpy_makes_the_peer_skipped_with_the_import_error()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/bin/python3"), "needs /usr/bin/python3 on Linux");
        using var temp = new TempDirectory();
        // python -S leaves out site-packages, where numpy lives.
        var python = temp.File("python-without-site");
        File.WriteAllText(python, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var status = await new PeerRunner(new PeerRunnerOptions { PythonPath = python }).DetectAsync(PeerKind.NumPy, cancellationToken: Token);
        Assert.False(status.IsAvailable);
        Assert.Contains("cannot run the numpy peer: ModuleNotFoundError: No module named 'numpy'", status.SkipReason);
    }

    [Fact]
    public async Task The_torch_peer_is_skipped_with_the_reason_where_torch_or_cuda_is_missing()
    {
        await RequireNumPy();
        var status = await TorchStatusHere();
        if (!status.IsAvailable)
            Assert.Contains("No module named 'torch'", status.SkipReason);
        var cuda = await Runner.DetectAsync(PeerKind.TorchAutograd, "cuda", Token);
        Assert.Equal(PeerKind.TorchAutograd, cuda.Kind);
        if (!status.IsAvailable)
            Assert.False(cuda.IsAvailable);
        else if (!cuda.IsAvailable)
            Assert.Contains("torch sees no CUDA device", cuda.SkipReason);
    }

    [Fact]
    public void The_scripts_are_copied_next_to_the_assembly()
    {
        foreach (var script in new[] { "numpy_model.py", "torch_model.py", "peer_common.py" })
            Assert.True(File.Exists(Path.Combine(Runner.ScriptDirectory, script)), $"{script} not in {Runner.ScriptDirectory}");
    }

    [Fact]
    public async Task A_request_the_peer_cannot_run_is_rejected_before_anything_runs()
    {
        var runner = new PeerRunner(new PeerRunnerOptions { PythonPath = "/nonexistent/bin/python3" });
        async Task<string> Rejected(PeerKind kind, PeerRequest request) =>
            (await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(kind, request, Token))).Message;

        Assert.Contains("Layers[0] is 3", await Rejected(PeerKind.NumPy, Tiny(layers: [3, 5, 3, 1])));
        Assert.Contains("the last 1", await Rejected(PeerKind.NumPy, Tiny(layers: [2, 5, 2])));
        Assert.Contains("at least 2 positive sizes", await Rejected(PeerKind.NumPy, Tiny(layers: [2, 0, 1])));
        Assert.Contains("three-layer model only", await Rejected(PeerKind.TorchManual, Tiny(layers: [2, 5, 1])));
        Assert.Contains("ReLU only", await Rejected(PeerKind.TorchAutograd, Tiny() with { Activation = Activation.Tanh }));
        Assert.Contains("test Y must be (1, 20)", await Rejected(PeerKind.NumPy, Tiny() with { TestY = new double[1, 19] }));
        Assert.Contains("KeepProb must be in (0, 1]", await Rejected(PeerKind.NumPy, Tiny() with { KeepProb = 0 }));
        Assert.Contains("cpu in float64 only", await Rejected(PeerKind.NumPy, Tiny() with { Device = "cuda" }));
        Assert.Contains("DType must be", await Rejected(PeerKind.TorchManual, Tiny() with { DType = "float16" }));
        Assert.Contains("the NumPy peer's only", await Rejected(PeerKind.TorchAutograd, Tiny() with { MiniBatchSize = 8 }));
        var adam = new OptimizerOptions { Kind = OptimizerKind.Adam };
        Assert.Contains("without L2, dropout", await Rejected(PeerKind.NumPy, Tiny() with { Optimizer = adam, Lambd = 0.1 }));
        Assert.Contains("no dampening", await Rejected(PeerKind.NumPy, Tiny() with { Optimizer = adam with { Kind = OptimizerKind.Momentum, Dampening = 0 } }));
        Assert.Contains("MiniBatchSize must be >= 1", await Rejected(PeerKind.NumPy, Tiny() with { MiniBatchSize = 0 }));
    }

    [Fact]
    public void A_dataset_is_put_in_the_course_layout()
    {
        var dataset = new Dataset("d", new double[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } }, [0, 1, 1]);
        var (x, y) = PeerRequest.ToCourseLayout(dataset);
        Assert.Equal(new double[,] { { 1, 3, 5 }, { 2, 4, 6 } }, x);
        Assert.Equal(new double[,] { { 0, 1, 1 } }, y);
        var request = PeerRequest.FromSplit(new DataSplit(dataset, dataset), [2, 4, 3, 1], 0.1, 10);
        Assert.Equal(x, request.TestX);
    }

    /// <summary>Stand-in scripts (the real interpreter and numpy, the script replaced) for the failure paths.</summary>
    static async Task<PeerRunner> RunnerWithScript(TempDirectory temp, string body, TimeSpan? timeout = null)
    {
        await RequireNumPy();
        File.WriteAllText(temp.File("numpy_model.py"), body);
        return new PeerRunner(new PeerRunnerOptions { ScriptDirectory = temp.Path, Timeout = timeout ?? TimeSpan.FromMinutes(1) });
    }

    [Fact]
    public async Task A_failing_script_gives_its_last_stderr_line_and_exit_code()
    {
        using var temp = new TempDirectory();
        var runner = await RunnerWithScript(temp, "import sys\nprint('warming up', file=sys.stderr)\nsys.exit('numpy_model.py: broken on purpose')\n");
        var e = await Assert.ThrowsAsync<PeerRunException>(() => runner.RunAsync(PeerKind.NumPy, Tiny(), Token));
        Assert.Equal("numpy_model.py failed (exit 1): numpy_model.py: broken on purpose", e.Message);
        Assert.Contains("warming up", e.StandardError);
    }

    [Fact]
    public async Task Output_that_is_not_the_report_is_an_error_that_names_what_is_missing()
    {
        using var temp = new TempDirectory();
        var runner = await RunnerWithScript(temp, "print('{\"costs\": []}')\n");
        var e = await Assert.ThrowsAsync<PeerRunException>(() => runner.RunAsync(PeerKind.NumPy, Tiny(), Token));
        Assert.Contains("gave no valid result", e.Message);
        Assert.Contains("'seconds'", e.Message);
    }

    // The script never ends by itself: the runner returns only by stopping it. The test's timeout turns a runner
    // that waits for it into a failure instead of a hang.
    [Fact(Timeout = 120_000)]
    public async Task A_script_that_runs_too_long_is_stopped_and_reported()
    {
        var token = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var runner = await RunnerWithScript(temp, "import time\nwhile True:\n    time.sleep(3600)\n", TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<PeerRunException>(() => runner.RunAsync(PeerKind.NumPy, Tiny(), token));
        Assert.Contains("did not finish within 00:00:01 and was stopped", e.Message);
        Assert.Empty(RunningScripts(temp.Path)); // killed, not abandoned
    }

    // The script says when it runs (a file it writes atomically), and only then is the run cancelled: a slow
    // Python start cannot make the test cancel before there is a script to stop.
    [Fact(Timeout = 120_000)]
    public async Task Cancelling_stops_the_script_and_removes_the_run_directory()
    {
        var token = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var marker = temp.File("run-directory.txt");
        var runner = await RunnerWithScript(temp,
            $"import os, time\nwith open({Quote(marker + ".tmp")}, 'w') as f:\n    f.write(os.getcwd())\n"
            + $"os.replace({Quote(marker + ".tmp")}, {Quote(marker)})\nwhile True:\n    time.sleep(3600)\n");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        var run = runner.RunAsync(PeerKind.NumPy, Tiny(), cancel.Token);
        while (!File.Exists(marker))
        {
            Assert.False(run.IsCompleted, $"the run ended before the script started: {run.Exception?.InnerException?.Message}");
            await Task.Delay(20, token);
        }
        Assert.NotEmpty(RunningScripts(temp.Path));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var runDirectory = File.ReadAllText(marker);
        Assert.Contains("torchpractice-peer-", runDirectory);
        Assert.False(Directory.Exists(runDirectory));
        Assert.Empty(RunningScripts(temp.Path));
    }

    static string Quote(string path) => System.Text.Json.JsonSerializer.Serialize(path);

    /// <summary>Processes whose command line names a file in <paramref name="directory"/> (Linux: /proc/PID/cmdline).</summary>
    static List<int> RunningScripts(string directory)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "looks for the script's process in /proc (Linux)");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.StartsWith(directory + "/", StringComparison.Ordinal))) found.Add(pid);
            }
            catch (IOException) { } // it exited meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
