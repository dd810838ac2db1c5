using TorchPractice.Data.Scaling;
using TorchPractice.Models;

namespace TorchPractice.Comparison.Studies;

/// <summary>How a study's runs were made.</summary>
/// <param name="Data">The dataset.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="TestCount">Test samples.</param>
/// <param name="Layers">[n_x, …, 1].</param>
/// <param name="LearningRate">α.</param>
/// <param name="Iterations">Iterations per run.</param>
/// <param name="Seed">The stream's seed.</param>
/// <param name="Rng">The random stream.</param>
/// <param name="Cost">The cost formula.</param>
/// <param name="Dropout">How dropout masks were drawn.</param>
/// <param name="Activation">The hidden activation.</param>
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
