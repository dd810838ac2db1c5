using TorchPractice.Comparison.Report;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One study of `compare`, as <see cref="CompareRunner"/> sees it: the study itself lives in its folder
/// (Studies/&lt;Study&gt;/: the study, its results, its part of <see cref="CompareResults"/>, its report section and
/// figures) and is registered by one line in <see cref="CompareStudies.Create"/>.
/// </summary>
public interface ICompareStudy
{
    /// <summary>The study's name: what --studies takes, its key in results.json's study_seconds.</summary>
    string Name { get; }

    /// <summary>Whether a plain `compare` runs it (false: only when --studies names it).</summary>
    bool RunsByDefault => true;

    /// <summary>Checks the study's inputs (data, shapes) before any work starts; throws what <see cref="CompareRunner.Run"/> documents.</summary>
    /// <param name="options">The run's options.</param>
    void Prepare(CompareOptions options) { }

    /// <summary>The study's work in progress units (training iterations; see <see cref="StudyContext"/>).</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="peers">How many peers will run (NumPy and PyTorch, where available).</param>
    /// <param name="numPyAvailable">Whether the NumPy peer will run.</param>
    long Work(CompareOptions options, int peers, bool numPyAvailable);

    /// <summary>Runs the study and stores its results in its part of <paramref name="results"/>.</summary>
    /// <param name="ctx">Device, budget, progress, cancellation and the staging directory.</param>
    /// <param name="results">The run's results.</param>
    void Run(StudyContext ctx, CompareResults results);

    /// <summary>The study's report section, or null when it did not run.</summary>
    /// <param name="results">The run's results.</param>
    ReportSection? Section(CompareResults results);
}
