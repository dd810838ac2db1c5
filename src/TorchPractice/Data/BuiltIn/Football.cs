using TorchPractice.Random;

namespace TorchPractice.Data.BuiltIn;

/// <summary>
/// A synthetic stand-in for the course's regularization dataset ("where should the goalkeeper kick the
/// ball"): positions on the field, label 1 where our team's player headed the ball, 0 where the other
/// team did. Same scale and sizes as the course's data.mat (211 train / 200 test, x1 in [-0.6, 0.3],
/// x2 in [-0.7, 0.6]). The two sides meet along a wavy line, and labels near it are often flipped, so an
/// unregularised [2, 20, 3, 1] network fits noise: with the default seed it reaches about 93 % on the
/// training set but only 89 % on the test set (NumPy check, lr 0.3, 30 000 iterations), as in the course.
/// </summary>
public static class Football
{
    /// <summary>The name that selects this dataset ("football").</summary>
    public const string Name = "football";
    /// <summary>Training samples (as the course's goalkeeper data).</summary>
    public const int TrainSize = 211;
    /// <summary>Test samples (as the course's goalkeeper data).</summary>
    public const int TestSize = 200;

    const double X1Min = -0.6, X1Max = 0.3;
    const double X2Min = -0.7, X2Max = 0.6;
    const double FlipNearLine = 0.45; // flip probability on the line itself...
    const double FlipWidth = 0.06;    // ...fading out over this distance
    const double FlipAnywhere = 0.02; // plus stray mislabels across the field

    /// <summary>Train then test, both drawn from one NumPy stream seeded with the seed.</summary>
    public static DataSplit Load(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(seed), seed, "football: the seed must be from 0 to 2**32-1 (NumPy seeds are 0..2**32-1)");
        var random = new NumPyRandomState(seed);
        var train = Make(TrainSize, random);
        var test = Make(TestSize, random);
        return new DataSplit(train, test);
    }

    /// <summary><paramref name="count"/> players placed uniformly on the field, three draws each.</summary>
    public static Dataset Make(int count, NumPyRandomState random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "football: need at least one sample");
        var x = new double[count, 2];
        var y = new double[count];
        for (int i = 0; i < count; i++)
        {
            double x1 = X1Min + (X1Max - X1Min) * random.RandomSample();
            double x2 = X2Min + (X2Max - X2Min) * random.RandomSample();
            double distance = x1 - BoundaryX1(x2); // < 0: our side (left)
            double label = distance < 0 ? 1 : 0;
            double flip = FlipAnywhere + FlipNearLine * Math.Exp(-(distance / FlipWidth) * (distance / FlipWidth));
            if (random.RandomSample() < flip) label = 1 - label;
            x[i, 0] = x1;
            x[i, 1] = x2;
            y[i] = label;
        }
        return new Dataset(Name, x, y, ["x1", "x2"]);
    }

    /// <summary>Where the two sides meet at height x2: a slow wave plus a faster ripple.</summary>
    public static double BoundaryX1(double x2) => -0.13 + 0.07 * Math.Sin(6 * x2 + 0.5) + 0.04 * Math.Sin(15 * x2);
}
