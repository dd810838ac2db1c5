namespace TorchPractice.Tests.Cli.Commands;

/// <summary>`torchpractice bench`: bad --threads and --out are refused before any benchmark runs.</summary>
public sealed class BenchCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-bench-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("100000")]
    [InlineData("0")]
    public void Threads_beyond_the_core_count_are_refused_before_any_work(string threads)
    {
        var (code, output, error) = CliProcess.InProcess(null, "bench", "--quick", "--threads", threads, "--out", Path.Combine(_dir, "b.md"));
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: bench: --threads must be from 1 to the number of cores ({Environment.ProcessorCount}); got {threads}", error.Trim());
        Assert.Equal("", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Out_naming_a_directory_is_refused_before_any_work()
    {
        var (code, output, error) = CliProcess.InProcess(null, "bench", "--quick", "--out", _dir);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: --out {_dir}: it is a directory; give the path of a new or regular file", error.Trim());
        Assert.Equal("", output);
    }
}
