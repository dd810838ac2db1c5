using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>The gradient-check study in `compare` (registered in <see cref="CompareStudies"/>).</summary>
public sealed class GradCheckCompareStudy : ICompareStudy
{
    /// <inheritdoc/>
    public string Name => GradCheckStudy.Name;
    /// <inheritdoc/>
    public long Work(CompareOptions options, int peers, bool numPyAvailable) => GradCheckStudy.Work();
    /// <inheritdoc/>
    public void Run(StudyContext ctx, CompareResults results) => results.GradCheck = GradCheckStudy.Run(ctx);
    /// <inheritdoc/>
    public ReportSection? Section(CompareResults results) => results.GradCheck is { } r ? GradCheckStudyReport.Section(r) : null;
}
