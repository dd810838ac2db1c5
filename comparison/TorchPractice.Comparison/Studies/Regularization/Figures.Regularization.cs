using ScottPlot;
using TorchPractice.Comparison.Studies;

namespace TorchPractice.Comparison.Plots;

/// <summary>The regularization study's pictures (see the other part of <see cref="Figures"/>).</summary>
public static partial class Figures
{
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

    /// <summary>The two panels <c>Sweeps</c> draws.</summary>
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
}
