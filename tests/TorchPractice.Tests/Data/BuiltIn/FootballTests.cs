using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Tests.Random;

namespace TorchPractice.Tests.Data.BuiltIn;

public sealed class FootballTests
{
    [Fact]
    public void Has_the_courses_sizes_and_field()
    {
        var split = Football.Load(BuiltInDatasets.DefaultSeed);
        Assert.Equal((211, 2), (split.Train.Count, split.Train.FeatureCount));
        Assert.Equal((200, 2), (split.Test.Count, split.Test.FeatureCount));
        foreach (var set in new[] { split.Train, split.Test })
        {
            for (int i = 0; i < set.Count; i++)
            {
                Assert.InRange(set.Features[i, 0], -0.6, 0.3);
                Assert.InRange(set.Features[i, 1], -0.7, 0.6);
                Assert.True(set.Labels[i] is 0 or 1);
            }
        }
    }

    [Fact]
    public void Both_classes_are_roughly_balanced()
    {
        foreach (var seed in new[] { 0, 1, 2, 3, 42 })
        {
            var split = Football.Load(seed);
            Assert.InRange(split.Train.Labels.Average(), 0.35, 0.65);
            Assert.InRange(split.Test.Labels.Average(), 0.35, 0.65);
        }
    }

    [Fact]
    public void Labels_follow_the_wavy_line_with_noise_near_it()
    {
        // Most labels agree with the side of the line; disagreements exist and crowd near the line.
        var data = Football.Make(4000, new TorchPractice.Random.NumPyRandomState(7));
        int agree = 0, flippedNear = 0, flippedFar = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double distance = data.Features[i, 0] - Football.BoundaryX1(data.Features[i, 1]);
            bool expected = distance < 0;
            if ((data.Labels[i] == 1) == expected) agree++;
            else if (Math.Abs(distance) < 0.06) flippedNear++;
            else flippedFar++;
        }
        Assert.InRange(agree / (double)data.Count, 0.85, 0.97);
        Assert.True(flippedNear > flippedFar, $"{flippedNear} flips near the line, {flippedFar} far from it");
        Assert.True(flippedFar > 0);
    }

    [Fact]
    public void Same_seed_is_bit_identical_and_another_seed_differs()
    {
        var a = Football.Load(5);
        var b = Football.Load(5);
        NumPyFixtures.AssertBitEqual(CirclesTests.Flatten(a.Train.Features), CirclesTests.Flatten(b.Train.Features), "train X");
        NumPyFixtures.AssertBitEqual(CirclesTests.Flatten(a.Test.Features), CirclesTests.Flatten(b.Test.Features), "test X");
        Assert.Equal(a.Train.Labels, b.Train.Labels);
        Assert.Equal(a.Test.Labels, b.Test.Labels);
        Assert.NotEqual(CirclesTests.Flatten(a.Train.Features), CirclesTests.Flatten(Football.Load(6).Train.Features));
    }
}
