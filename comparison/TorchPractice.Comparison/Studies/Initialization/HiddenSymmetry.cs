using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Whether hidden units are still copies of each other: for W1 and W2, max over units i and inputs j of
/// |W[i, j] − W[0, j]| in the scratch model's final parameters. 0 means every hidden unit of that layer
/// computes the same function (symmetry never broken).
/// </summary>
public sealed record HiddenSymmetry(double W1MaxRowDifference, double W2MaxRowDifference)
{
    /// <summary>Both hidden layers' units are still exact copies of each other.</summary>
    public bool Symmetric => W1MaxRowDifference == 0 && W2MaxRowDifference == 0;
}
