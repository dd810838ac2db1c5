using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One training run by one implementation: "scratch", "autograd", or a peer ("numpy", "torch").
/// Accuracies are fractions; FinalCost is the cost recorded at the last iteration run (may be inf in course mode).
/// A skipped run (peer unavailable) has <see cref="SkipReason"/> and no numbers.
/// </summary>
public sealed record RunResult(
    string Implementation,
    double? TrainAccuracy,
    double? TestAccuracy,
    double? FinalCost,
    double Seconds,
    int Iterations,
    int IterationsRun,
    IReadOnlyList<CostPoint> Costs,
    string? SkipReason = null)
{
    public bool Skipped => SkipReason is not null;
    /// <summary>Every planned iteration ran.</summary>
    public bool Finished => !Skipped && IterationsRun == Iterations;
    public double? MicrosecondsPerIteration => IterationsRun > 0 ? Seconds * 1e6 / IterationsRun : null;

    public static RunResult Skip(string implementation, int iterations, string reason) =>
        new(implementation, null, null, null, 0, iterations, 0, [], reason);
}

/// <summary>
/// The two implementations trained from the same parameters (and masks), plus peers where they ran.
/// MaxRelativeParameterDifference: max|θ_scratch − θ_autograd| / max(1, max|θ|) over every parameter after training:
/// relative to the largest parameter, absolute when all are below 1 (so a bias of 1e-16 vs 0 is not a 100 % difference).
/// PredictionDisagreements: grid points of the decision-boundary picture where the two implementations predict
/// different classes (null without a 2-feature grid).
/// </summary>
public sealed record PairResult(
    string Label,
    RunResult Scratch,
    RunResult Autograd,
    IReadOnlyList<RunResult> Peers,
    double MaxRelativeParameterDifference,
    long? PredictionDisagreements,
    string? BoundaryFigure)
{
    public IEnumerable<RunResult> All => new[] { Scratch, Autograd }.Concat(Peers);
}

/// <summary>‖dW_l‖ (Frobenius) of every layer at one iteration, before that iteration's update.</summary>
public sealed record GradientNormPoint(int Iteration, IReadOnlyList<double> WeightGradientNorms);

/// <summary>
/// Whether hidden units are still copies of each other: for W1 and W2, max over units i and inputs j of
/// |W[i, j] − W[0, j]| in the scratch model's final parameters. 0 means every hidden unit of that layer
/// computes the same function (symmetry never broken).
/// </summary>
public sealed record HiddenSymmetry(double W1MaxRowDifference, double W2MaxRowDifference)
{
    public bool Symmetric => W1MaxRowDifference == 0 && W2MaxRowDifference == 0;
}

public sealed record InitRow(
    string Name,
    string Init,
    double? Scale,
    PairResult Pair,
    IReadOnlyList<GradientNormPoint> GradientNorms,
    HiddenSymmetry Symmetry,
    string? GradientNormFigure);

public sealed record StudySettings(
    string Data,
    int TrainCount,
    int TestCount,
    IReadOnlyList<int> Layers,
    double LearningRate,
    int Iterations,
    long Seed,
    string Rng,
    string Cost,
    string Dropout,
    Activation Activation = Activation.Relu);

public sealed record InitStudyResult(
    StudySettings Settings,
    IReadOnlyList<InitRow> Rows,
    string? CostFigure,
    IReadOnlyList<string> Notes);

/// <summary>One of the notebook's three runs, trained on the whole training set and scored on the test set, as the notebook does.</summary>
public sealed record RegRow(string Name, double Lambd, double KeepProb, PairResult Pair);

/// <summary>
/// One scratch run of a λ or keep_prob sweep: trained on the sweep's train part, judged on its dev part (accuracy, cost
/// and the bias/variance diagnosis). <see cref="RunResult.TestAccuracy"/> of <see cref="Run"/> is null unless this is the
/// chosen configuration or every test number was asked for (then it is "not used for selection").
/// DevCost: the cross-entropy on dev (stable form, no L2 term), the tie-break of the choice. PredictsOneClass: the
/// configuration predicts the same class for every training sample.
/// </summary>
public sealed record SweepPoint(double Lambd, double KeepProb, RunResult Run, double DevAccuracy, double DevCost, BiasVariance Diagnosis, bool Chosen = false,
    bool PredictsOneClass = false);

/// <summary>
/// What a sweep chose on dev, and the one test number reported for it (used for no choice).
/// Parameter: "lambd" or "keep_prob"; Value: the chosen setting; Rule: how the choice was made; TiedOnDevError: how many
/// configurations (the chosen one included) have its dev error: above 1, the dev cost broke a tie (the dev error did not choose).
/// </summary>
public sealed record SweepChoice(string Parameter, double Value, double DevAccuracy, double DevCost, double TestAccuracy, string Rule, int TiedOnDevError = 1);

/// <summary>
/// The train / dev / test split of the sweeps: the dev set is carved out of the study's training data (seeded,
/// stratified); the test set is the study's test set. TestSource and DevSource say where each came from, in words.
/// </summary>
public sealed record SweepSplit(int TrainCount, int DevCount, int TestCount, double DevFraction, int Seed, string DevSource, string TestSource);

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

/// <summary>One gradient check: case and configuration, the three comparisons' differences.</summary>
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
    /// <summary>For a planted bug: the tensors its mistake reaches (null without a bug).</summary>
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

public sealed record GradCheckStudyResult(
    double Epsilon,
    double Threshold,
    IReadOnlyList<GradCheckRow> Checks,
    IReadOnlyList<GradCheckRow> Bugs,
    IReadOnlyList<string> Notes);

public sealed record PeerAvailability(string Peer, bool Available, string Detail);

/// <summary>Everything one `compare` run found: the contents of results.json.</summary>
public sealed record CompareResults
{
    public required string Tool { get; init; }
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset Finished { get; set; }
    public double Seconds { get; set; }
    /// <summary>False when the run was stopped (Ctrl+C) or a training run diverged: only what finished is reported.</summary>
    public bool Complete { get; set; }
    /// <summary>A training run's cost became NaN or infinite (<see cref="IncompleteReason"/> says which and where); the studies stopped there.</summary>
    public bool Diverged { get; set; }
    public string? IncompleteReason { get; set; }
    public required bool Quick { get; init; }
    public required bool Course { get; init; }
    public required string Device { get; init; }
    public required IReadOnlyList<string> Studies { get; init; }
    public required IterationBudget Iterations { get; init; }
    public IReadOnlyList<PeerAvailability> Peers { get; set; } = [];
    public InitStudyResult? Init { get; set; }
    public RegStudyResult? Reg { get; set; }
    public GradCheckStudyResult? GradCheck { get; set; }
    public DepthStudyResult? Depth { get; set; }
    public List<string> Figures { get; } = [];
    /// <summary>Where the report went: --out, or "OUT-N" beside it when another run filled --out meanwhile; null when it could not be written.</summary>
    [JsonIgnore] public string? OutputDirectory { get; set; }
    /// <summary>
    /// Why the report could not be written ("init-costs.png: No space left on device"), or null. The results are whole;
    /// the report is not, so nothing of it was left behind (the staging directory was removed).
    /// </summary>
    public string? ReportError { get; set; }
}
