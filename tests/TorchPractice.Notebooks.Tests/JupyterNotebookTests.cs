using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// The learner's path (README, Notebooks): each notebook executed by the real Jupyter client, `jupyter nbconvert
/// --execute` with the .NET Interactive `.net-csharp` kernel, must run without an error or a line on stderr (where
/// Jupyter shows compiler warnings) and print what the committed notebook shows. Skipped, saying what is missing,
/// where Jupyter, the kernel or the dotnet-interactive tool is not installed.
/// </summary>
public sealed class JupyterNotebookTests
{
    const string Kernel = ".net-csharp";

    [Theory]
    [InlineData("1-initialization.ipynb")]
    [InlineData("2-regularization.ipynb")]
    [InlineData("3-gradient-checking.ipynb")]
    [InlineData("4-optimization.ipynb")]
    public async Task Notebook_runs_in_Jupyter_and_prints_the_committed_outputs(string file)
    {
        if (Missing() is { } missing) Assert.Skip($"{missing}: the learner's Jupyter path is not installed here (README, Notebooks)");
        NotebookFeed.Ensure();
        var input = Path.Combine(NotebookTests.Folder, file);
        var outputDir = Directory.CreateTempSubdirectory("torchpractice-nbconvert-");
        try
        {
            var start = new ProcessStartInfo("jupyter-nbconvert") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={Kernel}",
                         "--ExecutePreprocessor.timeout=900", "--output-dir", outputDir.FullName, input })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, $"jupyter nbconvert exited {process.ExitCode}:\n{await stderr}\n{await stdout}");

            var executed = NotebookRunner.Read(Path.Combine(outputDir.FullName, file));
            int code = 0;
            foreach (var cell in executed["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code"))
            {
                code++;
                foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.AsObject()))
                {
                    Assert.False((string?)output["output_type"] == "error", $"{file}, code cell {code}: {output["ename"]}: {output["evalue"]}");
                    if ((string?)output["name"] == "stderr")
                        Assert.Fail($"{file}, code cell {code} wrote to stderr: {string.Concat(output["text"]!.AsArray().Select(l => (string?)l))}");
                }
            }
            NotebookOutputs.AssertSame(MergedStreams(NotebookRunner.Read(input)), MergedStreams(executed), $"{file} (Jupyter)");
        }
        finally
        {
            outputDir.Delete(recursive: true);
        }
    }

    /// <summary>What keeps the learner's path from running here, or null when everything is installed.</summary>
    static string? Missing()
    {
        if (OnPath("jupyter-nbconvert") is null) return "jupyter-nbconvert is not on PATH";
        // The kernel runs `dotnet interactive`: the global tool must be on PATH ($HOME/.dotnet/tools).
        if (OnPath("dotnet-interactive") is null) return "dotnet-interactive is not on PATH";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string?[] dataDirs = [Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR"), Path.Combine(home, ".local", "share", "jupyter"), "/usr/local/share/jupyter", "/usr/share/jupyter"];
        var jupyterPath = (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return jupyterPath.Concat(dataDirs).Any(d => d is not null && File.Exists(Path.Combine(d, "kernels", Kernel, "kernel.json")))
            ? null : $"no {Kernel} kernelspec (dotnet interactive jupyter install)";
    }

    static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>
    /// The notebook with consecutive stream outputs of the same name joined (Jupyter's kernel may send a cell's stdout in
    /// pieces) and without the kernel's own messages: its bootstrap script, "Installed Packages …" and "Loading extensions
    /// from `PATH`" (NotebookRunner leaves these out too).
    /// </summary>
    static JsonObject MergedStreams(JsonObject notebook)
    {
        foreach (var cell in notebook["cells"]!.AsArray().Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code"))
        {
            var merged = new JsonArray();
            foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.DeepClone().AsObject()))
            {
                // The Jupyter kernel's own outputs, not the notebook's: its first, an HTML bootstrap script (id
                // dotnet-interactive-this-cell-…); after #r "nuget:…", the installed packages and the extensions loaded.
                if (output["data"] is JsonObject data && data.Count == 1 && data["text/html"] is { } html &&
                    (Lines(html).Contains("dotnet-interactive-this-cell") || Lines(html).Contains("<strong>Installed Packages</strong>")))
                    continue;
                if (output["data"] is JsonObject plain && plain["text/plain"] is { } message &&
                    Lines(message).StartsWith(NuGetExtensions.LoadingMessage, StringComparison.Ordinal))
                    continue;
                if (merged.Count > 0 && merged[^1] is JsonObject last && (string?)last["output_type"] == "stream" &&
                    (string?)output["output_type"] == "stream" && (string?)last["name"] == (string?)output["name"])
                {
                    var text = Text(last) + Text(output);
                    last["text"] = NotebookRunner.Lines(text);
                    continue;
                }
                merged.Add(output);
            }
            cell["outputs"] = merged;
        }
        return notebook;

        static string Text(JsonObject o) => Lines(o["text"]);

        // Jupyter's multi-line string: one string, or an array of lines.
        static string Lines(JsonNode? node) => node switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            var s => (string?)s ?? "",
        };
    }
}
