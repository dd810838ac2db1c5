using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Bench;

/// <summary>
/// One benchmark workload. Train: one model, timed for each implementation and peer. Sweep: the configurations
/// trained at once (batched) against NumPy one after another. GradCheck: batched against naive numeric gradient.
/// </summary>
public sealed record BenchCase(string Id, string Title, BenchKind Kind)
{
    /// <summary>The model trained (layers, activation, init, λ, keep_prob).</summary>
    public ModelOptions Model { get; init; } = new();
    /// <summary>The built-in dataset (when <see cref="SyntheticM"/> is 0).</summary>
    public string Data { get; init; } = "circles";
    /// <summary>Synthetic data: m samples (0: the built-in <see cref="Data"/>).</summary>
    public int SyntheticM { get; init; }
    /// <summary>α.</summary>
    public double LearningRate { get; init; } = 0.01;
    /// <summary>Iterations per timed training loop.</summary>
    public int Iterations { get; init; }
    /// <summary>Sweep cases: the configurations trained at once.</summary>
    public IReadOnlyList<SweepConfig> Sweep { get; init; } = [];
    /// <summary>Gradient-check cases: the model and data checked.</summary>
    public GradCheckCase? GradCheck { get; init; }
    /// <summary>Most repetitions worth running (long cases run fewer).</summary>
    public int MaxReps { get; init; } = int.MaxValue;

    /// <summary>The number of training samples.</summary>
    public long M => SyntheticM > 0 ? SyntheticM : Kind == BenchKind.GradCheck ? GradCheck!.M : Data == "circles" ? 300 : 211;
    /// <summary>Elements of the largest activation tensor (widest hidden layer × m): the memory scale of a step.</summary>
    public long LargestActivation => (long)Model.Layers.Skip(1).Max() * M;

    /// <summary>The training data: a built-in set, or seeded synthetic data (two classes by a circle of radius √n_x).</summary>
    public DataSplit LoadData()
    {
        if (SyntheticM <= 0) return DataSources.Resolve(Data, new DataOptions());
        int nx = Model.Layers[0];
        var rng = new TorchPractice.Random.NumPyRandomState(11);
        var features = new double[SyntheticM, nx];
        var labels = new double[SyntheticM];
        for (int i = 0; i < SyntheticM; i++)
        {
            double r = 0;
            for (int j = 0; j < nx; j++) { features[i, j] = rng.StandardNormal(); r += features[i, j] * features[i, j]; }
            labels[i] = r > nx ? 1 : 0;
        }
        var set = new Dataset($"synthetic {nx}×{SyntheticM}", features, labels);
        return new DataSplit(set, set);
    }
}
