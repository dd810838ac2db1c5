using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>One gradient check: case and configuration, the three comparisons' differences; ExpectedTensors: for a planted bug, the tensors its mistake reaches (null without a bug).</summary>
public sealed record GradCheckRow(
    string Case,
    string Configuration,
    int Parameters,
    double Lambd,
    double KeepProb,
    string Bug,
    double ScratchVsNumeric,
    double ScratchVsAutograd,
    double AutogradVsNumeric,
    bool Passed,
    IReadOnlyList<string> FlaggedTensors,
    IReadOnlyList<string>? ExpectedTensors,
    double Seconds)
{
    /// <summary>What each flagged tensor's mistake looks like (scratch vs numeric's diagnoses, one line each).</summary>
    public IReadOnlyList<string> Diagnoses { get; init; } = [];

    /// <summary>For a planted bug: the heat map of the flagged tensors' relative error per entry (a file in the report), or null.</summary>
    public string? HeatmapFigure { get; init; }

    /// <summary>For a planted bug: exactly the expected tensors were flagged.</summary>
    public bool? FoundAsExpected => ExpectedTensors is null ? null : FlaggedTensors.OrderBy(t => t).SequenceEqual(ExpectedTensors.OrderBy(t => t));
}
