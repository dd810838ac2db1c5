using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Runtime;

/// <summary>
/// The scratch network's products (Runtime/Batched): one model is a batch of 1, so at the course's sizes a batch of 1
/// must give mm's numbers bit for bit, and an entry of a batch the numbers of that product alone up to last-bit rounding.
/// </summary>
public sealed class BatchedTests
{
    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    // Last-bit rounding only: far below what a wrong operand, transpose or order would give.
    static bool Close(Tensor a, Tensor b) => a.sub(b).abs().max().item<double>() <= 1e-13 * Math.Max(1, b.abs().max().item<double>());

    // (n_l, n_prev, m): the course's layers at its sample counts, a depth-study layer, and products under libtorch's
    // 400-multiply-add threshold for its own small-matrix loop.
    public static TheoryData<long, long, long> Shapes() => new()
    {
        { 20, 2, 211 }, { 3, 20, 211 }, { 1, 3, 211 }, { 10, 2, 300 }, { 5, 10, 300 }, { 1, 5, 300 }, { 32, 32, 1000 },
        { 4, 3, 17 }, { 5, 4, 3 }, { 1, 5, 24 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_batch_entry_s_products_are_that_product_alone_up_to_last_bit_rounding(long n, long p, long m)
    {
        using var scope = NewDisposeScope();
        var gen = manual_seed(11);
        var w = randn(6, n, p, dtype: float64);
        var a = randn(6, p, m, dtype: float64);
        var dz = randn(6, n, m, dtype: float64);
        for (int k = 0; k < 6; k++)
        {
            var (wk, ak, dzk) = (w[k].unsqueeze(0), a[k].unsqueeze(0), dz[k].unsqueeze(0));
            Assert.True(Close(Batched.Product(w, a)[k], Batched.Product(wk, ak)[0]), "Z = W·A");
            Assert.True(Close(Batched.Product(dz, a.transpose(-1, -2))[k], Batched.Product(dzk, ak.transpose(-1, -2))[0]), "dW = dZ·Aᵀ");
            Assert.True(Close(Batched.Product(w.transpose(-1, -2), dz)[k], Batched.Product(wk.transpose(-1, -2), dzk)[0]), "dA = Wᵀ·dZ");
        }
        // A 2-D operand standing for all: the same numbers as with that entry alone.
        Assert.True(Close(Batched.Product(w[0], a)[3], w[0].mm(a[3])), "broadcast W");
    }

    [Theory]
    [InlineData(20, 2, 211)]
    [InlineData(3, 20, 211)]
    [InlineData(1, 3, 211)]
    [InlineData(10, 2, 300)]
    [InlineData(5, 10, 300)]
    [InlineData(1, 5, 300)]
    public void At_the_course_s_sizes_a_batch_of_one_gives_mm_s_numbers_bit_for_bit(long n, long p, long m)
    {
        using var scope = NewDisposeScope();
        var gen = manual_seed(5);
        var w = randn(n, p, dtype: float64);
        var a = randn(p, m, dtype: float64);
        var dz = randn(n, m, dtype: float64);
        Assert.True(Same(w.mm(a), Batched.Product(w.unsqueeze(0), a.unsqueeze(0))[0]), "Z = W·A");
        Assert.True(Same(dz.mm(a.t()), Batched.Product(dz.unsqueeze(0), a.unsqueeze(0).transpose(-1, -2))[0]), "dW = dZ·Aᵀ");
        Assert.True(Same(w.t().mm(dz), Batched.Product(w.unsqueeze(0).transpose(-1, -2), dz.unsqueeze(0))[0]), "dA = Wᵀ·dZ");
    }

    [Fact]
    public void Adding_a_bias_broadcasts_either_way_with_the_same_numbers()
    {
        using var scope = NewDisposeScope();
        var gen = manual_seed(2);
        var z = randn(4, 7, dtype: float64);
        var b = randn(3, 4, 1, dtype: float64);
        var expected = z.add(b);
        Assert.True(Same(expected, Batched.Add(z.clone(), b)));             // z stands for every entry: out of place
        Assert.True(Same(expected, Batched.Add(z.expand(3, 4, 7).clone(), b))); // z holds every entry: in place
    }
}
