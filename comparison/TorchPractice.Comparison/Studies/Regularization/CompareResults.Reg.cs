namespace TorchPractice.Comparison.Studies;

public sealed partial record CompareResults
{
    /// <summary>The regularization study's results.</summary>
    public RegStudyResult? Reg { get; set; }
}
