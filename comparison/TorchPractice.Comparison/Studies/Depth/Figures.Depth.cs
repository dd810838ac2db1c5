using ScottPlot;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Comparison.Plots;

/// <summary>The depth study's pictures (see the other part of <see cref="Figures"/>).</summary>
public static partial class Figures
{
    /// <summary>Writes the PNG of <see cref="DepthLayers(string, IReadOnlyList{DepthGradients}, int)"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void DepthLayers(string path, string title, IReadOnlyList<DepthGradients> rows, int iterations) => File.WriteAllBytes(path, DepthLayers(title, rows, iterations));

    /// <summary>
    /// The depth study's per-layer picture for one activation (<paramref name="title"/>: a short prefix such as
    /// "relu, L = 50"), three panels side by side with one line per init (the
    /// same colour in each): ‖dW_l‖ at iteration 0, ‖dW_l‖ after the recorded iterations, and the std of A_l at
    /// iteration 0; layer on x, log scale on y. The two gradient panels share their y range, so they compare at a glance.
    /// </summary>
    public static byte[] DepthLayers(string title, IReadOnlyList<DepthGradients> rows, int iterations)
    {
        var multi = DepthLayersPlot(title, rows, iterations);
        return Png(multi, 1800, 680);
    }

    /// <summary>The three panels <c>DepthLayers</c> draws.</summary>
    public static Multiplot DepthLayersPlot(string title, IReadOnlyList<DepthGradients> rows, int iterations)
    {
        const double floor = 1e-12; // log10(0) is −inf: exact zeros are drawn at 1e-12, and the panel says so
        var multi = new Multiplot();
        multi.AddPlots(3);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        int last = iterations - 1;
        Panel(multi.GetPlot(0), r => r.Norms.Count > 0 ? r.Norms[0].WeightGradientNorms : null, r => "", "layer l (1 = input side)",
            "‖dW_l‖ (Frobenius), log scale", $"{title}: ‖dW_l‖ at iteration 0");
        Panel(multi.GetPlot(1), r => r.Norms.Count == iterations ? r.Norms[^1].WeightGradientNorms : null,
            r => r.DivergedAt is int d ? $" (diverged at it. {d})" : r.Norms.Count < iterations ? " (stopped)" : "", "layer l (1 = input side)",
            "‖dW_l‖ (Frobenius), log scale", $"‖dW_l‖ at iteration {last} (after {last} steps)");
        Panel(multi.GetPlot(2), r => r.ActivationStd, r => "", "hidden layer l", "std of A_l, log scale", "activations' spread at iteration 0", dropAllZero: true);
        // The gradient panels share a y range.
        var ranges = new[] { multi.GetPlot(0), multi.GetPlot(1) }.Select(p => p.Axes.GetLimits()).ToArray();
        double lo = ranges.Min(l => l.Bottom), hi = ranges.Max(l => l.Top);
        foreach (var plt in new[] { multi.GetPlot(0), multi.GetPlot(1) })
        {
            plt.Axes.SetLimitsY(lo, hi);
            SetLogTicks(plt, lo, hi);
        }
        return multi;

        // dropAllZero: a series of exact zeros (zeros init) goes into the legend only, so that it does not stretch the axis to 1e-12.
        void Panel(Plot plt, Func<DepthGradients, IReadOnlyList<double>?> values, Func<DepthGradients, string> suffix, string xLabel, string yLabel, string panelTitle,
            bool dropAllZero = false)
        {
            bool anyZero = false;
            int maxLayers = 1;
            for (int i = 0; i < rows.Count; i++)
            {
                var v = values(rows[i]);
                string legend = rows[i].Init + suffix(rows[i]);
                if (dropAllZero && v is { Count: > 0 } && v.All(x => x == 0))
                {
                    var zero = plt.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
                    zero.Color = Palette.GetColor(i);
                    zero.LegendText = $"{rows[i].Init} (all exactly 0, not drawn)";
                    continue;
                }
                if (v is null || v.Count == 0 || !v.All(double.IsFinite))
                {
                    // Nothing finite to draw: keep the init in the legend, marked, so its absence is explained.
                    var empty = plt.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
                    empty.Color = Palette.GetColor(i);
                    empty.LegendText = legend.Length > rows[i].Init.Length ? legend : $"{rows[i].Init} (not finite)";
                    continue;
                }
                anyZero |= v.Any(x => x <= 0);
                maxLayers = Math.Max(maxLayers, v.Count);
                var line = plt.Add.Scatter(Enumerable.Range(1, v.Count).Select(l => (double)l).ToArray(), v.Select(x => Math.Log10(Math.Max(x, floor))).ToArray());
                line.Color = Palette.GetColor(i);
                line.LineWidth = 3;
                line.MarkerSize = 5;
                line.LegendText = legend;
            }
            if (anyZero) plt.Add.Annotation("exactly 0 is drawn at 1e-12", Alignment.LowerRight);
            LogAxis(plt);
            plt.Axes.SetLimitsX(0.5, maxLayers + 0.5);
            plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plt.Title(panelTitle);
            plt.XLabel(xLabel);
            plt.YLabel(yLabel);
            plt.ShowLegend(Edge.Bottom);
        }
    }

    /// <summary>Writes the PNG of <c>DepthHeatmaps(panels)</c> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void DepthHeatmaps(string path, IReadOnlyList<(string Title, DepthGradients Row)> panels) => File.WriteAllBytes(path, DepthHeatmaps(panels));

    /// <summary>
    /// Layer × iteration heat maps of log10 ‖dW_l‖ side by side (one panel per record, each with its own labelled
    /// colour bar): iteration on x, layer on y with the input side at the bottom; iterations after a divergence blank.
    /// </summary>
    public static byte[] DepthHeatmaps(IReadOnlyList<(string Title, DepthGradients Row)> panels)
    {
        var multi = DepthHeatmapsPlot(panels);
        return Png(multi, 620 * Math.Max(1, panels.Count), 560);
    }

    /// <summary>The panels <c>DepthHeatmaps</c> draws.</summary>
    public static Multiplot DepthHeatmapsPlot(IReadOnlyList<(string Title, DepthGradients Row)> panels)
    {
        var multi = new Multiplot();
        multi.AddPlots(Math.Max(1, panels.Count));
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int i = 0; i < panels.Count; i++) Heatmap(multi.GetPlot(i), panels[i].Title, panels[i].Row);
        return multi;
    }

    /// <summary>One heat map panel of <c>DepthHeatmaps</c>.</summary>
    public static Plot DepthHeatmapPlot(string title, DepthGradients row)
    {
        var plt = new Plot();
        Heatmap(plt, title, row);
        return plt;
    }

    /// <summary>The smallest colour range of a heat map, in decades of ‖dW_l‖.</summary>
    public const double MinHeatmapDecades = 4;

    static void Heatmap(Plot plt, string title, DepthGradients row)
    {
        int iterations = Math.Max(1, row.Norms.Count), layers = row.Norms.Count > 0 ? row.Norms[0].WeightGradientNorms.Count : 1;
        var cells = new double[layers, iterations]; // [row = layer index, column = iteration]
        for (int l = 0; l < layers; l++)
            for (int i = 0; i < iterations; i++)
            {
                double v = i < row.Norms.Count ? row.Norms[i].WeightGradientNorms[l] : double.NaN;
                cells[l, i] = double.IsFinite(v) ? Math.Log10(Math.Max(v, 1e-12)) : double.NaN;
            }
        var hm = plt.Add.Heatmap(cells);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        hm.Extent = new CoordinateRect(-0.5, iterations - 0.5, 0.5, layers + 0.5);
        hm.FlipVertically = true; // row 0 (layer 1, the input side) at the bottom
        hm.NaNCellColor = Colors.White;
        // At least 4 decades of colour: a map whose norms vary by a factor of 2 reads as flat, not as stripes.
        var finite = cells.Cast<double>().Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double lo = finite.Min(), hi = finite.Max(), mid = (lo + hi) / 2;
        if (hi - lo < MinHeatmapDecades) (lo, hi) = (mid - MinHeatmapDecades / 2, mid + MinHeatmapDecades / 2);
        hm.ManualRange = new ScottPlot.Range(lo, hi);
        var bar = plt.Add.ColorBar(hm);
        bar.Label = "log10 ‖dW_l‖ (0 drawn as −12)";
        plt.Axes.SetLimits(-0.5, iterations - 0.5, 0.5, layers + 0.5);
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (row.DivergedAt is int d) plt.Add.Annotation($"diverged at iteration {d}: later ones blank", Alignment.UpperRight);
        plt.Title(title);
        plt.XLabel("iteration");
        plt.YLabel("layer l (1 = input side)");
    }
}
