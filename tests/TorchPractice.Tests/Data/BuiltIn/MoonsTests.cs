using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Random;
using TorchPractice.Tests.Random;

namespace TorchPractice.Tests.Data.BuiltIn;

public sealed class MoonsTests
{
    public static TheoryData<int, int> FixtureCases() =>
        new(NumPyFixtures.Items("moons").Select(c => (c.GetProperty("seed").GetInt32(), c.GetProperty("n_samples").GetInt32())));

    /// <summary>np.random.seed(s); make_moons(n, noise) from scikit-learn, compared bit for bit.</summary>
    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Make_reproduces_sklearn_make_moons_bit_for_bit(int seed, int n)
    {
        var c = NumPyFixtures.Items("moons").Single(c => c.GetProperty("seed").GetInt32() == seed && c.GetProperty("n_samples").GetInt32() == n);
        var data = Moons.Make(n, c.GetProperty("noise").GetDouble(), new NumPyRandomState(seed));
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(c.GetProperty("X")), CirclesTests.Flatten(data.Features), $"moons seed {seed}, n {n}: X");
        Assert.Equal(NumPyFixtures.Longs(c.GetProperty("y")).Select(v => (double)v), data.Labels);
    }

    [Fact]
    public void The_course_s_seed_loads_week_2_s_training_set_and_the_next_seed_s_test_set()
    {
        Assert.True(BuiltInDatasets.TryLoad("moons", Moons.CourseSeed, out var split));
        Assert.Equal((300, 2), (split.Train.Count, split.Train.FeatureCount));
        Assert.Equal(100, split.Test.Count);
        var train = NumPyFixtures.Items("moons").Single(c => c.GetProperty("seed").GetInt32() == 3 && c.GetProperty("n_samples").GetInt32() == 300);
        var test = NumPyFixtures.Items("moons").Single(c => c.GetProperty("seed").GetInt32() == 4 && c.GetProperty("n_samples").GetInt32() == 100);
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(train.GetProperty("X")), CirclesTests.Flatten(split.Train.Features), "train");
        NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(test.GetProperty("X")), CirclesTests.Flatten(split.Test.Features), "test");
    }
}
