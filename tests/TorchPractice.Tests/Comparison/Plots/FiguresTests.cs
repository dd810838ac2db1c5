using ScottPlot;
using TorchPractice.Comparison.Plots;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Comparison.Plots;

/// <summary>What the report's pictures must show: labelled ticks on both axes, a log-like λ axis with 0, points off the frame.</summary>
public sealed class FiguresTests
{
    static RunResult Run(string impl, params (int It, double Cost)[] costs) =>
        new(impl, 0.9, 0.9, costs[^1].Cost, 1, costs[^1].It + 1, costs[^1].It + 1, costs.Select(c => new CostPoint(c.It, c.Cost)).ToArray());

    static PairResult Pair(string label, params (int, double)[] costs) => new(label, Run("scratch", costs), Run("autograd", costs), [], 0, null, null);

    /// <summary>Major ticks with a label, inside the axis's visible range, after rendering.</summary>
    static string[] LabelledTicks(Plot plt, IAxis axis)
    {
        var limits = plt.Axes.GetLimits();
        var (lo, hi) = axis == plt.Axes.Left ? (limits.Bottom, limits.Top) : (limits.Left, limits.Right);
        return axis.TickGenerator.Ticks.Where(t => t.IsMajor && !string.IsNullOrWhiteSpace(t.Label) && t.Position >= lo && t.Position <= hi)
            .Select(t => t.Label).ToArray();
    }

    static void AssertBothAxesLabelled(Plot plt, int width = 900, int height = 560)
    {
        plt.RenderInMemory(width, height);
        Assert.True(LabelledTicks(plt, plt.Axes.Left).Length >= 2, "left axis: fewer than 2 labelled ticks");
        Assert.True(LabelledTicks(plt, plt.Axes.Bottom).Length >= 2, "bottom axis: fewer than 2 labelled ticks");
    }

    [Fact]
    public void Cost_curves_spanning_less_than_a_decade_have_labelled_cost_ticks()
    {
        // The regularization study's costs: 0.70 down to 0.25, less than one decade on the log axis.
        using var plt = Figures.CostCurvesPlot("t", [Pair("none", (0, 0.70), (1000, 0.31), (2000, 0.25)), Pair("L2", (0, 0.72), (1000, 0.33), (2000, 0.32))], false);
        AssertBothAxesLabelled(plt);
    }

    [Theory]
    [InlineData(0.3, 0.31)]  // a twentieth of a decade
    [InlineData(0.1, 0.99)]  // almost one
    [InlineData(1e-3, 2000)] // many
    public void Log_ticks_label_any_span(double lo, double hi)
    {
        var ticks = Figures.LogTicks(Math.Log10(lo), Math.Log10(hi));
        Assert.True(ticks.Count >= 2, $"{ticks.Count} ticks");
        Assert.True(ticks.Count <= 12, $"{ticks.Count} ticks");
        Assert.All(ticks, t => Assert.InRange(t.Position, Math.Log10(lo), Math.Log10(hi)));
        Assert.All(ticks, t => Assert.Equal(Math.Pow(10, t.Position), double.Parse(t.Label, System.Globalization.CultureInfo.InvariantCulture), 1e-9 * Math.Pow(10, t.Position)));
    }

    [Fact]
    public void Gradient_norms_have_labelled_ticks_also_when_all_are_zero()
    {
        GradientNormPoint[] zeros = [.. Enumerable.Range(0, 5).Select(i => new GradientNormPoint(i, [0.0, 0.0, 0.0]))];
        using (var plt = Figures.GradientNormsPlot("zeros", zeros)) AssertBothAxesLabelled(plt);
        GradientNormPoint[] wide = [.. Enumerable.Range(0, 5).Select(i => new GradientNormPoint(i, [1e-9 * (i + 1), 3.0, 1e6]))];
        using (var plt = Figures.GradientNormsPlot("wide", wide)) AssertBothAxesLabelled(plt);
    }

    /// <summary>The legend is drawn in a panel beside the data area, not inside it (where it covered lines and points).</summary>
    static void AssertLegendOffTheData(Plot plt, int width, int height)
    {
        plt.RenderInMemory(width, height);
        Assert.False(plt.Legend.IsVisible, "a legend inside the data area");
        Assert.Contains(plt.Axes.GetPanels(), p => p is ScottPlot.Panels.LegendPanel);
    }

    [Fact]
    public void Cost_curves_gradient_norms_and_boundaries_have_their_legend_beside_the_data()
    {
        using (var plt = Figures.CostCurvesPlot("t", [Pair("zeros", (0, 0.69), (1000, 0.69)), Pair("He", (0, 0.88), (1000, 0.2))], true))
            AssertLegendOffTheData(plt, 900, 560);
        GradientNormPoint[] norms = [.. Enumerable.Range(0, 5).Select(i => new GradientNormPoint(i, [1.0, 2.0, 3.0]))];
        using (var plt = Figures.GradientNormsPlot("n", norms)) AssertLegendOffTheData(plt, 900, 560);
        BuiltInDatasets.TryLoad("circles", 1, out var split);
        using var grid = BoundaryGrid.Around(split!.Train, 8, CPU);
        using (var plt = Figures.BoundaryPlot("b", grid, new double[8, 8], split.Train)) AssertLegendOffTheData(plt, 700, 620);
    }

    [Fact]
    public void Zero_gradient_norms_that_coincide_each_stay_visible_and_say_they_are_zero()
    {
        // Zeros initialization: every ‖dW_l‖ is exactly 0, so all three lines lie on the same 1e-12 floor.
        GradientNormPoint[] zeros = [.. Enumerable.Range(0, 5).Select(i => new GradientNormPoint(i, [0.0, 0.0, 0.0]))];
        using var plt = Figures.GradientNormsPlot("zeros", zeros);
        var lines = plt.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.Equal(3, lines.Length);
        // Drawn in the order dW1, dW2, dW3, each narrower than the one below it: every colour shows at its edges.
        Assert.True(lines[0].LineWidth > lines[1].LineWidth && lines[1].LineWidth > lines[2].LineWidth, string.Join(", ", lines.Select(l => l.LineWidth)));
        Assert.Equal(["‖dW1‖ = 0 at every iteration", "‖dW2‖ = 0 at every iteration", "‖dW3‖ = 0 at every iteration"], lines.Select(l => l.LegendText));
    }

    [Fact]
    public void Decision_boundary_has_labelled_ticks()
    {
        BuiltInDatasets.TryLoad("circles", 1, out var split);
        using var grid = BoundaryGrid.Around(split!.Train, 8, CPU);
        using var plt = Figures.BoundaryPlot("b", grid, new double[8, 8], split.Train);
        AssertBothAxesLabelled(plt, 700, 620);
    }

    /// <summary>Depth-study records spanning what a deep net shows: exact zeros, 1e-9 to 1e80, a divergence after iteration 0.</summary>
    static DepthGradients[] DepthRows(int layers, int iterations) =>
    [
        new("relu", "zeros", layers, [.. Enumerable.Range(0, iterations).Select(i => new GradientNormPoint(i, new double[layers]))], new double[layers - 1], null),
        new("relu", "he", layers, [.. Enumerable.Range(0, iterations).Select(i => new GradientNormPoint(i, [.. Enumerable.Range(0, layers).Select(l => 0.1 * (l + 1) / (i + 1))]))],
            [.. Enumerable.Range(0, layers - 1).Select(l => 0.6)], null),
        new("relu", "xavier", layers, [.. Enumerable.Range(0, iterations).Select(i => new GradientNormPoint(i, [.. Enumerable.Range(0, layers).Select(l => 1e-9 * (l + 1))]))],
            [.. Enumerable.Range(0, layers - 1).Select(l => Math.Pow(0.7, l))], null),
        new("relu", "random ×10", layers, [new GradientNormPoint(0, [.. Enumerable.Range(0, layers).Select(l => 1e80)]), new GradientNormPoint(1, [.. Enumerable.Range(0, layers).Select(l => double.NaN)])],
            [.. Enumerable.Range(0, layers - 1).Select(l => Math.Pow(40, l))], 1),
    ];

    [Fact]
    public void Depth_layer_panels_have_labelled_ticks_share_the_gradient_range_and_name_every_init()
    {
        var rows = DepthRows(50, 4);
        var multi = Figures.DepthLayersPlot("relu, L = 50, circles", rows, 4);
        for (int panel = 0; panel < 3; panel++)
        {
            var plt = multi.GetPlot(panel);
            AssertBothAxesLabelled(plt, 600, 680);
            Assert.False(string.IsNullOrWhiteSpace(plt.Axes.Bottom.Label.Text));
            Assert.False(string.IsNullOrWhiteSpace(plt.Axes.Left.Label.Text));
            // Every init is in the legend, also one with nothing finite to draw (marked so).
            var legend = plt.GetPlottables().Select(p => p.LegendItems.FirstOrDefault()?.LabelText).Where(t => t is not null).ToArray();
            Assert.All(rows, r => Assert.Contains(legend, t => t!.StartsWith(r.Init, StringComparison.Ordinal)));
        }
        Assert.Contains(multi.GetPlot(1).GetPlottables().SelectMany(p => p.LegendItems), i => i.LabelText == "random ×10 (diverged at it. 1)");
        var (a, b) = (multi.GetPlot(0).Axes.GetLimits(), multi.GetPlot(1).Axes.GetLimits());
        Assert.Equal((a.Bottom, a.Top), (b.Bottom, b.Top));
        Assert.True(a.Top >= 80 && a.Bottom <= -12, $"gradient range {a.Bottom}…{a.Top}: 1e80 and the zeros' 1e-12 floor must show");
    }

    [Fact]
    public void Depth_heat_map_has_labelled_iteration_and_layer_ticks_and_a_labelled_colour_bar()
    {
        var he = DepthRows(20, 30)[1];
        using var plt = Figures.DepthHeatmapPlot("relu, he, L = 20", he);
        AssertBothAxesLabelled(plt);
        Assert.Equal("iteration", plt.Axes.Bottom.Label.Text);
        Assert.Equal("layer l (1 = input side)", plt.Axes.Left.Label.Text);
        var bar = Assert.Single(plt.Axes.GetPanels().OfType<ScottPlot.Panels.ColorBar>());
        Assert.StartsWith("log10 ‖dW_l‖", bar.Label);
        var limits = plt.Axes.GetLimits();
        Assert.Equal((-0.5, 29.5, 0.5, 20.5), (limits.Left, limits.Right, limits.Bottom, limits.Top));
    }

    [Fact]
    public void Depth_heat_maps_show_the_exploding_extreme_the_recommended_init_and_the_vanishing_extreme()
    {
        var rows = DepthRows(50, 4);
        Assert.Equal(["random ×10", "he", "xavier"], DepthStudy.HeatmapCases(rows).Select(r => r.Init));
        var multi = Figures.DepthHeatmapsPlot([.. DepthStudy.HeatmapCases(rows).Select(r => (r.Init, r))]);
        for (int panel = 0; panel < 3; panel++) AssertBothAxesLabelled(multi.GetPlot(panel), 620, 560);
    }

    static SweepPoint Point(double lambd, double keep, double train, double test) =>
        new(lambd, keep, new RunResult("scratch (batched)", train, test, 0.3, 1, 10, 10, []), test, 0.3,
            BiasVariance.FromAccuracies(train, test));

    [Fact]
    public void Sweeps_have_a_log_like_lambda_axis_with_zero_and_no_point_on_the_frame()
    {
        // Accuracies of 100 % and λ from 0 to 10: the points at the ends must not sit on the frame.
        var lambdas = new[] { 0, 0.1, 0.3, 0.7, 1.5, 3, 10 }.Select((l, i) => Point(l, 1, 1.0 - 0.01 * i, 0.9 + 0.01 * i)).ToList();
        var keeps = new[] { 1, 0.86, 0.5 }.Select(k => Point(0, k, k, 1.0)).ToList();
        var multi = Figures.SweepsPlot(lambdas, keeps, 10, 0);
        for (int panel = 0; panel < 2; panel++)
        {
            var plt = multi.GetPlot(panel);
            AssertBothAxesLabelled(plt, 600, 520);
            var limits = plt.Axes.GetLimits();
            foreach (var scatter in plt.GetPlottables<ScottPlot.Plottables.Scatter>())
                foreach (var c in scatter.Data.GetScatterPoints())
                {
                    Assert.InRange(c.X, limits.Left + 1e-6 * limits.HorizontalSpan, limits.Right - 1e-6 * limits.HorizontalSpan);
                    Assert.InRange(c.Y, limits.Bottom + 1e-6 * limits.VerticalSpan, limits.Top - 1e-6 * limits.VerticalSpan);
                }
        }
        var lambdaAxis = multi.GetPlot(0).Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).ToArray();
        Assert.Equal(["0", "0.1", "0.3", "0.7", "1.5", "3", "10"], lambdaAxis.Select(t => t.Label));
        // λ = 0 sits at 0, the axis rises with λ, and well above the smallest λ it is logarithmic: a step is log10 of
        // the ratio (3→10 is 0.52, 1.5→3 is 0.30, where a linear axis would make the first 4.7× the second).
        var at = lambdaAxis.ToDictionary(t => t.Label, t => t.Position);
        Assert.Equal(0.0, at["0"]);
        Assert.Equal(lambdaAxis.Select(t => t.Position).Order(), lambdaAxis.Select(t => t.Position));
        Assert.Equal(Math.Log10(10 / 3.0), at["10"] - at["3"], 0.05);
        Assert.Equal(Math.Log10(2), at["3"] - at["1.5"], 0.05);
    }

    [Theory]
    [InlineData("L2 λ=0.7", "l2-0.7")]
    [InlineData("dropout keep=0.86", "dropout-keep-0.86")]
    [InlineData("random ×10", "random-10")]
    [InlineData("none", "none")]
    public void Figure_file_names_are_clean(string name, string slug) => Assert.Equal(slug, InitStudy.Slug(name));
}
