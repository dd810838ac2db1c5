namespace TorchPractice.Comparison.Studies;

public sealed partial record CompareResults
{
    /// <summary>The gradient-check study's results.</summary>
    public GradCheckStudyResult? GradCheck { get; set; }
}
