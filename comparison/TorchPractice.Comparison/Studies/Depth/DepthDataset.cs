namespace TorchPractice.Comparison.Studies;

/// <summary>A dataset of the depth study: its size and the accuracy of always predicting the training set's majority class.</summary>
/// <param name="Name">circles or fraud.</param>
/// <param name="TrainCount">Training samples used.</param>
/// <param name="TestCount">Test samples.</param>
/// <param name="Features">n_x.</param>
/// <param name="MajorityAccuracy">Always predicting the training set's majority class scores this on it.</param>
public sealed record DepthDataset(string Name, int TrainCount, int TestCount, int Features, double MajorityAccuracy);
