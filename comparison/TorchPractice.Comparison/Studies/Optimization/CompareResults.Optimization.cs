namespace TorchPractice.Comparison.Studies;

public sealed partial record CompareResults
{
    /// <summary>The optimization study's results (week 2).</summary>
    public OptimizationStudyResult? Optimization { get; set; }
}
