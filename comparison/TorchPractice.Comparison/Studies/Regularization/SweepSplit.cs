using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The train / dev / test split of the sweeps: the dev set is carved out of the study's training data (seeded,
/// stratified); the test set is the study's test set. TestSource and DevSource say where each came from, in words.
/// </summary>
public sealed record SweepSplit(int TrainCount, int DevCount, int TestCount, double DevFraction, int Seed, string DevSource, string TestSource);
