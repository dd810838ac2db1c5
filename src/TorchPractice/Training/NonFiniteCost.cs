namespace TorchPractice.Training;

/// <summary>
/// Why a run stopped early with numbers that mean nothing: at <see cref="Iteration"/> the cost was
/// <see cref="Cost"/> (NaN or ±inf), or (course cost formula, whose nansum hides NaN) the update of that iteration
/// left NaN or ±inf in the parameters (<see cref="ParametersNonFinite"/>). <see cref="LastFiniteIteration"/> is the latest iteration checked and found
/// finite before it (checks run at every recorded cost and about every 1 % of the run), null when none was.
/// </summary>
/// <param name="Iteration">The iteration whose cost (or update) was not finite.</param>
/// <param name="Cost">The cost seen there.</param>
/// <param name="ParametersNonFinite">True when the parameters, not the cost, were found non-finite.</param>
/// <param name="LastFiniteIteration">The latest checked iteration found finite before, or null.</param>
public sealed record NonFiniteCost(int Iteration, double Cost, bool ParametersNonFinite, int? LastFiniteIteration)
{
    /// <summary>One line for people: what was seen, where, and the usual causes.</summary>
    /// <param name="learningRate">The run's learning rate, named in the line.</param>
    public string Describe(double learningRate)
    {
        string what = ParametersNonFinite
            ? $"the update of iteration {Iteration} left NaN or infinite parameters"
            : $"the cost is {(double.IsNaN(Cost) ? "NaN" : "infinite")} at iteration {Iteration}";
        string since = LastFiniteIteration is int f ? $" (finite at iteration {f})" : "";
        return $"training diverged: {what}{since}. Likely causes: a learning rate too large for this data (lr {learningRate:G4}), " +
               "features on very different or large scales (standardize them), or initial weights too large (init scale)";
    }
}
