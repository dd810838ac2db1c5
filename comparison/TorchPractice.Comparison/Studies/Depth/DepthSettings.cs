namespace TorchPractice.Comparison.Studies;

/// <summary>How the depth study ran.</summary>
/// <param name="Datasets">The datasets.</param>
/// <param name="Activations">The hidden activations.</param>
/// <param name="Inits">The initializations' names.</param>
/// <param name="Depths">The depths L.</param>
/// <param name="Width">Units per hidden layer.</param>
/// <param name="LearningRate">α.</param>
/// <param name="Iterations">Iterations per run.</param>
/// <param name="GradientNormIterations">Iterations whose per-layer gradient norms were recorded.</param>
/// <param name="GradientNormDepth">The depth of those records.</param>
/// <param name="GradientNormDataset">Their dataset.</param>
/// <param name="Seed">The NumPy stream's seed that draws every start.</param>
/// <param name="Rng">The random stream ("numpy").</param>
/// <param name="TrainsRule">What "trains" means.</param>
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
