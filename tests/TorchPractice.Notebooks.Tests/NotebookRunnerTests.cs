using System.Text.Json.Nodes;

namespace TorchPractice.Notebooks.Tests;

/// <summary>The runner fails where a learner's Jupyter shows a problem, and the committed notebooks are valid nbformat 4.5.</summary>
public sealed class NotebookRunnerTests
{
    static JsonObject OneCell(string source) => new()
    {
        ["cells"] = new JsonArray { new JsonObject { ["cell_type"] = "code", ["source"] = new JsonArray(source), ["outputs"] = new JsonArray() } },
    };

    [Fact]
    public async Task A_compiler_warning_fails_the_cell_as_Jupyter_shows_it_on_stderr()
    {
        // CS8632: a nullable annotation outside a #nullable context (Jupyter printed it for notebook 2's data cell).
        await using var runner = NotebookRunner.Start();
        var failed = await Assert.ThrowsAsync<NotebookCellFailed>(() => runner.RunAsync(OneCell("string? s = null;")));
        Assert.Contains("CS8632", failed.Message);
        Assert.Contains("warning", failed.Message);
    }

    [Fact]
    public async Task A_cell_without_diagnostics_runs()
    {
        await using var runner = NotebookRunner.Start();
        var executed = await runner.RunAsync(OneCell("var s = \"ok\"; Console.WriteLine(s);"));
        Assert.Equal("ok\n", (string?)executed["cells"]![0]!["outputs"]![0]!["text"]![0]);
    }

    [Theory]
    [InlineData("1-initialization.ipynb")]
    [InlineData("2-regularization.ipynb")]
    [InlineData("3-gradient-checking.ipynb")]
    public void Every_cell_has_a_unique_id_as_nbformat_4_5_requires(string file)
    {
        var notebook = NotebookRunner.Read(Path.Combine(NotebookTests.Folder, file));
        Assert.Equal(4, (int)notebook["nbformat"]!);
        Assert.True((int)notebook["nbformat_minor"]! >= 5);
        var ids = notebook["cells"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
        // nbformat 4.5: 1–64 characters of [a-zA-Z0-9-_], unique in the notebook.
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
