using System.Diagnostics;
using TorchPractice.Comparison.Peers;

namespace TorchPractice.Tests.Comparison.Peers;

/// <summary>The default runner, whether numpy/torch can run here (checked once), small problems, and raw python calls.</summary>
static class PeerTestSupport
{
    public static readonly PeerRunner Runner = new();
    static readonly Lazy<Task<PeerStatus>> NumPyStatus = new(() => Runner.DetectAsync(PeerKind.NumPy));
    static readonly Lazy<Task<PeerStatus>> TorchStatus = new(() => Runner.DetectAsync(PeerKind.TorchManual));

    public static async Task<PeerStatus> RequireNumPy()
    {
        var status = await NumPyStatus.Value;
        Assert.SkipUnless(status.IsAvailable, $"NumPy peer unavailable: {status.SkipReason}");
        return status;
    }

    public static async Task<PeerStatus> RequireTorch()
    {
        var status = await TorchStatus.Value;
        Assert.SkipUnless(status.IsAvailable, $"torch peer unavailable: {status.SkipReason}");
        return status;
    }

    public static Task<PeerStatus> TorchStatusHere() => TorchStatus.Value;

    /// <summary>A 2-feature problem of m samples (x1, x2 smooth functions of the index; y = [x1 + x2/2 > 0.2]).</summary>
    public static PeerRequest Tiny(int m = 40, int[]? layers = null) => new()
    {
        TrainX = Matrix(2, m, (r, i) => r == 0 ? Math.Sin(1.3 * i) : Math.Cos(0.7 * i + 0.5)),
        TrainY = Matrix(1, m, (_, i) => Math.Sin(1.3 * i) + Math.Cos(0.7 * i + 0.5) / 2 > 0.2 ? 1 : 0),
        TestX = Matrix(2, m / 2, (r, i) => r == 0 ? Math.Sin(1.3 * i + 0.4) : Math.Cos(0.7 * i + 0.9)),
        TestY = Matrix(1, m / 2, (_, i) => Math.Sin(1.3 * i + 0.4) + Math.Cos(0.7 * i + 0.9) / 2 > 0.2 ? 1 : 0),
        Layers = layers ?? [2, 5, 3, 1],
        LearningRate = 0.1,
        Iterations = 300,
        PrintEvery = 50,
    };

    public static double[,] Matrix(int rows, int cols, Func<int, int, double> value)
    {
        var a = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                a[r, c] = value(r, c);
        return a;
    }

    public static async Task<PeerResult> Run(PeerKind kind, PeerRequest request)
    {
        var outcome = await Runner.RunAsync(kind, request, TestContext.Current.CancellationToken);
        Assert.True(outcome.Completed, outcome.Status.SkipReason);
        return outcome.Result;
    }

    /// <summary>Runs `python -c code args...` with the runner's interpreter; returns stdout, fails the test on a non-zero exit.</summary>
    public static string RunPython(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Runner.PythonPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python failed: {stderr.Result}");
        return stdout;
    }

    /// <summary>A fresh temporary directory, deleted when disposed.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("torchpractice-test-").FullName;
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
