using TorchPractice.Cli;

namespace TorchPractice.Tests.Cli;

/// <summary>Progress on a non-terminal: a line at the start and then one per interval, never one per percent.</summary>
public sealed class ProgressLinesTests
{
    /// <summary>A clock the test moves by hand.</summary>
    sealed class ManualClock : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void Reports_after_every_iteration_become_a_line_per_interval()
    {
        var clock = new ManualClock();
        var writer = new StringWriter();
        var lines = new ProgressLines(writer, TimeSpan.FromSeconds(5), clock);
        // 1000 iterations of 0.1 s each (100 s): a line every 5 s of the clock, not 1000 lines nor 100 (one per percent).
        for (int i = 1; i <= 1000; i++)
        {
            clock.Ticks += TimeSpan.TicksPerSecond / 10;
            int it = i;
            lines.Report(() => $"it {it}", force: i == 1000);
        }
        var written = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("it 1", written[0]);
        Assert.Equal("it 1000", written[^1]);
        Assert.Equal(21, written.Length); // it 1, 51, 101, …, 951 (20 lines 5 s apart), then the final one
        Assert.Equal("it 51", written[1]);
    }
}
