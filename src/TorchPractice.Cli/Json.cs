using System.Text.Json;
using TorchPractice.Comparison.Report;

namespace TorchPractice.Cli;

/// <summary>--json output: one object on stdout, with results.json's conventions (snake_case, inf as "Infinity").</summary>
static class Json
{
    public static void Print<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ReportWriter.JsonOptions));
}
