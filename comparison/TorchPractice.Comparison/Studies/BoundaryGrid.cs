using TorchPractice.Data;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>A square grid of points covering the training data (plus a margin), as X (2, n·n), x fastest.</summary>
public sealed class BoundaryGrid : IDisposable
{
    BoundaryGrid(double xMin, double xMax, double yMin, double yMax, int n, Tensor points)
    {
        (XMin, XMax, YMin, YMax, N, Points) = (xMin, xMax, yMin, yMax, n, points);
    }

    /// <summary>The grid's left edge.</summary>
    public double XMin { get; }
    /// <summary>Its right edge.</summary>
    public double XMax { get; }
    /// <summary>Its bottom edge.</summary>
    public double YMin { get; }
    /// <summary>Its top edge.</summary>
    public double YMax { get; }
    /// <summary>Points per side.</summary>
    public int N { get; }
    /// <summary>The points, X (2, n·n), x fastest.</summary>
    public Tensor Points { get; }

    /// <summary>The n × n grid around <paramref name="d"/>'s two features, with a 10 % margin.</summary>
    public static BoundaryGrid Around(Dataset d, int n, Device device)
    {
        double x0 = double.MaxValue, x1 = double.MinValue, y0 = double.MaxValue, y1 = double.MinValue;
        for (int i = 0; i < d.Count; i++)
        {
            x0 = Math.Min(x0, d.Features[i, 0]); x1 = Math.Max(x1, d.Features[i, 0]);
            y0 = Math.Min(y0, d.Features[i, 1]); y1 = Math.Max(y1, d.Features[i, 1]);
        }
        double mx = 0.1 * (x1 - x0) + 1e-9, my = 0.1 * (y1 - y0) + 1e-9;
        (x0, x1, y0, y1) = (x0 - mx, x1 + mx, y0 - my, y1 + my);
        using var scope = NewDisposeScope();
        var xs = linspace(x0, x1, n, float64, device);
        var ys = linspace(y0, y1, n, float64, device);
        var mesh = meshgrid([ys, xs], indexing: "ij");               // [row = y, col = x]
        var points = stack([mesh[1].reshape(-1), mesh[0].reshape(-1)]).MoveToOuterDisposeScope();
        return new BoundaryGrid(x0, x1, y0, y1, n, points);
    }

    /// <summary>The model's class (0 or 1) at every grid point, [row = y index, column = x index].</summary>
    public double[,] Predict(IClassifier model)
    {
        using var scope = NewDisposeScope();
        var flat = model.Predict(Points).cpu().to(float64).contiguous().data<double>().ToArray();
        var grid = new double[N, N];
        Buffer.BlockCopy(flat, 0, grid, 0, flat.Length * sizeof(double));
        return grid;
    }

    /// <summary>Frees the points.</summary>
    public void Dispose() => Points.Dispose();
}
