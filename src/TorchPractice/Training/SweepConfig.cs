namespace TorchPractice.Training;

/// <summary>One configuration of a sweep: the regularization that differs between runs.</summary>
/// <param name="Lambd">L2 strength λ.</param>
/// <param name="KeepProb">Dropout keep probability.</param>
public sealed record SweepConfig(double Lambd, double KeepProb);
