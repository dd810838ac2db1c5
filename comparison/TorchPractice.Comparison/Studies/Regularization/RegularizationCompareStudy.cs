using TorchPractice.Comparison.Report;
using TorchPractice.Data;
using TorchPractice.Data.Scaling;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// The regularization study in `compare` (registered in <see cref="CompareStudies"/>). It reads its data when
/// prepared, so that a missing file, a wrong feature count or data too small to split fails before any work.
/// </summary>
public sealed class RegularizationCompareStudy : ICompareStudy
{
    DataSplit? _split, _sweepSplit;

    /// <inheritdoc/>
    public string Name => RegularizationStudy.Name;

    /// <inheritdoc/>
    public void Prepare(CompareOptions options)
    {
        var split = DataSources.Resolve(options.RegData, new DataOptions());
        if (options.RegLayers is not null) DataSources.CheckFeatureCount(split, options.RegLayers[0], options.RegData);
        // The sweeps' train / dev / test; each split is standardized with its own training part only, so neither dev
        // nor test informs the scaling.
        var sweepSplit = Splitting.CarveDev(split, options.DevFraction, options.DevSeed, stratified: true);
        if (options.Standardize)
        {
            split = Standardization.FitAndApply(split).Split;
            sweepSplit = Standardization.FitAndApply(sweepSplit).Split;
        }
        (_split, _sweepSplit) = (split, sweepSplit);
    }

    /// <inheritdoc/>
    public long Work(CompareOptions options, int peers, bool numPyAvailable) => RegularizationStudy.Work(options.Iterations,
        PeerRuns.TorchSupports(new() { Layers = options.RegLayers ?? [1, 20, 3, 1], Activation = options.RegActivation }) ? peers : numPyAvailable ? 1 : 0);

    /// <inheritdoc/>
    public void Run(StudyContext ctx, CompareResults results)
    {
        if (_split is null) throw new InvalidOperationException("the regularization study runs after Prepare");
        var o = ctx.Options;
        results.Reg = RegularizationStudy.Run(ctx, _split, _sweepSplit!, DataName(o.RegData) + (o.Standardize ? ", standardized" : ""));
    }

    /// <inheritdoc/>
    public ReportSection? Section(CompareResults results) => results.Reg is { } r ? RegularizationStudyReport.Section(r) : null;

    static string DataName(string spec) =>
        BuiltInDatasets.Names.Contains(spec, StringComparer.Ordinal) ? $"{spec} (built in)" : Path.GetFileName(spec);
}
