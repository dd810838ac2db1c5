using TorchPractice.Random;

namespace TorchPractice.Data.BuiltIn;

/// <summary>
/// Two noisy concentric circles: a port of scikit-learn 1.2's <c>make_circles</c>, drawing from a
/// caller-seeded NumPy stream so that it reproduces the course's Initialization notebook exactly:
/// <c>np.random.seed(1); make_circles(n_samples=300, noise=.05)</c> for training and
/// <c>np.random.seed(2); make_circles(n_samples=100, noise=.05)</c> for test.
/// Cosines and sines come from the C library (Math.Cos/Sin), as in NumPy without AVX-512: NumPy 1.22+
/// on an AVX-512 CPU uses SVML kernels that can differ in the last bit or two.
/// </summary>
public static class Circles
{
    /// <summary>The name that selects this dataset ("circles").</summary>
    public const string Name = "circles";
    /// <summary>The seed whose pair (train seed 1, test seed 2) is the course's data.</summary>
    public const int CourseSeed = 1;
    /// <summary>The course's training-set size (np.random.seed(1)).</summary>
    public const int CourseTrainSize = 300;
    /// <summary>The course's test-set size (np.random.seed(2)).</summary>
    public const int CourseTestSize = 100;
    /// <summary>The course's noise: make_circles(noise=.05).</summary>
    public const double CourseNoise = 0.05;

    /// <summary>
    /// The course's pair generalised to any seed: train = seed s with 300 samples, test = seed s + 1
    /// with 100 samples, both noise 0.05. Seed 1 is the course's data.
    /// </summary>
    public static DataSplit Load(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue - 1L) throw new ArgumentOutOfRangeException(nameof(seed), seed, "circles: the seed must be from 0 to 2**32-2: its test set takes seed + 1 (NumPy seeds are 0..2**32-1)");
        var train = Make(CourseTrainSize, CourseNoise, new NumPyRandomState(seed));
        var test = Make(CourseTestSize, CourseNoise, new NumPyRandomState(seed + 1L));
        return new DataSplit(train, test);
    }

    /// <summary>
    /// <c>make_circles(n_samples, shuffle=shuffle, noise=noise, factor=factor, random_state=random)</c>;
    /// noise null is sklearn's noise=None.
    /// Label 0: the outer circle (radius 1, n/2 points); label 1: the inner one (radius factor).
    /// </summary>
    public static Dataset Make(int nSamples, double? noise, NumPyRandomState random, double factor = 0.8, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (nSamples < 1) throw new ArgumentOutOfRangeException(nameof(nSamples), nSamples, "circles: need at least one sample");
        if (!(factor >= 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "circles: 'factor' has to be between 0 and 1");
        if (noise is double n && !(n >= 0)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "circles: noise must be >= 0");

        int nOut = nSamples / 2, nIn = nSamples - nOut;
        var x = new double[nSamples, 2];
        var y = new double[nSamples];
        // Points at equal angles; endpoint excluded so the first and last points differ.
        var outer = LinspaceNoEndpoint(0, 2 * Math.PI, nOut);
        var inner = LinspaceNoEndpoint(0, 2 * Math.PI, nIn);
        for (int i = 0; i < nOut; i++)
        {
            x[i, 0] = Math.Cos(outer[i]);
            x[i, 1] = Math.Sin(outer[i]);
            y[i] = 0;
        }
        for (int i = 0; i < nIn; i++)
        {
            x[nOut + i, 0] = Math.Cos(inner[i]) * factor;
            x[nOut + i, 1] = Math.Sin(inner[i]) * factor;
            y[nOut + i] = 1;
        }

        if (shuffle)
        {
            // sklearn.utils.shuffle = resample without replacement: shuffle arange(n) (= permutation(n)), take rows.
            var order = random.Permutation(nSamples);
            (x, y) = (TakeRows(x, order), order.Select(i => y[i]).ToArray());
        }

        if (noise is double scale)
        {
            // X += normal(scale=noise, size=X.shape): row-major, one value per coordinate.
            // (As in sklearn, noise 0 still draws; only "no noise" (null) skips the draws.)
            for (int i = 0; i < nSamples; i++)
                for (int j = 0; j < 2; j++)
                    x[i, j] += random.Normal(0.0, scale);
        }
        return new Dataset(Name, x, y, ["x1", "x2"]);
    }

    /// <summary>
    /// <c>np.linspace(start, stop, num, endpoint=False)</c> as NumPy computes it: i * step + start
    /// with step = (stop - start) / num (not start + i * (stop - start) / num, which rounds differently).
    /// </summary>
    public static double[] LinspaceNoEndpoint(double start, double stop, int num)
    {
        var values = new double[num];
        double step = (stop - start) / num;
        for (int i = 0; i < num; i++) values[i] = i * step + start;
        return values;
    }

    static double[,] TakeRows(double[,] source, int[] rows)
    {
        var result = new double[rows.Length, source.GetLength(1)];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < source.GetLength(1); j++)
                result[i, j] = source[rows[i], j];
        return result;
    }
}
