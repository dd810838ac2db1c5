using ScottPlot;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;

namespace TorchPractice.Comparison.Plots;

/// <summary>
/// The report's pictures (PNG, drawn headless with ScottPlot). Each method returns one PNG file's bytes; the caller writes
/// them (into the report's staging directory, where a failed write is reported instead of ending the run).
/// </summary>
public static class Figures
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

    /// <summary>The plot <see cref="CostCurves"/> draws.</summary>
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
        LogAxis(plt);
        plt.Title(title);
        plt.XLabel("iteration");
        plt.YLabel(courseCost ? "cost (course formula; inf not drawn), log scale" : "cost, log scale");
        plt.ShowLegend(Edge.Right); // beside the panel: never over a curve (it covered the zeros line)
        return plt;
    }

    /// <summary>Writes the PNG of <see cref="Boundary(string, BoundaryGrid, double[,], Dataset)"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void Boundary(string path, string title, BoundaryGrid grid, double[,] predictions, Dataset train) => File.WriteAllBytes(path, Boundary(title, grid, predictions, train));

    /// <summary>Predicted class over a grid (light colours) with the training points on top.</summary>
    public static byte[] Boundary(string title, BoundaryGrid grid, double[,] predictions, Dataset train)
    {
        using var plt = BoundaryPlot(title, grid, predictions, train);
        return Png(plt, 700, 620);
    }

    /// <summary>The plot <see cref="Boundary"/> draws.</summary>
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

    /// <summary>The plot <see cref="GradientNorms"/> draws.</summary>
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
        LogAxis(plt);
        plt.Title(title);
        plt.XLabel("iteration");
        plt.YLabel("gradient norm (Frobenius), log scale");
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    /// <summary>Writes the PNG of <see cref="Sweeps(IReadOnlyList{SweepPoint}, IReadOnlyList{SweepPoint}, int, double)"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
    public static void Sweeps(string path, IReadOnlyList<SweepPoint> lambda, IReadOnlyList<SweepPoint> keep, int iterations, double baselineError) => File.WriteAllBytes(path, Sweeps(lambda, keep, iterations, baselineError));

    /// <summary>
    /// The course's bias/variance picture for the λ and keep_prob sweeps, side by side: train and dev error per
    /// configuration (evenly spaced, labelled with their values), the baseline error as a horizontal line, the
    /// configuration chosen on dev circled. No test numbers: the test set chooses nothing.
    /// </summary>
    public static byte[] Sweeps(IReadOnlyList<SweepPoint> lambda, IReadOnlyList<SweepPoint> keep, int iterations, double baselineError)
    {
        var multi = SweepsPlot(lambda, keep, iterations, baselineError);
        return Png(multi, 1200, 520);
    }

    /// <summary>The two panels <see cref="Sweeps"/> draws.</summary>
    public static Multiplot SweepsPlot(IReadOnlyList<SweepPoint> lambda, IReadOnlyList<SweepPoint> keep, int iterations, double baselineError)
    {
        var multi = new Multiplot();
        multi.AddPlots(2);
        // λ is drawn at log10(1 + λ/λ₀), λ₀ the smallest positive λ: 0 on the axis, logarithmic above λ₀.
        double lambda0 = lambda.Select(p => p.Lambd).Where(l => l > 0).DefaultIfEmpty(1).Min();
        Panel(multi.GetPlot(0), lambda, p => p.Lambd, p => SymLog(p.Lambd, lambda0), "L2 strength λ (keep_prob 1; log axis with 0)",
            $"λ sweep ({iterations} it., scratch)", baselineError);
        Panel(multi.GetPlot(1), keep, p => p.KeepProb, p => p.KeepProb, "keep_prob (λ 0)", $"keep_prob sweep ({iterations} it., scratch)", baselineError);
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        return multi;

        static void Panel(Plot plt, IReadOnlyList<SweepPoint> points, Func<SweepPoint, double> x, Func<SweepPoint, double> position,
            string xLabel, string title, double baseline)
        {
            var xs = points.Select(position).ToArray();
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
                var mark = plt.Add.Marker(xs[chosen], 100 * points[chosen].Diagnosis.DevError, MarkerShape.OpenCircle, 22);
                mark.Color = Colors.Black; mark.LineWidth = 2;
                mark.LegendText = "chosen on dev";
            }
            plt.Axes.Bottom.SetTicks(xs, points.Select(p => x(p).ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            if (xs.Length > 0)
            {
                var (x0, x1) = Padded(xs.Min(), xs.Max(), 0.06, 0.05); // room around the points: none sits on the frame
                plt.Axes.SetLimitsX(x0, x1);
            }
            double top = points.Count == 0 ? 10 : points.Max(p => 100 * Math.Max(p.Diagnosis.TrainError, p.Diagnosis.DevError));
            top = Math.Max(top, 100 * baseline) * 1.15 + 1;
            plt.Axes.SetLimitsY(-0.04 * top, top); // a little below 0, so that a baseline of 0 is seen
            plt.Title(title);
            plt.XLabel(xLabel);
            plt.YLabel("error (%)");
            plt.ShowLegend(Edge.Bottom); // below the panel: never over the points
        }
    }

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

    /// <summary>The three panels <see cref="DepthLayers"/> draws.</summary>
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

    /// <summary>Writes the PNG of <see cref="DepthHeatmaps(IReadOnlyList{(string Title, DepthGradients Row)})"/> to <paramref name="path"/> (as the notebooks show figures).</summary>
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

    /// <summary>The panels <see cref="DepthHeatmaps"/> draws.</summary>
    public static Multiplot DepthHeatmapsPlot(IReadOnlyList<(string Title, DepthGradients Row)> panels)
    {
        var multi = new Multiplot();
        multi.AddPlots(Math.Max(1, panels.Count));
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int i = 0; i < panels.Count; i++) Heatmap(multi.GetPlot(i), panels[i].Title, panels[i].Row);
        return multi;
    }

    /// <summary>One heat map panel of <see cref="DepthHeatmaps"/>.</summary>
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

    /// <summary>One panel of <see cref="RelativeErrors"/>: a tensor's relative error per entry, row-major, and a line under it (its diagnosis).</summary>
    /// <param name="Title">The panel's title, e.g. "W2 (scratch vs numeric)".</param>
    /// <param name="Rows">The tensor's rows (units).</param>
    /// <param name="Columns">The tensor's columns.</param>
    /// <param name="Values">|g − g̃| / (|g| + |g̃|) per entry, row-major; NaN where not compared (blank).</param>
    /// <param name="Caption">Shown under the map (e.g. the diagnosis), or null.</param>
    public sealed record ErrorPanel(string Title, int Rows, int Columns, IReadOnlyList<double> Values, string? Caption)
    {
        /// <summary>The panel of one tensor of a built-in check: its relative errors between two of the report's gradients, its diagnosis as the caption.</summary>
        public static ErrorPanel Of(TorchPractice.GradientCheck.GradientCheckReport report, TorchPractice.GradientCheck.TensorDifference tensor, string title,
            string analytic = "scratch", string reference = "numeric")
        {
            var seg = report.Layout?.Segment(tensor.Name) ?? throw new ArgumentException("the report has no gradients", nameof(report));
            int cols = seg.Shape.Length > 1 ? (int)seg.Shape[^1] : 1;
            return new ErrorPanel(title, seg.Length / Math.Max(cols, 1), cols, report.RelativeErrors(tensor.Name, analytic, reference), tensor.Diagnosis?.Message);
        }
    }

    /// <summary>
    /// Heat maps of the relative error |g − g̃| / (|g| + |g̃|) per entry of wrong tensors, side by side: rows (units) down,
    /// columns across, on a fixed 0 … 1 scale (1: one of the two is 0 or they have opposite signs; 1/3: a factor 2;
    /// 0.6: a factor 4), the value written in each cell of a small tensor. Written atomically.
    /// </summary>
    public static void RelativeErrors(string path, IReadOnlyList<ErrorPanel> panels)
    {
        var png = RelativeErrors(panels);
        TorchPractice.IO.AtomicFile.Write(path, temp => File.WriteAllBytes(temp, png));
    }

    /// <summary>The PNG bytes of <see cref="RelativeErrors(string, IReadOnlyList{ErrorPanel})"/>.</summary>
    public static byte[] RelativeErrors(IReadOnlyList<ErrorPanel> panels) =>
        Png(RelativeErrorsPlot(panels), 640 * Math.Max(1, panels.Count), 560);

    /// <summary>The panels <see cref="RelativeErrors"/> saves.</summary>
    public static Multiplot RelativeErrorsPlot(IReadOnlyList<ErrorPanel> panels)
    {
        var multi = new Multiplot();
        multi.AddPlots(Math.Max(1, panels.Count));
        multi.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (int i = 0; i < panels.Count; i++) ErrorHeatmap(multi.GetPlot(i), panels[i]);
        return multi;
    }

    static void ErrorHeatmap(Plot plt, ErrorPanel p)
    {
        int rows = Math.Max(1, p.Rows), cols = Math.Max(1, p.Columns);
        var cells = new double[rows, cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int k = r * cols + c;
                cells[r, c] = k < p.Values.Count ? p.Values[k] : double.NaN;
            }
        // A single row or column is drawn as two identical half cells (ScottPlot draws no map one cell wide).
        var drawn = new double[rows == 1 ? 2 : rows, cols == 1 ? 2 : cols];
        for (int r = 0; r < drawn.GetLength(0); r++)
            for (int c = 0; c < drawn.GetLength(1); c++) drawn[r, c] = cells[Math.Min(r, rows - 1), Math.Min(c, cols - 1)];
        var hm = plt.Add.Heatmap(drawn);
        hm.Colormap = new ScottPlot.Colormaps.Turbo();
        // Row 0 at the top, as the matrix is written (a heat map's first row is drawn at the top of its extent): row r is centred at y = rows − 1 − r.
        hm.Rectangle = new CoordinateRect(-0.5, cols - 0.5, -0.5, rows - 0.5); // the edges (Extent would be the cell centres)
        hm.NaNCellColor = Colors.White;
        hm.ManualRange = new ScottPlot.Range(0, 1);
        var bar = plt.Add.ColorBar(hm);
        bar.Label = "|g − g̃| / (|g| + |g̃|)";
        if (rows * cols <= 100)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    double v = cells[r, c];
                    var t = plt.Add.Text(double.IsNaN(v) ? "–" : v < 1e-4 ? "0" : v.ToString("0.00", Invariant), c, rows - 1 - r);
                    t.Alignment = Alignment.MiddleCenter;
                    t.LabelFontSize = 13;
                    t.LabelFontColor = v is > 0.25 and < 0.75 || double.IsNaN(v) ? Colors.Black : Colors.White;
                }
        plt.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        int step = Math.Max(1, rows / 12);
        var ticks = Enumerable.Range(0, rows).Where(r => r % step == 0).ToArray();
        plt.Axes.Left.SetTicks(ticks.Select(r => (double)(rows - 1 - r)).ToArray(), ticks.Select(r => r.ToString(Invariant)).ToArray());
        plt.Title(p.Title);
        plt.XLabel(p.Caption is null ? "column" : "column\n" + Wrap(p.Caption, 60));
        plt.YLabel("row (unit)");
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
