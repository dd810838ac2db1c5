using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// Runs a Jupyter notebook (nbformat 4, C# cells) top to bottom in an in-process .NET Interactive C# kernel,
/// as VS Code's Polyglot Notebooks would, and builds the notebook with the outputs of this run.
/// </summary>
sealed class NotebookRunner : IAsyncDisposable
{
    readonly CompositeKernel _kernel;

    NotebookRunner(CompositeKernel kernel) => _kernel = kernel;

    /// <summary>
    /// A kernel as Jupyter's .net-csharp one is for these notebooks: C# with #r "nuget:…" (restoring with the NuGet.config
    /// of the working directory, the notebook's folder) and the kernel extensions of the packages restored.
    /// </summary>
    public static NotebookRunner Start()
    {
        // As dotnet-interactive's CSharpKernel.UseNugetDirective: the restored packages' assemblies become references.
        var csharp = new CSharpKernel().UseNugetDirective((kernel, resolved) =>
        {
            kernel.AddAssemblyReferences(resolved.SelectMany(r => r.AssemblyPaths));
            return Task.CompletedTask;
        }).UseKernelHelpers().UseValueSharing();
        return new(new CompositeKernel { csharp }.UseNuGetExtensions());
    }

    /// <summary>The configuration this test was built in (the notebooks' package is packed in it).</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/") ? "Release" : "Debug";

    /// <summary>Executes every code cell; throws, naming the cell, on the first one that fails.</summary>
    public async Task<JsonObject> RunAsync(JsonObject notebook)
    {
        var result = (JsonObject)notebook.DeepClone();
        int count = 0, index = 0;
        foreach (var cell in result["cells"]!.AsArray().Select(c => c!.AsObject()))
        {
            index++;
            if ((string?)cell["cell_type"] != "code") continue;
            var source = Source(cell);
            var executed = await _kernel.SendAsync(new SubmitCode(source, "csharp"));
            count++;
            var outputs = new JsonArray();
            var stdout = new StringBuilder();
            void FlushStdout()
            {
                if (stdout.Length == 0) return;
                outputs.Add(new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = Lines(stdout.ToString()) });
                stdout.Clear();
            }
            foreach (var e in executed.Events)
            {
                switch (e)
                {
                    case CommandFailed failed:
                        throw new NotebookCellFailed($"cell {index} (code cell {count}) failed: {failed.Message}\n--- source ---\n{source}");
                    case StandardOutputValueProduced o:
                        stdout.Append(o.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value);
                        break;
                    // Jupyter shows a cell's compiler warnings (e.g. CS8632) on stderr even when the cell runs: a learner
                    // sees them, so they fail the run like stderr does.
                    case DiagnosticsProduced diagnostics when Shown(diagnostics) is { Length: > 0 } shown:
                        throw new NotebookCellFailed($"cell {index} (code cell {count}) has compiler diagnostics: {shown}\n--- source ---\n{source}");
                    case StandardErrorValueProduced err:
                        throw new NotebookCellFailed($"cell {index} (code cell {count}) wrote to stderr: {err.FormattedValues.FirstOrDefault()?.Value}");
                    case ReturnValueProduced r:
                        FlushStdout();
                        outputs.Add(new JsonObject { ["data"] = Data(r.FormattedValues), ["execution_count"] = count, ["metadata"] = new JsonObject(), ["output_type"] = "execute_result" });
                        break;
                    case DisplayedValueProduced d when KernelMessage(d):
                        break;
                    case DisplayedValueProduced d:
                        FlushStdout();
                        outputs.Add(new JsonObject { ["data"] = Data(d.FormattedValues), ["metadata"] = new JsonObject(), ["output_type"] = "display_data" });
                        break;
                }
            }
            FlushStdout();
            cell["execution_count"] = count;
            cell["outputs"] = outputs;
        }
        return result;
    }

    /// <summary>The value of a C# expression evaluated in the notebook's kernel after the run (in-process: the object itself).</summary>
    public async Task<T> ValueAsync<T>(string expression)
    {
        var executed = await _kernel.SendAsync(new SubmitCode(expression, "csharp"));
        if (executed.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
            throw new NotebookCellFailed($"'{expression}' failed: {failed.Message}");
        var value = executed.Events.OfType<ReturnValueProduced>().Single().Value;
        return value is T t ? t : throw new InvalidCastException($"'{expression}' is {value?.GetType().Name ?? "null"}, not {typeof(T).Name}");
    }

    public ValueTask DisposeAsync()
    {
        _kernel.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The kernel's own messages about packages and extensions ("Installed Packages …", "Loading extensions from
    /// `PATH`"), not the notebook's: left out of the outputs (the path is the machine's NuGet folder).
    /// </summary>
    static bool KernelMessage(DisplayedValueProduced d) =>
        d.Value is InstallPackagesMessage || d.Value is string s && s.StartsWith(NuGetExtensions.LoadingMessage, StringComparison.Ordinal);

    /// <summary>The warnings and errors of a DiagnosticsProduced event, one per line, as Jupyter prints them ("" if none).</summary>
    public static string Shown(DiagnosticsProduced diagnostics) => string.Join("\n", diagnostics.Diagnostics
        .Where(d => d.Severity is Microsoft.CodeAnalysis.DiagnosticSeverity.Warning or Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
        .Select(d => $"{d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}"));

    static JsonObject Data(IEnumerable<FormattedValue> values)
    {
        var data = new JsonObject();
        foreach (var v in values)
            data[v.MimeType] = v.MimeType.StartsWith("image/") ? v.Value : Lines(v.Value);
        return data;
    }

    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        var s => (string?)s ?? "",
    };

    /// <summary>Jupyter's multi-line string: one entry per line, each but the last ending in \n.</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }

    static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Read(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>Writes the notebook as Jupyter does (1-space indent), through a temporary file and a rename.</summary>
    public static void Write(string path, JsonObject notebook)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, notebook.ToJsonString(Pretty) + "\n");
        File.Move(temp, path, overwrite: true);
    }
}

sealed class NotebookCellFailed(string message) : Exception(message);
