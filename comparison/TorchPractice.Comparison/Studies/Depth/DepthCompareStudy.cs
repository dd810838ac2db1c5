using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>The depth study in `compare` (registered in <see cref="CompareStudies"/>).</summary>
public sealed class DepthCompareStudy : ICompareStudy
{
    /// <inheritdoc/>
    public string Name => DepthStudy.Name;
    /// <inheritdoc/>
    public long Work(CompareOptions options, int peers, bool numPyAvailable) => DepthStudy.Work(options.Iterations);
    /// <inheritdoc/>
    public void Run(StudyContext ctx, CompareResults results) => results.Depth = DepthStudy.Run(ctx);
    /// <inheritdoc/>
    public ReportSection? Section(CompareResults results) => results.Depth is { } r ? DepthStudyReport.Section(r) : null;
}
