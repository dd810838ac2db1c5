using TorchPractice.Comparison.Report;

namespace TorchPractice.Cli;

/// <summary>
/// --json output: one object on stdout, with results.json's conventions and its one rule for non-finite numbers
/// (<see cref="ReportWriter.Serialize{T}"/>): snake_case, and a NaN or infinite number written as null with the reason
/// ("inf", "-inf", "nan") in a sibling field NAME_non_finite — strict JSON has no such numbers.
/// </summary>
static class Json
{
    public static void Print<T>(T value) => Console.Out.WriteLine(Serialize(value));

    public static string Serialize<T>(T value) => ReportWriter.Serialize(value);
}
