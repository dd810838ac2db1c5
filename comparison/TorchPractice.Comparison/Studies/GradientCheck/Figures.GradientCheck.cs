using ScottPlot;

namespace TorchPractice.Comparison.Plots;

/// <summary>The gradient-check pictures: heat maps of the relative error per entry (`gradcheck --plot`, the gradient-check study).</summary>
public static partial class Figures
{
    /// <summary>One panel of <c>RelativeErrors</c>: a tensor's relative error per entry, row-major, and a line under it (its diagnosis).</summary>
    /// <param name="Title">The panel's title, e.g. "W2 (scratch vs numeric)".</param>
    /// <param name="Rows">The tensor's rows (units).</param>
    /// <param name="Columns">The tensor's columns.</param>
    /// <param name="Values">|g − g̃| / (|g| + |g̃|) per entry, row-major; NaN where not compared (blank).</param>
    /// <param name="Caption">Shown under the map (e.g. the diagnosis), or null.</param>
    public sealed record ErrorPanel(string Title, int Rows, int Columns, IReadOnlyList<double> Values, string? Caption)
    {
        /// <summary>The panel of one tensor of a slow check: its relative errors between two of the result's gradients, its diagnosis as the caption.</summary>
        public static ErrorPanel Of(TorchPractice.GradientCheck.GradCheckResult report, TorchPractice.GradientCheck.TensorDifference tensor, string title,
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

    /// <summary>The panels <c>RelativeErrors</c> saves.</summary>
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
}
