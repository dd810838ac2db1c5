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

    [Theory]
    [InlineData("1-initialization.ipynb")]
    [InlineData("2-regularization.ipynb")]
    [InlineData("3-gradient-checking.ipynb")]
    public void The_setup_cell_is_the_package_reference_usings_and_the_device(string file)
    {
        var code = NotebookRunner.Read(Path.Combine(NotebookTests.Folder, file))["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code").Select(c => NotebookRunner.Source(c!.AsObject())).ToList();
        // Loading natives is the package's kernel extension's work, never a learner's cell.
        Assert.All(code, source => Assert.DoesNotContain("NativeLibrary", source));
        Assert.All(code, source => Assert.DoesNotContain("DllImportResolver", source));
        var statements = code[0].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//")).ToList();
        Assert.Equal("#r \"nuget: TorchPractice.Notebooks, 0.1.0\"", statements[0]);
        Assert.All(statements.Skip(1).SkipLast(1), l => Assert.StartsWith("using ", l));
        Assert.StartsWith("var device = UseDevice(DeviceChoice.", statements[^1]);
    }

    [Fact]
    public async Task The_package_extension_loads_libtorch_from_the_package_folders_and_prints_tensors_as_NumPy()
    {
        var notebook = NotebookRunner.Read(Path.Combine(NotebookTests.Folder, "1-initialization.ipynb"));
        var setup = notebook["cells"]!.AsArray().First(c => (string?)c!["cell_type"] == "code")!.AsObject();
        var cells = new JsonArray { setup.DeepClone(), OneCell("ones(2, 2)")["cells"]![0]!.DeepClone() };
        NotebookFeed.Ensure();
        Directory.SetCurrentDirectory(NotebookTests.Folder);
        await using var runner = NotebookRunner.Start();
        var executed = await runner.RunAsync(new JsonObject { ["cells"] = cells });
        Assert.Equal("[[1, 1]\n [1, 1]]", string.Concat(executed["cells"]![1]!["outputs"]![0]!["data"]!["text/plain"]!.AsArray().Select(l => (string?)l)));
        var libTorch = await runner.ValueAsync<string>("TorchRuntime.LoadedNativePath(\"libtorch_cpu.so\")");
        Assert.Contains("/libtorch-cpu-linux-x64/", libTorch);
    }
}
