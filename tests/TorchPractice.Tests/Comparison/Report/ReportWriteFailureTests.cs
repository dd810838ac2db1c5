using System.Text.Json;
using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Tests.Comparison.Report;

/// <summary>
/// A report file that cannot be written (issue #27, item 1: a full disk killed `compare` from ScottPlot's SavePng):
/// the results come back whole, the failure is named, and nothing of the report — nor of an earlier one — is touched.
/// The disk is a seam here: a stream that takes part of a file and then fails as a full disk does.
/// </summary>
public sealed class ReportWriteFailureTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-report-failure-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A real file that accepts <paramref name="room"/> bytes and then throws ENOSPC's IOException.</summary>
    sealed class FullDiskStream(string path, long room) : Stream
    {
        readonly FileStream _file = new(path, FileMode.Create, FileAccess.Write);
        long _written;
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int fits = (int)Math.Max(0, Math.Min(buffer.Length, room - _written));
            _file.Write(buffer[..fits]);
            _file.Flush();
            _written += fits;
            if (fits < buffer.Length) throw new IOException($"No space left on device : '{_file.Name}'");
        }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => _file.Flush();
        protected override void Dispose(bool disposing) { if (disposing) _file.Dispose(); base.Dispose(disposing); }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _written;
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>Opens report files; the one named <paramref name="failing"/> fails after <paramref name="room"/> bytes. Records what was opened.</summary>
    static Func<string, Stream> Disk(string failing, long room, List<string> opened) => path =>
    {
        opened.Add(Path.GetFileName(path));
        return Path.GetFileName(path) == failing ? new FullDiskStream(path, room) : new FileStream(path, FileMode.Create, FileAccess.Write);
    };

    static CompareOptions Tiny() => new()
    {
        Peers = false,
        BoundaryGrid = 24,
        Budget = new IterationBudget { Init = 4, Reg = 4, Sweep = 2, GradientNorms = 3, PrintEvery = 2 },
        Studies = new HashSet<string> { "init" },
    };

    string[] Entries() => Directory.EnumerateFileSystemEntries(_root).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("init-boundary-he.png", 100)]   // a picture half way through the study
    [InlineData(ReportWriter.JsonFile, 1000)]   // after every picture
    [InlineData(ReportWriter.MarkdownFile, 10)]
    [InlineData(OutputDirectory.MarkerFile, 5)] // while committing
    public void A_write_failing_half_way_returns_the_results_names_the_file_and_leaves_nothing(string failing, long room)
    {
        var target = Path.Combine(_root, "out");
        var opened = new List<string>();
        var results = CompareRunner.Run(Tiny(), target, force: false, createFile: Disk(failing, room, opened));

        Assert.Equal($"{failing}: No space left on device", results.ReportError);
        Assert.Null(results.OutputDirectory);
        Assert.True(results.Complete);
        Assert.Equal(InitStudy.Entries.Count, results.Init!.Rows.Count); // the study ran to the end: the tables are whole
        Assert.Empty(results.Figures);
        Assert.Empty(Entries()); // neither the target nor a staging directory
        // Once a write failed nothing more is written: the report cannot be whole.
        Assert.Equal(failing, opened[^1]);
    }

    [Fact]
    public void A_failed_write_leaves_an_earlier_report_it_was_forced_to_replace_untouched()
    {
        var target = Path.Combine(_root, "out");
        var earlier = OutputDirectory.Prepare(target, force: false);
        earlier.Write(ReportWriter.MarkdownFile, "the earlier report");
        earlier.Commit();
        var before = Directory.EnumerateFiles(target).Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f))).ToArray();

        var results = CompareRunner.Run(Tiny(), target, force: true, createFile: Disk(ReportWriter.JsonFile, 1, []));

        Assert.StartsWith($"{ReportWriter.JsonFile}: No space left on device", results.ReportError);
        Assert.Equal(["out"], Entries());
        Assert.Equal(before, Directory.EnumerateFiles(target).Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllText(f))).ToArray());
    }

    [Fact]
    public void TryWrite_records_the_first_failure_removes_the_partial_file_and_writes_nothing_after_it()
    {
        var opened = new List<string>();
        var output = OutputDirectory.Prepare(Path.Combine(_root, "out"), force: false, Disk("b.png", 3, opened));
        Assert.True(output.TryWrite("a.png", [1, 2, 3, 4, 5]));
        Assert.False(output.TryWrite("b.png", [1, 2, 3, 4, 5]));
        Assert.False(output.TryWrite("c.png", [1]));
        Assert.Equal("b.png: No space left on device", output.Failure);
        Assert.Equal(["a.png", "b.png"], opened);
        Assert.Equal(["a.png"], Directory.EnumerateFiles(output.Staging).Select(Path.GetFileName));
        Assert.Null(output.TryCommit());
        output.Abandon();
        Assert.Empty(Entries());
    }

    [Fact]
    public void Without_a_failure_the_report_error_is_null_in_results_json()
    {
        var target = Path.Combine(_root, "out");
        var results = CompareRunner.Run(Tiny(), target, force: false);
        Assert.Null(results.ReportError);
        Assert.Equal(target, results.OutputDirectory);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(target, ReportWriter.JsonFile)));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("report_error").ValueKind);
        Assert.NotEmpty(results.Figures);
    }
}
