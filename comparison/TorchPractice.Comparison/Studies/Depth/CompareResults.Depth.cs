namespace TorchPractice.Comparison.Studies;

public sealed partial record CompareResults
{
    /// <summary>The depth study's results.</summary>
    public DepthStudyResult? Depth { get; set; }
}
