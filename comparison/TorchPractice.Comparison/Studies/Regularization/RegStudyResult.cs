using TorchPractice.Data.Scaling;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>The regularization study's results.</summary>
/// <param name="Settings">How the runs were made.</param>
/// <param name="Rows">The notebook's three runs.</param>
/// <param name="SweepIterations">Iterations of each sweep configuration.</param>
/// <param name="SweepSplit">The sweeps' train / dev / test split.</param>
/// <param name="BaselineError">The error of always predicting the majority class.</param>
/// <param name="LambdaSweep">The λ sweep.</param>
/// <param name="KeepProbSweep">The keep_prob sweep.</param>
/// <param name="LambdaChoice">The λ chosen on dev.</param>
/// <param name="KeepProbChoice">The keep_prob chosen on dev.</param>
/// <param name="AllTestShown">Every configuration's test accuracy was computed and shown (in a column "not used for selection").</param>
/// <param name="CostFigure">The cost curves' file, or null.</param>
/// <param name="SweepFigure">The sweeps' picture, or null.</param>
/// <param name="Notes">How to read them.</param>
/// <param name="FeatureScales">The training features' scales when they differ by more than 100× (not standardized); else null.</param>
/// <param name="OneClassRuns">Runs and sweep configurations whose model predicts one class for every training sample ("none (scratch)", "λ = 0").</param>
/// <param name="RunCount">How many runs and sweep configurations <paramref name="OneClassRuns"/> is out of.</param>
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
    bool AllTestShown,
    string? CostFigure,
    string? SweepFigure,
    IReadOnlyList<string> Notes,
    FeatureScales? FeatureScales = null,
    IReadOnlyList<string>? OneClassRuns = null,
    int RunCount = 0);
