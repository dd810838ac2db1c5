using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>The optimization study in `compare` (registered in <see cref="CompareStudies"/>).</summary>
public sealed class OptimizationCompareStudy : ICompareStudy
{
    /// <inheritdoc/>
    public string Name => OptimizationStudy.Name;
    /// <summary>False: week 2 runs when --studies names it, so the main job keeps week 1's time.</summary>
    public bool RunsByDefault => false;
    /// <inheritdoc/>
    public long Work(CompareOptions options, int peers, bool numPyAvailable) => OptimizationStudy.Work(options.Iterations, numPyAvailable);
    /// <inheritdoc/>
    public void Run(StudyContext ctx, CompareResults results) => results.Optimization = OptimizationStudy.Run(ctx);
    /// <inheritdoc/>
    public ReportSection? Section(CompareResults results) => results.Optimization is { } r ? OptimizationStudyReport.Section(r) : null;
}
