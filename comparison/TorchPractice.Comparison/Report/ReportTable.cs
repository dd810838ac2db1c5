using TorchPractice.Comparison.Studies;
using TorchPractice.Models;

namespace TorchPractice.Comparison.Report;

/// <summary>A table for people: the same rows go to report.md and to the terminal.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string> Notes);
