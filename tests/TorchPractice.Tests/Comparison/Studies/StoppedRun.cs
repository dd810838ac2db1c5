using TorchPractice.Comparison.Studies;

namespace TorchPractice.Tests.Comparison.Studies;

/// <summary>A compare run stopped as Ctrl+C stops it: cancelled when a given run of a study starts.</summary>
static class StoppedRun
{
    /// <summary>Runs compare into <paramref name="target"/>, cancelling when a run of <paramref name="study"/> whose name starts with <paramref name="runPrefix"/> begins.</summary>
    public static CompareResults Run(CompareOptions options, string target, string study, string runPrefix)
    {
        using var cancel = new CancellationTokenSource();
        return CompareRunner.Run(options, target, force: false, p =>
        {
            if (p.Study == study && p.Run.StartsWith(runPrefix, StringComparison.Ordinal)) cancel.Cancel();
        }, cancel: cancel.Token);
    }
}
