using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

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
