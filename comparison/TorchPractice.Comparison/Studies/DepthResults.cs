using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>What a run of the depth study did: trained (see <see cref="DepthStudy.TrainsRule"/>), did not, or diverged.</summary>
public enum DepthOutcome { Trains, DoesNotTrain, Diverged }

/// <summary>
/// One implementation's run of one depth-study configuration. <see cref="Diverged"/>: where the cost (or the
/// parameters) went non-finite; the run's accuracies are then null. <see cref="Outcome"/> is null for a skipped run.
/// </summary>
public sealed record DepthRun(RunResult Run, NonFiniteCost? Diverged, DepthOutcome? Outcome);

/// <summary>
/// One (dataset, activation, depth, init) configuration, trained by both implementations from the same parameters.
/// MaxRelativeParameterDifference: as <see cref="PairResult.MaxRelativeParameterDifference"/>, null when a run diverged
/// or was skipped. MaxHiddenRowDifference: max over the hidden layers of <see cref="PairTrainer.MaxRowDifference"/> in the
/// scratch model's final parameters (0: every hidden layer's units are still copies of each other), null when it diverged.
/// </summary>
public sealed record DepthCell(
    string Dataset,
    string Activation,
    int Depth,
    string Init,
    DepthRun Scratch,
    DepthRun Autograd,
    double? MaxRelativeParameterDifference,
    double? MaxHiddenRowDifference)
{
    /// <summary>
    /// The last iteration through which the two implementations' costs agreed within <see cref="DepthStudy.CostTolerance"/>
    /// (relative) at every iteration (null: not even at iteration 0): where the runs part, it says from when.
    /// </summary>
    public int? CostsAgreeThrough { get; init; }

    /// <summary>Both ran and reached the same outcome, with the same accuracies, or diverging at the same iteration.</summary>
    public bool? Agree => Autograd.Outcome is null || Scratch.Outcome is null ? null
        : Scratch.Outcome == Autograd.Outcome
          && Scratch.Run.TrainAccuracy == Autograd.Run.TrainAccuracy && Scratch.Run.TestAccuracy == Autograd.Run.TestAccuracy
          && Scratch.Diverged?.Iteration == Autograd.Diverged?.Iteration;
}

/// <summary>
/// Per-layer measurements of one init at one depth (scratch model, the study's first dataset): ‖dW_l‖ at each of the
/// first iterations (before each update), and the standard deviation of every hidden layer's activations A_l at
/// iteration 0. DivergedAt: the first recorded iteration whose norms were not finite (the record stops there).
/// </summary>
public sealed record DepthGradients(
    string Activation,
    string Init,
    int Depth,
    IReadOnlyList<GradientNormPoint> Norms,
    IReadOnlyList<double> ActivationStd,
    int? DivergedAt);

/// <summary>A dataset of the depth study: its size and the accuracy of always predicting the training set's majority class.</summary>
public sealed record DepthDataset(string Name, int TrainCount, int TestCount, int Features, double MajorityAccuracy);

public sealed record DepthSettings(
    IReadOnlyList<DepthDataset> Datasets,
    IReadOnlyList<string> Activations,
    IReadOnlyList<string> Inits,
    IReadOnlyList<int> Depths,
    int Width,
    double LearningRate,
    int Iterations,
    int GradientNormIterations,
    int GradientNormDepth,
    string GradientNormDataset,
    long Seed,
    string Rng,
    string TrainsRule);

/// <summary>A depth-study picture: its file and what it shows.</summary>
public sealed record DepthFigure(string File, string Caption);

public sealed record DepthStudyResult(
    DepthSettings Settings,
    IReadOnlyList<DepthCell> Cells,
    IReadOnlyList<DepthGradients> Gradients,
    IReadOnlyList<string> Conclusions,
    IReadOnlyList<DepthFigure> Figures,
    IReadOnlyList<string> Notes);
