namespace TorchPractice.Cli;

/// <summary>
/// Progress for a log file or a pipe, where a redrawn bar would be a line per redraw: the first report is written at
/// once, then at most one line per interval (the latest state), and a final one when asked. Reports come from the
/// training thread after every iteration, so a line appears at least every interval unless one iteration takes longer.
/// </summary>
public sealed class ProgressLines(TextWriter writer, TimeSpan interval, TimeProvider? clock = null)
{
    /// <summary>5 s: the README promises a line at least every 10 s on a non-terminal.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    readonly TimeProvider _clock = clock ?? TimeProvider.System;
    long? _lastWritten;

    /// <summary>Writes <paramref name="line"/>'s text if this is the first report, the interval has passed, or <paramref name="force"/>.</summary>
    public void Report(Func<string> line, bool force = false)
    {
        long now = _clock.GetTimestamp();
        if (!force && _lastWritten is long last && _clock.GetElapsedTime(last, now) < interval) return;
        writer.WriteLine(line());
        writer.Flush();
        _lastWritten = now;
    }
}
