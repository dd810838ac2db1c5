using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The built-in model's <see cref="DiagnosisContext"/>: m, keep_prob and λ, and, from one forward pass at θ (with the
/// frozen masks), the units of each hidden layer whose pre-activation is exactly 0 on some sample (ReLU's kink), whose
/// ReLU is off (Z ≤ 0) on some sample, or which dropout drops on some sample — their rows of W_l and b_l as special entries.
/// </summary>
internal static class ModelDiagnosisContext
{
    public static DiagnosisContext Create(ModelOptions o, ParameterSet theta, Tensor x, Tensor y, IReadOnlyList<Tensor>? masks)
    {
        int m = (int)y.shape[1];
        var special = new List<EntryMask>();
        double[] a = Values(x);
        int rowsPrev = (int)x.shape[0];
        for (int l = 1; l < o.LayerCount; l++)
        {
            var w = Values(theta[ParameterSet.W(l)]);
            var b = Values(theta[ParameterSet.B(l)]);
            int units = b.Length;
            var z = new double[units * m];
            for (int i = 0; i < units; i++)
                for (int j = 0; j < m; j++)
                {
                    double s = b[i];
                    for (int k = 0; k < rowsPrev; k++) s += w[i * rowsPrev + k] * a[k * m + j];
                    z[i * m + j] = s;
                }
            double[]? d = masks is null ? null : Values(masks[l - 1]);
            bool[] Units(Func<int, bool> at) => Enumerable.Range(0, units).Select(i => Enumerable.Range(0, m).Any(j => at(i * m + j))).ToArray();
            if (o.Activation is Activation.Relu or Activation.LeakyRelu)
            {
                string name = o.Activation == Activation.Relu ? "ReLU" : "leaky ReLU";
                // Exact zeros are rare, so a mask holding every unit still tells something (not so "off on some sample").
                Add(special, l, rowsPrev, Units(k => z[k] == 0), $"the unit's pre-activation Z{l} is exactly 0 on some sample ({name}'s kink)", evenAll: true);
                Add(special, l, rowsPrev, Units(k => z[k] <= 0), o.Activation == Activation.Relu
                    ? $"the unit's ReLU is off (Z{l} ≤ 0) on some sample, where its derivative is 0"
                    : $"Z{l} ≤ 0 on some sample, where the leaky ReLU's slope is {ModelOptions.LeakyReluSlope}");
            }
            if (d is not null) Add(special, l, rowsPrev, Units(k => d[k] == 0), $"dropout drops the unit (D{l} = 0) on some sample");
            var next = new double[units * m];
            for (int k = 0; k < next.Length; k++)
            {
                double v = o.Activation switch
                {
                    Activation.Relu => Math.Max(z[k], 0),
                    Activation.LeakyRelu => z[k] > 0 ? z[k] : ModelOptions.LeakyReluSlope * z[k],
                    Activation.Tanh => Math.Tanh(z[k]),
                    _ => 1 / (1 + Math.Exp(-z[k])),
                };
                next[k] = d is null ? v : v * d[k] / o.KeepProb;
            }
            a = next;
            rowsPrev = units;
        }
        return new DiagnosisContext
        {
            SampleCount = m,
            KeepProb = o.UsesDropout ? o.KeepProb : null,
            Lambd = o.Lambd > 0 ? o.Lambd : null,
            SpecialEntries = special,
        };
    }

    /// <summary>Rows <paramref name="units"/> of W_l (and entries of b_l) as special, when some but not all units are (or all, <paramref name="evenAll"/>).</summary>
    static void Add(List<EntryMask> special, int l, int inputs, bool[] units, string description, bool evenAll = false)
    {
        if (!units.Any(u => u) || (units.All(u => u) && !evenAll)) return;
        special.Add(new EntryMask(ParameterSet.W(l), units.SelectMany(u => Enumerable.Repeat(u, inputs)).ToArray(), description));
        special.Add(new EntryMask(ParameterSet.B(l), units, description));
    }

    static double[] Values(Tensor t)
    {
        using var c = t.detach().to(float64).cpu().contiguous();
        return c.data<double>().ToArray();
    }
}
