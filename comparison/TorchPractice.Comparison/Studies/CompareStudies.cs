namespace TorchPractice.Comparison.Studies;

/// <summary>The studies of `compare`, in the order they run and report.</summary>
public static class CompareStudies
{
    /// <summary>A new instance of every study (a study may keep what it prepared for its run). A new study: its folder, and one line here.</summary>
    public static IReadOnlyList<ICompareStudy> Create() =>
    [
        new InitCompareStudy(),
        new RegularizationCompareStudy(),
        new GradCheckCompareStudy(),
        new DepthCompareStudy(),
        new OptimizationCompareStudy(),
    ];

    /// <summary>Every study's name, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = Create().Select(s => s.Name).ToArray();

    /// <summary>The studies a plain `compare` runs (week 1's; the others when --studies names them).</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = Create().Where(s => s.RunsByDefault).Select(s => s.Name).ToArray();
}
