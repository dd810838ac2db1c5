namespace TorchPractice.GradientCheck;

/// <summary>
/// The catalogue of <see cref="PlantedBug"/>s, one type per bug: what the CLI's `gradcheck --bug`, the comparison's
/// gradient-check study, the notebooks and the tests iterate over.
/// </summary>
public static class PlantedBugs
{
    /// <summary>The course's two: dW2 ×2 and db1 with 4/m.</summary>
    public static PlantedBug Course { get; } = new CourseBug();

    /// <summary>ReLU's derivative at exactly Z1 = 0 taken as 1.</summary>
    public static PlantedBug ReluAtZero { get; } = new ReluAtZeroBug();

    /// <summary>dA1 not divided by keep_prob.</summary>
    public static PlantedBug DropoutRescale { get; } = new DropoutRescaleBug();

    /// <summary>The L2 term left out of every dW.</summary>
    public static PlantedBug L2Forgotten { get; } = new L2ForgottenBug();

    /// <summary>The activation's derivative left out at the middle hidden layer.</summary>
    public static PlantedBug DroppedDerivative { get; } = new DroppedDerivativeBug();

    /// <summary>The cost's 1/m left out of the backward pass (the logistic-regression classic).</summary>
    public static PlantedBug OneOverMMissing { get; } = new OneOverMMissingBug();

    /// <summary>Every planted bug, in the order the study and the help list them.</summary>
    public static IReadOnlyList<PlantedBug> All { get; } = [Course, ReluAtZero, DropoutRescale, L2Forgotten, DroppedDerivative, OneOverMMissing];

    /// <summary>The bug named <paramref name="name"/> (<see cref="PlantedBug.Name"/>), or null when there is none.</summary>
    /// <param name="name">e.g. "course".</param>
    public static PlantedBug? Find(string name) => All.FirstOrDefault(b => b.Name == name);
}
