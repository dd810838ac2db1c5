using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The numeric side shared by every check: central differences (J(θ+ε) − J(θ−ε)) / 2ε, and the kink test on the
/// one-sided differences. A coordinate whose one-sided slopes disagree beyond rounding is a suspect; it is a kink
/// (non-differentiable within ε) when the disagreement also survives at ε/8 — a smooth J's disagreement is
/// ε·J'' and shrinks eightfold, a kink's stays.
/// </summary>
static class FiniteDifferences
{
    const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The second step of the kink test is ε / this.</summary>
    public const double KinkStepRatio = 8;

    /// <summary>
    /// A generous bound on the rounding error of a difference quotient over step ε of values of these magnitudes
    /// (64 ulps of each: sums over many samples round more than one operation).
    /// </summary>
    public static double Noise(double eps, double magnitudes) => 64 * MachineEpsilon * magnitudes / eps;

    /// <summary>The one-sided slopes disagree beyond rounding (NaN: never a suspect; its central difference fails the check).</summary>
    public static bool Suspect(double plus, double zero, double minus, double eps, double magnitudes)
    {
        double r = (plus - zero) / eps, l = (zero - minus) / eps;
        return Math.Abs(r - l) > Noise(eps, magnitudes);
    }

    /// <summary>Decides a suspect with J(θ ± ε/8): a kink when the one-sided slopes still disagree by at least half as much.</summary>
    public static bool Kink(double plus, double zero, double minus, double eps, double plus2, double minus2, double magnitudes2)
    {
        double eps2 = eps / KinkStepRatio;
        double gap = Math.Abs((plus - zero) / eps - (zero - minus) / eps);
        double gap2 = Math.Abs((plus2 - zero) / eps2 - (zero - minus2) / eps2);
        return gap2 > Noise(eps2, magnitudes2) && gap2 > 0.5 * gap;
    }

    /// <summary>One coordinate's J(θ ± ε) request: J with <paramref name="Coordinate"/> set to <paramref name="Value"/>.</summary>
    public readonly record struct Request(int Coordinate, double Value);

    /// <summary>Numeric gradient of a scalar J over the given coordinates, with the kinks found among them.</summary>
    public sealed record ScalarResult(double[] Central, IReadOnlyList<NonDifferentiableEntry> Kinks, IReadOnlySet<int> KinkCoordinates);

    /// <summary>
    /// Central differences of J for <paramref name="coords"/> of <paramref name="layout"/> (other entries NaN) and the
    /// kink test on each. <paramref name="evaluate"/> returns J for each request (one coordinate changed, the rest at θ);
    /// <paramref name="j0"/> is J(θ).
    /// </summary>
    public static ScalarResult Scalar(ParameterVector layout, IReadOnlyList<int> coords, double eps, double j0,
        Func<IReadOnlyList<Request>, double[]> evaluate)
    {
        int k = coords.Count;
        var central = new double[layout.Count];
        Array.Fill(central, double.NaN);
        var requests = new Request[2 * k];
        for (int j = 0; j < k; j++)
        {
            requests[j] = new(coords[j], layout.Values[coords[j]] + eps);
            requests[k + j] = new(coords[j], layout.Values[coords[j]] - eps);
        }
        var costs = evaluate(requests);
        var suspects = new List<int>();
        for (int j = 0; j < k; j++)
        {
            double plus = costs[j], minus = costs[k + j];
            central[coords[j]] = (plus - minus) / (2 * eps);
            if (Suspect(plus, j0, minus, eps, Math.Abs(plus) + Math.Abs(j0) + Math.Abs(minus))) suspects.Add(j);
        }
        var kinks = new List<NonDifferentiableEntry>();
        var kinkSet = new HashSet<int>();
        if (suspects.Count > 0)
        {
            double eps2 = eps / KinkStepRatio;
            var second = suspects.Select(j => new Request(coords[j], layout.Values[coords[j]] + eps2))
                .Concat(suspects.Select(j => new Request(coords[j], layout.Values[coords[j]] - eps2))).ToArray();
            var costs2 = evaluate(second);
            for (int s = 0; s < suspects.Count; s++)
            {
                int j = suspects[s], i = coords[j];
                double plus = costs[j], minus = costs[k + j], plus2 = costs2[s], minus2 = costs2[suspects.Count + s];
                if (!Kink(plus, j0, minus, eps, plus2, minus2, Math.Abs(plus2) + Math.Abs(j0) + Math.Abs(minus2))) continue;
                var e = layout.Entries[i];
                kinks.Add(new NonDifferentiableEntry(e.Name, e.Index, e.Row, e.Column, (j0 - minus) / eps, (plus - j0) / eps));
                kinkSet.Add(i);
            }
        }
        return new ScalarResult(central, kinks, kinkSet);
    }

    /// <summary>n standard normal numbers (Box–Muller on System.Random: the same on every machine for a seed).</summary>
    public static double[] Normal(System.Random rng, long n)
    {
        var a = new double[n];
        for (long i = 0; i < n; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            a[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < n) a[i + 1] = r * Math.Sin(2 * Math.PI * u2);
        }
        return a;
    }

    /// <summary>Values as a float64 array (row-major), whatever the tensor's dtype and device.</summary>
    public static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to(float64).contiguous().data<double>().ToArray();
    }
}
