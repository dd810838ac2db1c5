using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>One of the notebook's three runs, trained on the whole training set and scored on the test set, as the notebook does.</summary>
public sealed record RegRow(string Name, double Lambd, double KeepProb, PairResult Pair);
