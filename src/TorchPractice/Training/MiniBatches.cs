using TorchPractice.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// Mini-batches as the course's week 2 makes them (<c>random_mini_batches</c>): per epoch the samples are put in the
/// order of <c>np.random.seed(seed); np.random.permutation(m)</c>, with seed = 10 + epoch + 1 (the assignment sets
/// seed = 10 and adds 1 before each epoch), then cut into complete batches of the batch size and a last, smaller
/// one with the remainder. The permutations are NumPy's bit for bit (pinned to committed fixtures).
/// </summary>
public static class MiniBatches
{
    /// <summary>The assignment's seed before the first epoch: 10 (so epoch 0 draws with seed 11).</summary>
    public const long CourseSeed = 10;

    /// <summary>The seed epoch <paramref name="epoch"/> (from 0) draws its order with: seed + epoch + 1, as the assignment's loop increments it.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="seed">The seed before the first epoch (<see cref="CourseSeed"/> in the assignment).</param>
    public static long EpochSeed(int epoch, long seed = CourseSeed) => seed + epoch + 1;

    /// <summary>The sample order of one epoch: <c>np.random.seed(seed); np.random.permutation(m)</c>.</summary>
    /// <param name="m">The number of samples.</param>
    /// <param name="seed">The epoch's seed (see <see cref="EpochSeed"/>).</param>
    public static int[] Order(int m, long seed) => new NumPyRandomState(seed).Permutation(m);

    /// <summary>The batch sizes of an epoch over <paramref name="m"/> samples: ⌊m / size⌋ batches of size, then the remainder (if any).</summary>
    /// <param name="m">The number of samples.</param>
    /// <param name="size">The mini-batch size (at least 1).</param>
    public static IReadOnlyList<int> Sizes(int m, int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"the mini-batch size must be ≥ 1; got {size}");
        var sizes = Enumerable.Repeat(size, m / size).ToList();
        if (m % size != 0) sizes.Add(m % size);
        return sizes;
    }

    /// <summary>
    /// One epoch's mini-batches of X (n_x, m) and Y (1, m), in the order of <see cref="Order"/>:
    /// <c>shuffled_X = X[:, permutation]</c>, then columns [k·size, (k+1)·size) for each batch.
    /// </summary>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="size">The mini-batch size.</param>
    /// <param name="seed">The epoch's seed (see <see cref="EpochSeed"/>).</param>
    /// <returns>The batches; their tensors belong to the caller's dispose scope.</returns>
    public static IReadOnlyList<(Tensor X, Tensor Y)> Split(Tensor x, Tensor y, int size, long seed)
    {
        int m = (int)y.size(1);
        var sizes = Sizes(m, size);
        using var scope = NewDisposeScope();
        var order = tensor(Order(m, seed).Select(i => (long)i).ToArray(), int64, x.device);
        var (xs, ys) = (x.index_select(1, order), y.index_select(1, order));
        var batches = new List<(Tensor, Tensor)>(sizes.Count);
        long start = 0;
        foreach (var n in sizes)
        {
            batches.Add((xs.narrow(1, start, n).contiguous().MoveToOuterDisposeScope(), ys.narrow(1, start, n).contiguous().MoveToOuterDisposeScope()));
            start += n;
        }
        return batches;
    }
}
