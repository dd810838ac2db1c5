using ScottPlot;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;

namespace TorchPractice.Comparison.Plots;

/// <summary>
/// The report's pictures (PNG, drawn headless with ScottPlot). Each method returns one PNG file's bytes; the caller writes
/// them (into the report's staging directory, where a failed write is reported instead of ending the run).
/// </summary>
public static partial class Figures
{
    const int Width = 900, Height = 560;

    /// <summary>The PNG bytes of a plot drawn at width × height pixels (what SavePng writes).</summary>
    static byte[] Png(Plot plot, int width, int height)
    {
        using var image = plot.GetImage(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    /// <summary>The PNG bytes of a multiplot drawn at width × height pixels (what SavePng writes).</summary>
    static byte[] Png(Multiplot multi, int width, int height)
    {
        using var image = multi.Render(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }
    static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Writes the PNG of <see cref="CostCurves(string, IReadOnlyList{PairResult}, bool)"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void CostCurves(string path, string title, IReadOnlyList<PairResult> pairs, bool courseCost) => File.WriteAllBytes(path, CostCurves(title, pairs, courseCost));

    /// <summary>Cost against iteration for every pair, scratch solid and autograd dashed in the same colour; log-scaled cost.</summary>
    public static byte[] CostCurves(string title, IReadOnlyList<PairResult> pairs, bool courseCost)
    {
        using var plt = CostCurvesPlot(title, pairs, courseCost);
        return Png(plt, Width, Height);
    }

    /// <summary>The plot <c>CostCurves</c> draws.</summary>
    public static Plot CostCurvesPlot(string title, IReadOnlyList<PairResult> pairs, bool courseCost)
    {
        var plt = new Plot();
        for (int i = 0; i < pairs.Count; i++)
        {
            var color = Palette.GetColor(i);
            foreach (var (run, dashed) in new[] { (pairs[i].Scratch, false), (pairs[i].Autograd, true) })
            {
                // log10 of the finite, positive costs: the course formula prints inf where σ saturates.
                var points = run.Costs.Where(c => double.IsFinite(c.Cost) && c.Cost > 0).ToArray();
                if (points.Length == 0) continue;
                var line = plt.Add.ScatterLine(points.Select(c => (double)c.Iteration).ToArray(), points.Select(c => Math.Log10(c.Cost)).ToArray());
                line.Color = color;
                line.LineWidth = dashed ? 2 : 4;
                line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
                if (dashed) line.Color = color.Darken(0.35);
                line.LegendText = $"{pairs[i].Label} · {run.Implementation}";
            }
        }
        return LogLines(plt, title, "iteration", courseCost ? "cost (course formula; inf not drawn), log scale" : "cost, log scale");
    }

    /// <summary>Writes the PNG of <see cref="Boundary(string, BoundaryGrid, double[,], Dataset)"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void Boundary(string path, string title, BoundaryGrid grid, double[,] predictions, Dataset train) => File.WriteAllBytes(path, Boundary(title, grid, predictions, train));

    /// <summary>Predicted class over a grid (light colours) with the training points on top.</summary>
    public static byte[] Boundary(string title, BoundaryGrid grid, double[,] predictions, Dataset train)
    {
        using var plt = BoundaryPlot(title, grid, predictions, train);
        return Png(plt, 700, 620);
    }

    /// <summary>The plot <c>Boundary</c> draws.</summary>
    public static Plot BoundaryPlot(string title, BoundaryGrid grid, double[,] predictions, Dataset train)
    {
        var plt = new Plot();
        var hm = plt.Add.Heatmap(predictions);
        hm.Colormap = new TwoClass();
        hm.Extent = new CoordinateRect(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        hm.FlipVertically = true; // row 0 of the grid is the lowest y
        hm.ManualRange = new ScottPlot.Range(0, 1); // one class everywhere must still get its own colour
        foreach (var (label, color, shape) in new[] { (0.0, Colors.Red, MarkerShape.FilledCircle), (1.0, Colors.Blue, MarkerShape.FilledSquare) })
        {
            var idx = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == label).ToArray();
            var pts = plt.Add.ScatterPoints(idx.Select(i => train.Features[i, 0]).ToArray(), idx.Select(i => train.Features[i, 1]).ToArray());
            pts.Color = color;
            pts.MarkerShape = shape;
            pts.MarkerSize = 6;
            pts.LegendText = $"train y = {label:0}";
        }
        var region0 = plt.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
        region0.LegendText = "predicted 0"; region0.Color = TwoClass.Zero; region0.MarkerShape = MarkerShape.FilledSquare; region0.MarkerSize = 12;
        var region1 = plt.Add.ScatterPoints(Array.Empty<double>(), Array.Empty<double>());
        region1.LegendText = "predicted 1"; region1.Color = TwoClass.One; region1.MarkerShape = MarkerShape.FilledSquare; region1.MarkerSize = 12;
        plt.Axes.SetLimits(grid.XMin, grid.XMax, grid.YMin, grid.YMax);
        plt.Title(title);
        plt.XLabel(train.FeatureNames[0]);
        plt.YLabel(train.FeatureNames[1]);
        plt.ShowLegend(Edge.Right); // beside the panel: never over a training point
        return plt;
    }

    /// <summary>Writes the PNG of <see cref="GradientNorms(string, IReadOnlyList{GradientNormPoint})"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void GradientNorms(string path, string title, IReadOnlyList<GradientNormPoint> points) => File.WriteAllBytes(path, GradientNorms(title, points));

    /// <summary>‖dW_l‖ per layer over the first iterations, log scale: vanishing (zeros) and exploding (×10) gradients show.</summary>
    public static byte[] GradientNorms(string title, IReadOnlyList<GradientNormPoint> points)
    {
        using var plt = GradientNormsPlot(title, points);
        return Png(plt, Width, Height);
    }

    /// <summary>The plot <c>GradientNorms</c> draws.</summary>
    public static Plot GradientNormsPlot(string title, IReadOnlyList<GradientNormPoint> points)
    {
        var plt = new Plot();
        if (points.Count > 0)
        {
            int layers = points[0].WeightGradientNorms.Count;
            double floor = 1e-12; // log10(0) is −inf: zero gradients are drawn at 1e-12 and labelled so
            bool anyZero = false;
            for (int l = 0; l < layers; l++)
            {
                var ys = points.Select(p => p.WeightGradientNorms[l]).ToArray();
                anyZero |= ys.Any(v => v <= 0);
                var line = plt.Add.ScatterLine(points.Select(p => (double)p.Iteration).ToArray(), ys.Select(v => Math.Log10(Math.Max(v, floor))).ToArray());
                line.Color = Palette.GetColor(l);
                // Nested widths (the first layer widest): lines that coincide, as every ‖dW_l‖ = 0 does with zeros,
                // still show each colour the legend lists.
                line.LineWidth = 2 + 2 * (layers - 1 - l);
                line.LegendText = ys.All(v => v <= 0) ? $"‖dW{l + 1}‖ = 0 at every iteration" : $"‖dW{l + 1}‖";
            }
            if (anyZero) plt.Add.Annotation("a norm of exactly 0 is drawn at 1e-12", Alignment.LowerLeft);
        }
        return LogLines(plt, title, "iteration", "gradient norm (Frobenius), log scale");
    }

    /// <summary>A line plot's finish: the log axis, the title and labels, the legend beside the panel (never over a curve).</summary>
    static Plot LogLines(Plot plt, string title, string xLabel, string yLabel)
    {
        LogAxis(plt);
        plt.Title(title);
        plt.XLabel(xLabel);
        plt.YLabel(yLabel);
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    /// <summary>Breaks a long line at spaces so that no line is much longer than <paramref name="width"/>.</summary>
    static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + word.Length + 1 > width) { lines.Add(line.ToString()); line.Clear(); }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return string.Join("\n", lines);
    }

    /// <summary>log10(1 + v/v₀): 0 at 0, log-like above v₀.</summary>
    static double SymLog(double v, double v0) => Math.Log10(1 + v / v0);

    /// <summary>[lo, hi] widened by <paramref name="fraction"/> of its span on each side (at least <paramref name="minimum"/>).</summary>
    static (double Lo, double Hi) Padded(double lo, double hi, double fraction, double minimum)
    {
        double pad = Math.Max((hi - lo) * fraction, minimum);
        return (lo - pad, hi + pad);
    }

    static readonly System.Globalization.CultureInfo Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>
    /// The left axis holds log10 values: labelled ticks at powers of ten, at 1-2-5 or 1…9 multiples when the data spans
    /// few decades, and at evenly spaced round values when it spans less than one (so every plot has labelled ticks).
    /// </summary>
    static void LogAxis(Plot plt)
    {
        plt.Axes.AutoScale();
        var limits = plt.Axes.GetLimits();
        SetLogTicks(plt, limits.Bottom, limits.Top);
    }

    static void SetLogTicks(Plot plt, double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in LogTicks(lo, hi)) ticks.AddMajor(position, label);
        plt.Axes.Left.TickGenerator = ticks;
    }

    /// <summary>Tick positions (log10 of the value) and labels (the value) for a log axis spanning [lo, hi] in log10 units.</summary>
    public static IReadOnlyList<(double Position, string Label)> LogTicks(double lo, double hi)
    {
        if (!(hi > lo) || !double.IsFinite(lo) || !double.IsFinite(hi)) return [];
        int d0 = (int)Math.Floor(lo), d1 = (int)Math.Ceiling(hi);
        int stride = Math.Max(1, (d1 - d0 + 9) / 10); // at most ~10 decade ticks
        double[][] mantissas = [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
        foreach (var set in mantissas)
        {
            var ticks = new List<(double, string)>();
            for (int d = d0; d <= d1; d++)
            {
                if (set.Length == 1 && (d - d0) % stride != 0) continue;
                foreach (var m in set)
                {
                    double position = d + Math.Log10(m);
                    if (position >= lo && position <= hi) ticks.Add((position, Label(m, d)));
                }
            }
            if (ticks.Count >= 4 || (set.Length == 9 && ticks.Count >= 2)) return ticks;
        }
        // Less than a decade with under two 1…9 multiples inside: round values, evenly spaced.
        double a = Math.Pow(10, lo), b = Math.Pow(10, hi);
        double step = NiceStep((b - a) / 4);
        var linear = new List<(double, string)>();
        for (double v = Math.Ceiling(a / step) * step; v <= b && linear.Count < 12; v += step)
            if (v > 0) linear.Add((Math.Log10(v), v.ToString("G6", Invariant)));
        return linear;

        static string Label(double m, int d) => Math.Abs(d) >= 4 ? $"{m:0}e{d}" : (m * Math.Pow(10, d)).ToString("G6", Invariant);
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="x"/>.</summary>
    static double NiceStep(double x)
    {
        double p = Math.Pow(10, Math.Floor(Math.Log10(x)));
        foreach (var m in new[] { 1.0, 2, 5, 10 }) if (m * p >= x) return m * p;
        return 10 * p;
    }

    /// <summary>Two flat colours for the predicted classes (0 → light red, 1 → light blue).</summary>
    sealed class TwoClass : IColormap
    {
        public static readonly Color Zero = Color.FromHex("#F4C7C3");
        public static readonly Color One = Color.FromHex("#C6D9F5");
        public string Name => "two classes";
        public Color GetColor(double normalizedIntensity) => normalizedIntensity >= 0.5 ? One : Zero;
    }
}
