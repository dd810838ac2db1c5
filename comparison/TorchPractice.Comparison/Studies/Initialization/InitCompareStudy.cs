using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>The initialization study in `compare` (registered in <see cref="CompareStudies"/>).</summary>
public sealed class InitCompareStudy : ICompareStudy
{
    /// <inheritdoc/>
    public string Name => InitStudy.Name;
    /// <inheritdoc/>
    public long Work(CompareOptions options, int peers, bool numPyAvailable) => InitStudy.Work(options.Iterations, peers);
    /// <inheritdoc/>
    public void Run(StudyContext ctx, CompareResults results) => results.Init = InitStudy.Run(ctx);
    /// <inheritdoc/>
    public ReportSection? Section(CompareResults results) => results.Init is { } r ? InitStudyReport.Section(r) : null;
}
