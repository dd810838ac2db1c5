using TorchPractice.Tests.Random;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>Week 2's random_mini_batches, pinned to NumPy's permutations with the assignment's seeding.</summary>
public sealed class MiniBatchesTests
{
    [Fact]
    public void Each_epoch_s_order_is_numpy_s_permutation_with_the_assignment_s_seeds()
    {
        foreach (var c in NumPyFixtures.Items("mini_batches"))
        {
            int m = c.GetProperty("m").GetInt32();
            var expected = c.GetProperty("permutations").EnumerateArray().Select(NumPyFixtures.Ints).ToArray();
            Assert.Equal(11, c.GetProperty("first_seed").GetInt32());
            for (int epoch = 0; epoch < expected.Length; epoch++)
                Assert.Equal(expected[epoch], MiniBatches.Order(m, MiniBatches.EpochSeed(epoch)));
        }
    }

    [Theory]
    [InlineData(300, 64, new[] { 64, 64, 64, 64, 44 })]
    [InlineData(256, 64, new[] { 64, 64, 64, 64 })]
    [InlineData(7, 2, new[] { 2, 2, 2, 1 })]
    [InlineData(5, 10, new[] { 5 })]
    public void Batches_are_complete_ones_then_the_remainder(int m, int size, int[] expected) =>
        Assert.Equal(expected, MiniBatches.Sizes(m, size));

    [Fact]
    public void A_batch_holds_the_columns_of_x_and_y_in_the_epoch_s_order()
    {
        using var scope = NewDisposeScope();
        int m = 7;
        var x = arange(0.0, 2.0 * m, 1.0, float64).reshape(2, m);  // column j is (j, m + j)
        var y = arange(0.0, (double)m, 1.0, float64).reshape(1, m).mul(10);
        var order = MiniBatches.Order(m, MiniBatches.EpochSeed(0));
        var batches = MiniBatches.Split(x, y, 2, MiniBatches.EpochSeed(0));
        var columns = batches.SelectMany(b => b.X[0].data<double>().ToArray()).Select(v => (int)v).ToArray();
        Assert.Equal(order, columns);
        Assert.Equal(order.Select(j => (double)(m + j)), batches.SelectMany(b => b.X[1].data<double>().ToArray()));
        Assert.Equal(order.Select(j => 10.0 * j), batches.SelectMany(b => b.Y[0].data<double>().ToArray()));
    }

    [Fact]
    public void A_batch_size_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MiniBatches.Sizes(10, 0));
}
