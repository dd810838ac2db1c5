using TorchPractice.Comparison.Studies;
using TorchPractice.Models;

namespace TorchPractice.Comparison.Report;

/// <summary>A study's part of the report: tables, notes and pictures.</summary>
public sealed record ReportSection(string Title, string Summary, IReadOnlyList<ReportTable> Tables, IReadOnlyList<(string Caption, string File)> Figures, IReadOnlyList<string> Notes);
