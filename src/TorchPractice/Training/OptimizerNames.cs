namespace TorchPractice.Training;

/// <summary>The update rules' names in reports, JSON and on command lines, as the assignment names them: gd, momentum, rmsprop, adam.</summary>
public static class OptimizerNames
{
    /// <summary>"gd", "momentum", "rmsprop" or "adam".</summary>
    public static string Name(this OptimizerKind kind) => kind == OptimizerKind.GradientDescent ? "gd" : kind.ToString().ToLowerInvariant();
}
