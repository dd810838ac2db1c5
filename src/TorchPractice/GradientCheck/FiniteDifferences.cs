using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The numeric side shared by every check: central differences (J(θ+ε) − J(θ−ε)) / 2ε, and the kink test on the
/// one-sided differences. A coordinate whose one-sided slopes disagree beyond rounding is a suspect; the suspect is
/// decided with J(θ ± ε/8): a kink (non-differentiable within ε) when each one-sided slope is the same at both steps and
/// the two differ (a real jump of slope: a smooth J's disagreement is ε·J'' and shrinks eightfold, rounding's grows
/// eightfold); a discontinuity when J itself jumps by the same amount at both steps, far beyond rounding (the one-sided
/// slopes grow as 1/ε); otherwise smooth (the comparison decides). Rounding is estimated from the values and from the
/// size of the terms the perturbed coordinate enters (|x|·|slope|): an output formed by cancellation carries the
/// rounding error of its terms, not of itself.
/// </summary>
static class FiniteDifferences
{
    const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>float64's machine epsilon, the default unit of the rounding estimates.</summary>
    public const double Float64Unit = MachineEpsilon;

    /// <summary>The second step of the kink test is ε / this.</summary>
    public const double KinkStepRatio = 8;

    /// <summary>What the one-sided differences at a suspect coordinate say.</summary>
    public enum Shape
    {
        /// <summary>Differentiable within rounding (a disagreement that shrinks with the step, or rounding).</summary>
        Smooth,
        /// <summary>A change of slope that stays the same at ε and ε/8: non-differentiable, left out of the verdict.</summary>
        Kink,
        /// <summary>A jump in value (the same step in J at ε and ε/8): a failure, never a kink.</summary>
        Jump,
    }

    /// <summary>
    /// A generous bound on the rounding error of a difference quotient over step ε of values of these magnitudes
    /// (64 units in the last place of each: sums over many samples round more than one operation); <paramref name="unit"/>
    /// is the dtype's machine epsilon (float64's by default).
    /// </summary>
    public static double Noise(double eps, double magnitudes, double unit = MachineEpsilon) => 64 * unit * magnitudes / eps;

    /// <summary>The magnitudes whose rounding a difference quotient at x carries: the values and the terms x enters (|x|·|slope|).</summary>
    static double Magnitudes(double plus, double zero, double minus, double eps, double x) =>
        Math.Abs(plus) + Math.Abs(zero) + Math.Abs(minus) + 3 * Math.Abs(x) * Math.Abs((plus - minus) / (2 * eps));

    /// <summary>
    /// The one-sided slopes disagree beyond rounding (NaN: never a suspect; its central difference fails the check);
    /// <paramref name="x"/> is the perturbed coordinate's value (0 when unknown, e.g. a direction).
    /// </summary>
    public static bool Suspect(double plus, double zero, double minus, double eps, double x = 0, double unit = MachineEpsilon)
    {
        double r = (plus - zero) / eps, l = (zero - minus) / eps;
        return Math.Abs(r - l) > Noise(eps, Magnitudes(plus, zero, minus, eps, x), unit);
    }

    /// <summary>Decides a suspect with J(θ ± ε/8) (see the class): kink, jump in value, or smooth.</summary>
    public static Shape Classify(double plus, double zero, double minus, double eps, double plus2, double minus2, double x = 0, double unit = MachineEpsilon)
    {
        double eps2 = eps / KinkStepRatio;
        double r1 = (plus - zero) / eps, l1 = (zero - minus) / eps, r2 = (plus2 - zero) / eps2, l2 = (zero - minus2) / eps2;
        double gap1 = Math.Abs(r1 - l1), gap2 = Math.Abs(r2 - l2);
        double noise2 = Noise(eps2, Magnitudes(plus2, zero, minus2, eps2, x), unit);
        if (!(gap2 > noise2)) return Shape.Smooth;
        // A kink: each side's slope is the same at both steps, and the two sides differ by more than that.
        if (Math.Abs(r1 - r2) <= 0.25 * gap1 && Math.Abs(l1 - l2) <= 0.25 * gap1 && gap2 > 0.5 * gap1) return Shape.Kink;
        // A jump: J steps by the same amount within ε/8 and within ε, far beyond what rounding of these values can do.
        double jump1 = gap1 * eps, jump2 = gap2 * eps2;
        double scale = Math.Max(Math.Max(Math.Abs(plus), Math.Abs(zero)), Math.Abs(minus)) + Math.Abs(x) * Math.Abs(l1);
        if (Math.Abs(jump1 - jump2) <= 0.25 * jump1 && jump2 > 1e6 * unit * scale && gap2 > 4 * gap1) return Shape.Jump;
        return Shape.Smooth;
    }

    /// <summary>
    /// The entries of <paramref name="support"/> (coordinates of a direction) at a kink of φ(s) = F(x + s·u restricted
    /// to a subset), found by halving the support: a subset whose one-sided slopes show a kink is split until single
    /// entries remain (a kink that needs several entries together keeps them together). <paramref name="phi"/> takes the
    /// subset and the step; <paramref name="zero"/> is φ(0).
    /// </summary>
    public static List<(int Index, double Left, double Right)> LocateKinks(IReadOnlyList<int> support, Func<IReadOnlyList<int>, double, double> phi,
        double zero, double eps, double unit = MachineEpsilon)
    {
        var found = new List<(int Index, double Left, double Right)>();
        double eps2 = eps / KinkStepRatio;
        void Search(IReadOnlyList<int> s)
        {
            if (s.Count == 0) return;
            double p = phi(s, eps), m = phi(s, -eps);
            if (!Suspect(p, zero, m, eps, 0, unit)) return;
            if (Classify(p, zero, m, eps, phi(s, eps2), phi(s, -eps2), 0, unit) != Shape.Kink) return;
            if (s.Count == 1) { found.Add((s[0], (zero - m) / eps, (p - zero) / eps)); return; }
            int before = found.Count, half = s.Count / 2;
            Search(s.Take(half).ToArray());
            Search(s.Skip(half).ToArray());
            if (found.Count == before) found.AddRange(s.Select(i => (i, (zero - m) / eps, (p - zero) / eps)));
        }
        Search(support);
        return found;
    }

    /// <summary>One coordinate's J(θ ± ε) request: J with <paramref name="Coordinate"/> set to <paramref name="Value"/>.</summary>
    public readonly record struct Request(int Coordinate, double Value);

    /// <summary>Numeric gradient of a scalar J over the given coordinates, with the kinks and the jumps in value found among them.</summary>
    public sealed record ScalarResult(double[] Central, IReadOnlyList<NonDifferentiableEntry> Kinks, IReadOnlySet<int> KinkCoordinates,
        IReadOnlyList<NonDifferentiableEntry> Jumps);

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
            if (Suspect(plus, j0, minus, eps, layout.Values[coords[j]])) suspects.Add(j);
        }
        var kinks = new List<NonDifferentiableEntry>();
        var kinkSet = new HashSet<int>();
        var jumps = new List<NonDifferentiableEntry>();
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
                var shape = Classify(plus, j0, minus, eps, plus2, minus2, layout.Values[i]);
                var e = layout.Entries[i];
                if (shape == Shape.Jump) jumps.Add(new NonDifferentiableEntry(e.Name, e.Index, e.Row, e.Column, (j0 - minus) / eps, (plus - j0) / eps));
                if (shape != Shape.Kink) continue;
                kinks.Add(new NonDifferentiableEntry(e.Name, e.Index, e.Row, e.Column, (j0 - minus) / eps, (plus - j0) / eps));
                kinkSet.Add(i);
            }
        }
        return new ScalarResult(central, kinks, kinkSet, jumps);
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
