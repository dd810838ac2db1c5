using ScottPlot;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Plots;

public static partial class Figures
{
    /// <summary>The learning rate each epoch runs with (<see cref="LearningRateDecay.For"/>), one line per schedule, log scale.</summary>
    public static byte[] LearningRates(string title, IReadOnlyList<(string Label, double LearningRate0, LearningRateDecay Decay)> schedules, int epochs)
    {
        using var plt = LearningRatesPlot(title, schedules, epochs);
        return Png(plt, Width, Height);
    }

    /// <summary>The plot <c>LearningRates</c> draws.</summary>
    public static Plot LearningRatesPlot(string title, IReadOnlyList<(string Label, double LearningRate0, LearningRateDecay Decay)> schedules, int epochs)
    {
        var plt = new Plot();
        var xs = Enumerable.Range(0, epochs).Select(e => (double)e).ToArray();
        for (int i = 0; i < schedules.Count; i++)
        {
            var (label, lr0, decay) = schedules[i];
            var line = plt.Add.ScatterLine(xs, xs.Select(e => Math.Log10(decay.For(lr0, (int)e))).ToArray());
            line.Color = Palette.GetColor(i);
            line.LineWidth = 3;
            line.LegendText = label;
        }
        return LogLines(plt, title, "epoch", "learning rate α, log scale");
    }
}
