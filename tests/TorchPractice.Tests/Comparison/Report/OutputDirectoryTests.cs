using System.Diagnostics;
using TorchPractice.Comparison.Report;

namespace TorchPractice.Tests.Comparison.Report;

/// <summary>Where compare's report goes: --force replaces only an earlier report; concurrent runs never lose one.</summary>
public sealed class OutputDirectoryTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("torchpractice-output-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string[] Entries(string? dir = null) => Directory.EnumerateFileSystemEntries(dir ?? _root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>A whole run's worth of files, committed: returns where it went.</summary>
    static string Report(OutputDirectory output, string text)
    {
        output.Write(ReportWriter.MarkdownFile, text);
        output.Write("fig.png", "png");
        return output.Commit();
    }

    [Fact]
    public void Force_refuses_a_directory_that_is_not_an_earlier_report_and_touches_nothing()
    {
        // The reproduction: compare --force --out . in a folder with the user's own files.
        var target = Path.Combine(_root, "project");
        Directory.CreateDirectory(Path.Combine(target, "src"));
        File.WriteAllText(Path.Combine(target, "notes.txt"), "x");

        var e = Assert.Throws<OutputDirectoryException>(() => OutputDirectory.Prepare(target, force: true));

        Assert.StartsWith(target, e.Message);
        Assert.Contains($"no {OutputDirectory.MarkerFile}", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        Assert.Equal(OutputDirectoryRefusal.NotAReport, e.Refusal);
        Assert.Equal(["notes.txt", "src"], Entries(target));
        Assert.Equal(["project"], Entries());
    }

    [Fact]
    public void Force_refuses_an_earlier_report_that_also_holds_other_files()
    {
        var target = Path.Combine(_root, "out");
        Report(OutputDirectory.Prepare(target, force: false), "first");
        File.WriteAllText(Path.Combine(target, "notes.txt"), "mine");

        var e = Assert.Throws<OutputDirectoryException>(() => OutputDirectory.Prepare(target, force: true));

        Assert.Contains("holds notes.txt, which is not part of the earlier report", e.Message);
        Assert.Equal("first", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
    }

    [Fact]
    public void Force_replaces_an_earlier_report()
    {
        var target = Path.Combine(_root, "out");
        Report(OutputDirectory.Prepare(target, force: false), "first");
        Assert.Equal(target, Report(OutputDirectory.Prepare(target, force: true), "second"));
        Assert.Equal("second", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
        Assert.Equal(["out"], Entries());
    }

    [Fact]
    public void Two_runs_into_the_same_target_both_keep_their_reports()
    {
        var target = Path.Combine(_root, "out");
        // Both start before either finishes (as two processes would); the second to finish moves beside the first.
        var a = OutputDirectory.Prepare(target, force: false);
        var b = OutputDirectory.Prepare(target, force: false);
        Assert.Equal(target, Report(a, "a"));
        Assert.Equal(target + "-2", Report(b, "b"));
        Assert.Equal("a", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
        Assert.Equal("b", File.ReadAllText(Path.Combine(target + "-2", ReportWriter.MarkdownFile)));
        Assert.Equal(["out", "out-2"], Entries());
    }

    [Fact]
    public void Default_names_started_in_the_same_second_end_in_different_directories()
    {
        var now = new DateTime(2025, 1, 2, 3, 4, 5);
        var first = OutputDirectory.DefaultPath(_root, now);
        var second = OutputDirectory.DefaultPath(_root, now);
        var a = OutputDirectory.Prepare(first, force: false);
        var b = OutputDirectory.Prepare(second, force: false);
        var c = OutputDirectory.Prepare(second, force: false);
        string[] finals = [Report(c, "c"), Report(a, "a"), Report(b, "b")];
        Assert.Equal(3, finals.Distinct().Count());
        Assert.Equal(["compare-20250102-030405", "compare-20250102-030405-2", "compare-20250102-030405-3"], Entries());
    }

    [Fact]
    public void Forced_runs_replace_only_the_report_they_saw_never_each_other()
    {
        var target = Path.Combine(_root, "out");
        Report(OutputDirectory.Prepare(target, force: false), "old");
        var a = OutputDirectory.Prepare(target, force: true);
        var b = OutputDirectory.Prepare(target, force: true);
        Assert.Equal(target, Report(a, "a"));
        Assert.Equal(target + "-2", Report(b, "b"));
        Assert.Equal("a", File.ReadAllText(Path.Combine(target, ReportWriter.MarkdownFile)));
        Assert.Equal(["out", "out-2"], Entries());
    }

    [Fact]
    public async Task Concurrent_commits_take_turns_and_each_report_lands_whole()
    {
        var target = Path.Combine(_root, "out");
        var outputs = Enumerable.Range(0, 4).Select(_ => OutputDirectory.Prepare(target, force: false)).ToArray();
        for (int i = 0; i < outputs.Length; i++) outputs[i].Write(ReportWriter.MarkdownFile, $"run {i}");
        using var start = new Barrier(outputs.Length);
        var finals = await Task.WhenAll(outputs.Select(o => Task.Run(() => { start.SignalAndWait(); return o.Commit(); })));
        Assert.Equal(outputs.Length, finals.Distinct().Count());
        var texts = finals.Select(f => File.ReadAllText(Path.Combine(f, ReportWriter.MarkdownFile))).Order().ToArray();
        Assert.Equal(["run 0", "run 1", "run 2", "run 3"], texts);
        Assert.DoesNotContain(Entries(), n => n.StartsWith('.'));
    }

    [Fact]
    public void Staging_directories_of_killed_runs_are_removed_once_their_process_is_gone()
    {
        int dead;
        using (var exited = Process.Start("/bin/sh", ["-c", "exit 0"])!) { dead = exited.Id; exited.WaitForExit(); }
        string Staging(int pid, string kind = "partial") => Path.Combine(_root, $".out.{kind}-{pid}-0123abcd");
        void Fill(string dir, params string[] files)
        {
            Directory.CreateDirectory(dir);
            foreach (var f in files) File.WriteAllText(Path.Combine(dir, f), "");
        }
        Fill(Staging(dead), "init-costs.png", ReportWriter.JsonFile);                 // killed mid-run: removed
        Fill(Staging(dead, "old"), ReportWriter.MarkdownFile, OutputDirectory.MarkerFile); // killed while replacing: removed
        Fill(Staging(Environment.ProcessId), "init-costs.png");                      // a live run's: kept
        Fill(Staging(dead).Replace("0123abcd", "0123abce"), "thesis.tex");           // not what a report holds: kept
        Fill(Path.Combine(_root, ".other"), "x.png");                               // not a staging name: kept

        OutputDirectory.Prepare(Path.Combine(_root, "next"), force: false).Abandon();

        string[] kept = [".other", $".out.partial-{dead}-0123abce", $".out.partial-{Environment.ProcessId}-0123abcd"];
        Assert.Equal(kept.Order(StringComparer.Ordinal), Entries());
    }
}
