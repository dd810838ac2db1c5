using System.Text.Json;
using TorchPractice.Data;
using TorchPractice.Tests.Random;

namespace TorchPractice.Tests.Data;

public sealed class SplittingTests
{
    /// <summary>Sample i has feature value i, so a split's features name the rows it took.</summary>
    static Dataset Indexed(double[] labels) =>
        new("indexed", ToColumn(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray()), labels);

    static double[,] ToColumn(double[] values)
    {
        var x = new double[values.Length, 1];
        for (int i = 0; i < values.Length; i++) x[i, 0] = values[i];
        return x;
    }

    static int[] Rows(Dataset d) => Enumerable.Range(0, d.Count).Select(i => (int)d.Features[i, 0]).ToArray();

    public static TheoryData<int> FixtureCases() => new(Enumerable.Range(0, NumPyFixtures.Items("splits").Count()));

    /// <summary>The same rows, in the same order, as sklearn's train_test_split with random_state=seed.</summary>
    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Matches_sklearn_train_test_split(int index)
    {
        JsonElement c = NumPyFixtures.Items("splits").ElementAt(index);
        var labels = NumPyFixtures.Ints(c.GetProperty("y")).Select(v => (double)v).ToArray();
        var split = Splitting.TrainTest(Indexed(labels), c.GetProperty("test_size").GetDouble(),
            c.GetProperty("seed").GetInt32(), c.GetProperty("stratified").GetBoolean());
        Assert.Equal(NumPyFixtures.Ints(c.GetProperty("train")), Rows(split.Train));
        Assert.Equal(NumPyFixtures.Ints(c.GetProperty("test")), Rows(split.Test));
    }

    public static TheoryData<int> ThreeWayCases() => new(Enumerable.Range(0, NumPyFixtures.Items("three_way_splits").Count()));

    /// <summary>train / dev / test: the same rows, in the same order, as sklearn's train_test_split applied twice.</summary>
    [Theory]
    [MemberData(nameof(ThreeWayCases))]
    public void Matches_sklearn_train_test_split_applied_twice(int index)
    {
        JsonElement c = NumPyFixtures.Items("three_way_splits").ElementAt(index);
        var labels = NumPyFixtures.Ints(c.GetProperty("y")).Select(v => (double)v).ToArray();
        double devSize = c.GetProperty("dev_size").GetDouble(), testSize = c.GetProperty("test_size").GetDouble();
        int seed = c.GetProperty("seed").GetInt32();
        bool stratified = c.GetProperty("stratified").GetBoolean();

        var split = Splitting.TrainDevTest(Indexed(labels), devSize, testSize, seed, stratified);
        Assert.Equal(NumPyFixtures.Ints(c.GetProperty("train")), Rows(split.Train));
        Assert.Equal(NumPyFixtures.Ints(c.GetProperty("dev")), Rows(split.Dev!));
        Assert.Equal(NumPyFixtures.Ints(c.GetProperty("test")), Rows(split.Test));

        // The same through the two public steps, and through DataSources for a CSV.
        var carved = Splitting.CarveDev(Splitting.TrainTest(Indexed(labels), testSize, seed, stratified), devSize, seed, stratified);
        Assert.Equal(Rows(split.Train), Rows(carved.Train));
        Assert.Equal(Rows(split.Dev!), Rows(carved.Dev!));
        Assert.Equal(Rows(split.Test), Rows(carved.Test));
    }

    [Fact]
    public void CarveDev_takes_dev_from_train_only_and_leaves_test_as_it_was()
    {
        var labels = Enumerable.Range(0, 50).Select(i => (double)(i % 2)).ToArray();
        var test = Indexed([1, 0, 1, 0]);
        var split = Splitting.CarveDev(new DataSplit(Indexed(labels), test), 0.2, 3, stratified: true);
        Assert.Same(test, split.Test);
        Assert.Equal(10, split.Dev!.Count); // ceil(0.2 · 50)
        Assert.Equal(40, split.Train.Count);
        Assert.Equal(Enumerable.Range(0, 50), Rows(split.Train).Concat(Rows(split.Dev)).Order());
        Assert.Equal(5, split.Dev.Labels.Count(l => l == 1)); // stratified: half of each class's share
        Assert.Contains("already has a dev set", Assert.Throws<ArgumentException>(() => Splitting.CarveDev(split, 0.2, 3, true)).Message);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.CarveDev(new DataSplit(Indexed(labels), test), 1.0, 3, true)).Message);
        Assert.Contains("dev fraction 0.5 leave the train part empty", Assert.Throws<ArgumentException>(() => Splitting.CarveDev(new DataSplit(Indexed([1]), test), 0.5, 3, false)).Message);
        Assert.Contains("(dev) samples", Assert.Throws<ArgumentException>(() => Splitting.CarveDev(new DataSplit(Indexed([0, 1, 0, 1, 0, 1, 0, 1]), test), 0.1, 3, true)).Message);
    }

    [Fact]
    public void Map_applies_a_transform_to_every_part_that_exists()
    {
        var split = Splitting.TrainDevTest(Indexed(Enumerable.Range(0, 40).Select(i => (double)(i % 2)).ToArray()), 0.25, 0.25, 0, true);
        var seen = new List<int>();
        var mapped = split.Map(d => { seen.Add(d.Count); return d; });
        Assert.Equal([split.Train.Count, split.Test.Count, split.Dev!.Count], seen);
        Assert.Equal(["train", "dev", "test"], mapped.Parts().Select(p => p.Name));
        Assert.Equal(["train", "test"], new DataSplit(split.Train, split.Test).Parts().Select(p => p.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parts_are_disjoint_cover_everything_and_have_the_stated_sizes(bool stratified)
    {
        var labels = Enumerable.Range(0, 97).Select(i => i % 4 == 0 ? 1.0 : 0.0).ToArray();
        var split = Splitting.TrainTest(Indexed(labels), 0.2, 11, stratified);
        Assert.Equal(20, split.Test.Count); // ceil(0.2 * 97)
        Assert.Equal(77, split.Train.Count);
        Assert.Equal(Enumerable.Range(0, 97), Rows(split.Train).Concat(Rows(split.Test)).Order());
        for (int i = 0; i < split.Test.Count; i++)
            Assert.Equal(labels[(int)split.Test.Features[i, 0]], split.Test.Labels[i]); // labels travel with their rows
    }

    [Fact]
    public void Stratified_keeps_the_class_share_in_both_parts()
    {
        // 3 % positives: 30 of 1000. A 25 % test part gets 7 or 8 of them, never a lucky 2 or 15.
        var labels = Enumerable.Range(0, 1000).Select(i => i % 100 < 3 ? 1.0 : 0.0).ToArray();
        foreach (var seed in new[] { 0, 1, 2, 3, 4 })
        {
            var split = Splitting.TrainTest(Indexed(labels), 0.25, seed, stratified: true);
            Assert.InRange(split.Test.Labels.Count(l => l == 1), 7, 8);
            Assert.Equal(30, split.Train.Labels.Count(l => l == 1) + split.Test.Labels.Count(l => l == 1));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_differs()
    {
        var all = Indexed(Enumerable.Range(0, 60).Select(i => (double)(i % 2)).ToArray());
        Assert.Equal(Rows(Splitting.TrainTest(all, 0.3, 4, true).Test), Rows(Splitting.TrainTest(all, 0.3, 4, true).Test));
        Assert.NotEqual(Rows(Splitting.TrainTest(all, 0.3, 4, true).Test), Rows(Splitting.TrainTest(all, 0.3, 5, true).Test));
        Assert.NotEqual(Rows(Splitting.TrainTest(all, 0.3, 4, false).Test), Rows(Splitting.TrainTest(all, 0.3, 5, false).Test));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_clear_messages()
    {
        var all = Indexed([0, 1, 0, 1, 0, 1, 0, 1]);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.TrainTest(all, 0.0, 0, false)).Message);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.TrainTest(all, 1.0, 0, false)).Message);
        Assert.Contains("strictly between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.TrainTest(all, double.NaN, 0, false)).Message);
        Assert.Contains("train part empty", Assert.Throws<ArgumentException>(() => Splitting.TrainTest(all, 0.9, 0, false)).Message);
        Assert.Contains("at least 2 samples of every class", Assert.Throws<ArgumentException>(() => Splitting.TrainTest(Indexed([0, 0, 0, 1]), 0.5, 0, true)).Message);
        Assert.Contains("each of the 2 classes", Assert.Throws<ArgumentException>(() => Splitting.TrainTest(all, 0.1, 0, true)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Splitting.TrainTest(all, 0.5, -1, false));
    }
}
