using ScottPlot;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;

namespace TorchPractice.Comparison.Plots;

/// <summary>The report's pictures (PNG, drawn headless with ScottPlot). Each method writes one file.</summary>
public static class Figures
{
    const int Width = 900, Height = 560;
    static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Cost against iteration for every pair, scratch solid and autograd dashed in the same colour; log-scaled cost.</summary>
    public static void CostCurves(string path, string title, IReadOnlyList<PairResult> pairs, bool courseCost)
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
        LogAxis(plt.Axes.Left);
        plt.Title(title);
        plt.XLabel("iteration");
        plt.YLabel(courseCost ? "cost (course formula; inf not drawn), log scale" : "cost, log scale");
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, Width, Height);
    }

    /// <summary>Predicted class over a grid (light colours) with the training points on top.</summary>
    public static void Boundary(string path, string title, BoundaryGrid grid, double[,] predictions, Dataset train)
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
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, 700, 620);
    }

    /// <summary>‖dW_l‖ per layer over the first iterations, log scale: vanishing (zeros) and exploding (×10) gradients show.</summary>
    public static void GradientNorms(string path, string title, IReadOnlyList<GradientNormPoint> points)
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
                line.LineWidth = 3;
                line.LegendText = $"‖dW{l + 1}‖";
            }
            if (anyZero) plt.Add.Annotation("a norm of exactly 0 is drawn at 1e-12", Alignment.LowerLeft);
        }
        LogAxis(plt.Axes.Left);
        plt.Title(title);
        plt.XLabel("iteration");
        plt.YLabel("gradient norm (Frobenius), log scale");
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, Width, Height);
    }

    /// <summary>
    /// The course's bias/variance picture for the λ and keep_prob sweeps, side by side: train and dev error per
    /// configuration (evenly spaced, labelled with their values), the baseline error as a horizontal line, the
    /// configuration chosen on dev circled. No test numbers: the test set chooses nothing.
    /// </summary>
    public static void Sweeps(string path, IReadOnlyList<SweepPoint> lambda, IReadOnlyList<SweepPoint> keep, int iterations, double baselineError)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        Panel(multi.GetPlot(0), lambda, p => p.Lambd, "L2 strength λ (keep_prob 1)", $"λ sweep ({iterations} it., scratch)", baselineError);
        Panel(multi.GetPlot(1), keep, p => p.KeepProb, "keep_prob (λ 0)", $"keep_prob sweep ({iterations} it., scratch)", baselineError);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multi.SavePng(path, 1200, 520);

        static void Panel(Plot plt, IReadOnlyList<SweepPoint> points, Func<SweepPoint, double> x, string xLabel, string title, double baseline)
        {
            var xs = Enumerable.Range(0, points.Count).Select(i => (double)i).ToArray();
            var trainLine = plt.Add.Scatter(xs, points.Select(p => 100 * p.Diagnosis.TrainError).ToArray());
            trainLine.LegendText = "train error"; trainLine.Color = Palette.GetColor(0); trainLine.LineWidth = 3; trainLine.MarkerSize = 9;
            var devLine = plt.Add.Scatter(xs, points.Select(p => 100 * p.Diagnosis.DevError).ToArray());
            devLine.LegendText = "dev error"; devLine.Color = Palette.GetColor(1); devLine.LineWidth = 3; devLine.MarkerSize = 9;
            devLine.LinePattern = LinePattern.Dashed;
            var line = plt.Add.HorizontalLine(100 * baseline);
            line.Color = Colors.Gray; line.LineWidth = 2; line.LinePattern = LinePattern.Dotted;
            line.LegendText = $"baseline (Bayes / human-level) {100 * baseline:0.##} %";
            int chosen = points.ToList().FindIndex(p => p.Chosen);
            if (chosen >= 0)
            {
                var mark = plt.Add.Marker(chosen, 100 * points[chosen].Diagnosis.DevError, MarkerShape.OpenCircle, 22);
                mark.Color = Colors.Black; mark.LineWidth = 2;
                mark.LegendText = "chosen on dev";
            }
            plt.Axes.Bottom.SetTicks(xs, points.Select(p => x(p).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            plt.Axes.SetLimitsX(-0.5, Math.Max(0.5, points.Count - 0.5));
            double top = points.Count == 0 ? 10 : points.Max(p => 100 * Math.Max(p.Diagnosis.TrainError, p.Diagnosis.DevError));
            top = Math.Max(top, 100 * baseline) * 1.15 + 1;
            plt.Axes.SetLimitsY(-0.04 * top, top); // a little below 0, so that a baseline of 0 is seen
            plt.Title(title);
            plt.XLabel(xLabel);
            plt.YLabel("error (%)");
            plt.ShowLegend(Edge.Bottom); // below the panel: never over the points
        }
    }

    static void LogAxis(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Abs(y) >= 4 ? $"1e{y:0}" : Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
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
