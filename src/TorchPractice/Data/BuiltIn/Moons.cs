using TorchPractice.Random;

namespace TorchPractice.Data.BuiltIn;

/// <summary>
/// Two interleaving half circles: a port of scikit-learn 1.2's <c>make_moons</c>, drawing from a caller-seeded
/// NumPy stream so that it reproduces the course's week 2 (optimization) data exactly:
/// <c>np.random.seed(3); make_moons(n_samples=300, noise=.2)</c>. The course has no test set; ours is the next
/// seed's draw of 100 samples, as the circles' test set is. Cosines and sines come from the C library, as in NumPy
/// without AVX-512 (see <see cref="Circles"/>).
/// </summary>
public static class Moons
{
    /// <summary>The name that selects this dataset ("moons").</summary>
    public const string Name = "moons";
    /// <summary>The course's seed: np.random.seed(3) before make_moons.</summary>
    public const int CourseSeed = 3;
    /// <summary>The course's training-set size.</summary>
    public const int CourseTrainSize = 300;
    /// <summary>Our test-set size (the course has none).</summary>
    public const int TestSize = 100;
    /// <summary>The course's noise: make_moons(noise=.2).</summary>
    public const double CourseNoise = 0.2;

    /// <summary>
    /// Train = seed s with 300 samples, test = seed s + 1 with 100 samples, both noise 0.2. Seed 3
    /// (<see cref="CourseSeed"/>) gives the course's training set.
    /// </summary>
    public static DataSplit Load(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue - 1L) throw new ArgumentOutOfRangeException(nameof(seed), seed, "moons: the seed must be from 0 to 2**32-2: its test set takes seed + 1 (NumPy seeds are 0..2**32-1)");
        return new DataSplit(Make(CourseTrainSize, CourseNoise, new NumPyRandomState(seed)), Make(TestSize, CourseNoise, new NumPyRandomState(seed + 1L)));
    }

    /// <summary>
    /// <c>make_moons(n_samples, shuffle=shuffle, noise=noise, random_state=random)</c>; noise null is sklearn's
    /// noise=None. Label 0: the upper half circle (n/2 points); label 1: the lower one, shifted by (1, −0.5).
    /// </summary>
    public static Dataset Make(int nSamples, double? noise, NumPyRandomState random, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (nSamples < 2) throw new ArgumentOutOfRangeException(nameof(nSamples), nSamples, "moons: need at least two samples");
        if (noise is double n && !(n >= 0)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "moons: noise must be >= 0");

        int nOut = nSamples / 2, nIn = nSamples - nOut;
        var x = new double[nSamples, 2];
        var y = new double[nSamples];
        var outer = Linspace(0, Math.PI, nOut);
        var inner = Linspace(0, Math.PI, nIn);
        for (int i = 0; i < nOut; i++)
        {
            x[i, 0] = Math.Cos(outer[i]);
            x[i, 1] = Math.Sin(outer[i]);
        }
        for (int i = 0; i < nIn; i++)
        {
            x[nOut + i, 0] = 1 - Math.Cos(inner[i]);
            x[nOut + i, 1] = 1 - Math.Sin(inner[i]) - 0.5; // NumPy's order: (1 − sin) − 0.5
            y[nOut + i] = 1;
        }

        if (shuffle)
        {
            // sklearn.utils.shuffle: permutation(n), rows taken in that order.
            var order = random.Permutation(nSamples);
            var (xs, ys) = (new double[nSamples, 2], new double[nSamples]);
            for (int i = 0; i < nSamples; i++) (xs[i, 0], xs[i, 1], ys[i]) = (x[order[i], 0], x[order[i], 1], y[order[i]]);
            (x, y) = (xs, ys);
        }

        if (noise is double scale)
            for (int i = 0; i < nSamples; i++)      // X += normal(scale=noise, size=X.shape), row-major
                for (int j = 0; j < 2; j++)
                    x[i, j] += random.Normal(0.0, scale);
        return new Dataset(Name, x, y, ["x1", "x2"]);
    }

    /// <summary>
    /// <c>np.linspace(start, stop, num)</c> (endpoint included) as NumPy computes it: i · step + start with
    /// step = (stop − start)/(num − 1), and the last value exactly stop.
    /// </summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var values = new double[num];
        if (num == 1) { values[0] = start; return values; }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) values[i] = i * step + start;
        values[^1] = stop;
        return values;
    }
}
