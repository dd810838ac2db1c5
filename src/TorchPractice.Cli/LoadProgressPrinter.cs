using System.Diagnostics;
using System.Globalization;
using TorchPractice.Data.Loading;

namespace TorchPractice.Cli;

/// <summary>
/// Shows on stderr how far a large data file has been read (files over 50 MB; smaller ones load in a moment): one line
/// redrawn on a terminal, a line every 5 s otherwise (a log), and a last line with the rows and the time taken.
/// </summary>
sealed class LoadProgressPrinter : IProgress<DataLoadProgress>, IDisposable
{
    const long ShowFromBytes = 50_000_000;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly bool _terminal = !Console.IsErrorRedirected;
    TimeSpan? _last;
    bool _lineOpen;

    public void Report(DataLoadProgress p)
    {
        if ((p.TotalBytes ?? p.BytesRead) < ShowFromBytes) return;
        bool done = p.TotalBytes is long total && p.BytesRead >= total;
        if (!done && _last is TimeSpan last && _clock.Elapsed - last < TimeSpan.FromSeconds(_terminal ? 0.2 : 5)) return;
        _last = _clock.Elapsed;
        string size = p.TotalBytes is long t ? string.Create(CultureInfo.InvariantCulture, $" of {MB(t)} ({100 * p.Fraction:0}%)") : "";
        string text = string.Create(CultureInfo.InvariantCulture,
            $"reading {Path.GetFileName(p.Path)}: {MB(p.BytesRead)}{size}, {p.Rows} rows, {_clock.Elapsed.TotalSeconds:0.0} s");
        if (_terminal)
        {
            Console.Error.Write($"\r{text}\u001b[K");
            _lineOpen = !done;
            if (done) Console.Error.WriteLine();
        }
        else Console.Error.WriteLine(text);
    }

    /// <summary>Ends a redrawn line that a failed load left open, so that the error starts on its own line.</summary>
    public void Dispose()
    {
        if (_lineOpen) Console.Error.WriteLine();
        _lineOpen = false;
    }

    static string MB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");
}
