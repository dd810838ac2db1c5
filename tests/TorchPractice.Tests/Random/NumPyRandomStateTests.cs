using System.Text.Json;
using TorchPractice.Random;

namespace TorchPractice.Tests.Random;

public sealed class NumPyRandomStateTests
{
    // Published values that anyone can check in a notebook.
    [Fact]
    public void Seed_0_rand_is_numpys_well_known_first_value()
    {
        var state = new NumPyRandomState(0);
        Assert.Equal(0.5488135039273248, state.RandomSample());
    }

    [Fact]
    public void Seed_3_randn_4_2_starts_as_in_the_course()
    {
        var state = new NumPyRandomState(3);
        var values = state.Randn(4, 2);
        Assert.Equal(8, values.Length);
        double[] published = [1.78862847, 0.43650985, 0.09649747, -1.8634927];
        for (int i = 0; i < published.Length; i++) Assert.Equal(published[i], values[i], 1e-8);
    }

    /// <summary>The vectorized bulk path against one value at a time, from odd and even word positions and across
    /// several 624-word blocks (the first block's twist included).</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(623)]
    public void FillRandomSample_gives_the_values_of_RandomSample_one_at_a_time(int wordsDrawnFirst)
    {
        NumPyRandomState bulk = new(5), single = new(5);
        for (int i = 0; i < wordsDrawnFirst; i++) { bulk.NextUInt32(); single.NextUInt32(); }
        var values = new double[1000]; // 2000 words: three block boundaries
        bulk.FillRandomSample(values);
        for (int i = 0; i < values.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(single.RandomSample()) == BitConverter.DoubleToInt64Bits(values[i]), $"value {i} differs");
        Assert.Equal(single.NextUInt32(), bulk.NextUInt32()); // both streams end in the same place
    }

    public static TheoryData<long> FixtureSeeds() =>
        new(NumPyFixtures.Items("streams").Select(s => s.GetProperty("seed").GetInt64()));

    /// <summary>Replays NumPy's mixed call sequence (rand, randn, shuffle, normal, ... reseed) and compares every value's bits.</summary>
    [Theory]
    [MemberData(nameof(FixtureSeeds))]
    public void Mixed_call_sequences_match_numpy_bit_for_bit(long seed)
    {
        var stream = NumPyFixtures.Items("streams").Single(s => s.GetProperty("seed").GetInt64() == seed);
        var state = new NumPyRandomState(seed);
        int index = 0;
        foreach (var step in stream.GetProperty("steps").EnumerateArray())
        {
            string op = step.GetProperty("op").GetString()!;
            string what = $"seed {seed}, step {index++} ({op})";
            switch (op)
            {
                case "rand":
                    NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(step), state.Rand(Shape(step)), what);
                    break;
                case "randn":
                    NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(step), state.Randn(Shape(step)), what);
                    break;
                case "normal":
                    NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(step),
                        state.Normal(step.GetProperty("loc").GetDouble(), step.GetProperty("scale").GetDouble(), Shape(step)), what);
                    break;
                case "random_sample":
                    NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(step), [state.RandomSample()], what);
                    break;
                case "standard_normal":
                    NumPyFixtures.AssertBitEqual(NumPyFixtures.Doubles(step), [state.StandardNormal()], what);
                    break;
                case "shuffle":
                    var items = Enumerable.Range(0, step.GetProperty("n").GetInt32()).Select(i => (long)i).ToArray();
                    state.Shuffle(items);
                    Assert.Equal(NumPyFixtures.Longs(step), items);
                    break;
                case "permutation":
                    Assert.Equal(NumPyFixtures.Longs(step), state.Permutation(step.GetProperty("n").GetInt32()).Select(i => (long)i));
                    break;
                case "interval":
                    var max = step.GetProperty("max").GetUInt64();
                    var expected = NumPyFixtures.Longs(step);
                    Assert.Equal(expected, expected.Select(_ => (long)state.RandomInterval(max)));
                    break;
                case "seed":
                    state.Seed(step.GetProperty("seed").GetInt64());
                    break;
                default:
                    Assert.Fail($"{what}: unknown fixture op");
                    break;
            }
        }
        Assert.True(index > 10, "the fixture stream should hold the whole call sequence");
    }

    static int[] Shape(JsonElement step) => NumPyFixtures.Ints(step.GetProperty("shape"));

    [Fact]
    public void The_cached_normal_survives_other_draws_and_seeding_drops_it()
    {
        // randn(1) then rand() then randn(1): the second normal is the polar method's cached partner.
        var a = new NumPyRandomState(5);
        double first = a.StandardNormal();
        double uniform = a.RandomSample();
        double second = a.StandardNormal();

        var b = new NumPyRandomState(5);
        var pair = b.Randn(2);
        Assert.Equal(first, pair[0]);
        Assert.Equal(second, pair[1]);
        Assert.Equal(uniform, b.RandomSample()); // the cached partner cost no draws: b's next double is a's uniform

        a.Seed(5);
        Assert.Equal(first, a.StandardNormal()); // no stale cached value after reseeding
    }

    [Fact]
    public void Same_seed_gives_identical_streams_and_different_seeds_differ()
    {
        Assert.Equal(new NumPyRandomState(7).Rand(100), new NumPyRandomState(7).Rand(100));
        Assert.NotEqual(new NumPyRandomState(7).Rand(100), new NumPyRandomState(8).Rand(100));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    public void Seeds_outside_numpys_range_are_rejected(long seed) =>
        Assert.Contains("between 0 and 2**32 - 1", Assert.Throws<ArgumentOutOfRangeException>(() => new NumPyRandomState(seed)).Message);

    [Fact]
    public void Negative_dimensions_and_scales_are_rejected()
    {
        var state = new NumPyRandomState(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Rand(2, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Normal(0, -1.0, 3));
    }

    [Fact]
    public void Shapes_fill_row_major_as_one_flat_stream()
    {
        Assert.Equal(new NumPyRandomState(11).Rand(6), new NumPyRandomState(11).Rand(2, 3));
        Assert.Single(new NumPyRandomState(11).Rand()); // no shape: one value, like np.random.rand()
    }
}
