using System.Diagnostics;
using System.Text.Json;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>
/// `compare`, `train --save` and `bench --out` on a real full file system (issue #27, item 1): a 512 KiB tmpfs, which
/// only root can mount (skipped otherwise). The results are printed, one line on stderr names what could not be
/// written, exit 1, and nothing is left on the file system — never a stack trace (compare died with exit 134).
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-full-disk-").FullName;
    bool _mounted;

    static int Sh(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        return p.ExitCode;
    }

    /// <summary>Mounts a tmpfs of <paramref name="kib"/> KiB on the test directory, or skips the test.</summary>
    void MountTiny(int kib)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess, "mounting a tmpfs needs root on Linux");
        _mounted = Sh($"mount -t tmpfs -o size={kib}k tmpfs '{_dir}'") == 0;
        Assert.SkipUnless(_mounted, "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
    }

    /// <summary>Fills the tmpfs to the last byte.</summary>
    void Fill()
    {
        using var f = new FileStream(Path.Combine(_dir, "filler"), FileMode.Create);
        var block = new byte[4096];
        try { while (true) { f.Write(block); f.Flush(); } }
        catch (IOException) { }
    }

    public void Dispose()
    {
        if (_mounted) Sh($"umount '{_dir}'");
        Directory.Delete(_dir, recursive: true);
    }

    static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>stderr without progress lines (the plain progress of a redirected stderr).</summary>
    static string[] Diagnostics(string err) => Lines(err).Where(l => !l.Contains(" overall ", StringComparison.Ordinal) && !l.Contains(" it ", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Compare_on_a_full_disk_prints_the_tables_names_the_file_exits_1_and_leaves_nothing()
    {
        MountTiny(512);
        var target = Path.Combine(_dir, "rep");
        using var cli = CliProcess.Start(Path.GetTempPath(), [], "compare", "--quick", "--no-peers", "--studies", "init", "--out", target);
        var (code, output, err) = await cli.ExitAsync();

        Assert.True(code == 1, $"exit {code}; stderr:\n{err}");
        Assert.DoesNotContain("Unhandled exception", err);
        Assert.Contains("Initialization", output);                 // the tables were printed
        Assert.Contains("random ×10", output);
        Assert.DoesNotContain("report: ", output);                 // no report is claimed
        var line = Assert.Single(Diagnostics(err));
        Assert.Matches($@"^torchpractice: error: the report could not be written to {System.Text.RegularExpressions.Regex.Escape(target)} \(init-[a-z0-9.-]+\.png: No space left on device\); the results are above, no report was kept$", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir)); // no staging directory, no half-written picture
    }

    [Fact]
    public void Train_save_on_a_full_disk_prints_the_results_names_the_file_exits_1_and_leaves_nothing()
    {
        MountTiny(64);
        Fill();
        var save = Path.Combine(_dir, "m.pt");
        var (code, output, err) = CliRun.Run("train", "--iterations", "10", "--save", save);

        Assert.True(code == 1, $"exit {code}; stderr:\n{err}");
        Assert.Contains("Cost after iteration 0:", output);
        Assert.Contains("Cost after iteration 9:", output);
        var line = Assert.Single(Diagnostics(err), l => l.StartsWith("torchpractice:", StringComparison.Ordinal));
        Assert.Equal($"torchpractice: error: the parameters were not saved: cannot write {save}: No space left on device", line);
        Assert.Equal(["filler"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void Bench_out_on_a_full_disk_prints_the_results_names_the_file_exits_1_and_leaves_nothing()
    {
        MountTiny(64);
        Fill();
        var outPath = Path.Combine(_dir, "bench.md");
        var (code, output, err) = CliRun.Run("bench", "--quick", "--cases", "init-he", "--reps", "1", "--out", outPath, "--json");

        Assert.True(code == 1, $"exit {code}; stderr:\n{err}");
        using var json = JsonDocument.Parse(output); // the results, whole
        Assert.Equal($"torchpractice: error: the benchmark was not written: cannot write {outPath}: No space left on device", Lines(err)[^1]);
        Assert.DoesNotContain(Lines(err), l => l.StartsWith("written to", StringComparison.Ordinal));
        Assert.Equal(["filler"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }
}
