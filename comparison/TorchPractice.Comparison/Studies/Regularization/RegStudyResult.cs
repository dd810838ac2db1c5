using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

public sealed record RegStudyResult(
    StudySettings Settings,
    IReadOnlyList<RegRow> Rows,
    int SweepIterations,
    SweepSplit SweepSplit,
    double BaselineError,
    IReadOnlyList<SweepPoint> LambdaSweep,
    IReadOnlyList<SweepPoint> KeepProbSweep,
    SweepChoice? LambdaChoice,
    SweepChoice? KeepProbChoice,
    /// <summary>Every configuration's test accuracy was computed and shown (in a column "not used for selection").</summary>
    bool AllTestShown,
    string? CostFigure,
    string? SweepFigure,
    IReadOnlyList<string> Notes,
    /// <summary>The training features' scales when they differ by more than 100× (not standardized); else null.</summary>
    FeatureScales? FeatureScales = null,
    /// <summary>Runs and sweep configurations whose model predicts one class for every training sample ("none (scratch)", "λ = 0").</summary>
    IReadOnlyList<string>? OneClassRuns = null,
    /// <summary>How many runs and sweep configurations <see cref="OneClassRuns"/> is out of.</summary>
    int RunCount = 0);
