using static TorchSharp.torch;

namespace TorchPractice.Runtime;

/// <summary>
/// Products and sums of tensors with a leading batch dimension, (K, r, c), where a batch of 1 stands for all K (the
/// scratch network's layers are written against these, so they read like the textbook).
/// </summary>
internal static class Batched
{
    /// <summary>
    /// a·b for every batch entry: (K, r, k)·(K, k, c) → (K, r, c); an operand with a batch of 1 is used for every entry.
    /// </summary>
    /// <remarks>
    /// bmm, not matmul: broadcast matmul may fold the batch into one larger product, which rounds differently, while
    /// bmm computes each entry as its own 2-D product. For products of at least 400 multiply-adds libtorch hands each
    /// entry to the BLAS, so a batch of 1 gives mm's numbers bit for bit (one model's numbers did not move when it
    /// became the K = 1 case); below that it uses its own loop, which can round a last bit differently from mm. The
    /// BLAS (MKL) may also round an entry's last bit by where the entry lies in memory, so entry k of a batch can differ
    /// from the same product computed alone in the last bit (measured: BatchedTests; the same inputs always give the
    /// same bits).
    /// </remarks>
    public static Tensor Product(Tensor a, Tensor b)
    {
        long ka = a.size(0), kb = b.size(0); // size(d), not shape[d]: shape copies every dimension out (~1–2 µs a call)
        if (ka == kb) return a.bmm(b);
        return ka == 1 ? a.expand(kb, a.size(1), a.size(2)).bmm(b) : a.bmm(b.expand(ka, b.size(1), b.size(2))); // views, no copy
    }

    /// <summary>z + b, broadcast; in place in z when z holds every batch entry of the result.</summary>
    public static Tensor Add(Tensor z, Tensor b) =>
        z.size(0) >= b.size(0) ? z.add_(b, HeldScalars.One) : b.add(z, HeldScalars.One); // the same bits either way
}
