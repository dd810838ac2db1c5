namespace TorchPractice.Comparison.Studies;

public sealed partial record CompareResults
{
    /// <summary>The initialization study's results.</summary>
    public InitStudyResult? Init { get; set; }
}
