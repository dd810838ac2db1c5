using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Random;
using TorchPractice.Tests.Random;

namespace TorchPractice.Tests.Data.BuiltIn;

public sealed class CirclesTests
{
    public static TheoryData<int, int> FixtureCases() =>
        new(NumPyFixtures.Items("circles").Select(c => (c.GetProperty("seed").GetInt32(), c.GetProperty("n_samples").GetInt32())));

    /// <summary>np.random.seed(s); make_circles(n, noise, factor) from scikit-learn, compared bit for bit.</summary>
    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Make_reproduces_sklearn_make_circles_bit_for_bit(int seed, int n)
    {
        var c = NumPyFixtures.Items("circles").Single(c => c.GetProperty("seed").GetInt32() == seed && c.GetProperty("n_samples").GetInt32() == n);
        var data = Circles.Make(n, c.GetProperty("noise").GetDouble(), new NumPyRandomState(seed), c.GetProperty("factor").GetDouble());
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(c.GetProperty("X")), Flatten(data.Features), $"circles seed {seed}, n {n}: X");
        Assert.Equal(NumPyFixtures.Longs(c.GetProperty("y")).Select(v => (double)v), data.Labels);
    }

    [Fact]
    public void Default_load_is_the_courses_pair()
    {
        Assert.True(BuiltInDatasets.TryLoad("circles", BuiltInDatasets.DefaultSeed, out var split));
        Assert.Equal((300, 2), (split.Train.Count, split.Train.FeatureCount));
        Assert.Equal(100, split.Test.Count);
        var train = NumPyFixtures.Items("circles").Single(c => c.GetProperty("seed").GetInt32() == 1 && c.GetProperty("n_samples").GetInt32() == 300);
        var test = NumPyFixtures.Items("circles").Single(c => c.GetProperty("seed").GetInt32() == 2 && c.GetProperty("n_samples").GetInt32() == 100);
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(train.GetProperty("X")), Flatten(split.Train.Features), "course train X");
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(test.GetProperty("X")), Flatten(split.Test.Features), "course test X");
    }

    [Fact]
    public void Seed_s_uses_s_for_train_and_s_plus_1_for_test()
    {
        var split = Circles.Load(10);
        Assert.Equal(Circles.Make(300, 0.05, new NumPyRandomState(10)).Features, split.Train.Features);
        Assert.Equal(Circles.Make(100, 0.05, new NumPyRandomState(11)).Features, split.Test.Features);
        Assert.NotEqual(Circles.Load(1).Train.Features, split.Train.Features);
    }

    [Fact]
    public void Without_noise_the_points_lie_on_the_two_circles_with_outer_label_0()
    {
        var data = Circles.Make(51, noise: null, new NumPyRandomState(0), factor: 0.5);
        Assert.Equal(25, data.Labels.Count(l => l == 0)); // n // 2 outer points
        for (int i = 0; i < data.Count; i++)
        {
            double radius = Math.Sqrt(data.Features[i, 0] * data.Features[i, 0] + data.Features[i, 1] * data.Features[i, 1]);
            Assert.Equal(data.Labels[i] == 0 ? 1.0 : 0.5, radius, 1e-12);
        }
    }

    [Fact]
    public void Linspace_matches_numpys_rounding()
    {
        // np.linspace(0, 2*np.pi, 6, endpoint=False)[5] is 5 * (2*pi/6) = 5.235987755982988, one ulp below 5*2*pi/6.
        Assert.Equal(5.235987755982988, Circles.LinspaceNoEndpoint(0, 2 * Math.PI, 6)[5]);
        Assert.NotEqual(5 * 2 * Math.PI / 6, Circles.LinspaceNoEndpoint(0, 2 * Math.PI, 6)[5]);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Circles.Make(10, 0.1, new NumPyRandomState(0), factor: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Circles.Make(0, 0.1, new NumPyRandomState(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Circles.Make(10, -0.1, new NumPyRandomState(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Circles.Load(-1));
    }

    internal static double[] Flatten(double[,] x) => x.Cast<double>().ToArray();
}
