using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Runtime;

/// <summary>
/// Products and sums for K models at once: a 3-D tensor (K, r, c) holds one entry per model, a 2-D tensor (r, c)
/// stands for all of them (one model, K = 1, is plain 2-D). The scratch network's layers are written against these,
/// so they read like the textbook.
/// </summary>
internal static class Batched
{
    /// <summary>a·b for every model: (K, r, k)·(K, k, c) → (K, r, c); a 2-D operand is used for every entry; 2-D·2-D is one product.</summary>
    /// <remarks>
    /// One model: mm (week 1's numbers, bit for bit). K models: bmm, not matmul: broadcast matmul may fold the batch into
    /// one larger product, which rounds differently, while bmm computes each entry as its own 2-D product. For
    /// products of at least 400 multiply-adds libtorch hands each entry to the BLAS, so an entry gets mm's numbers (at
    /// every course size: BatchedTests); below that it uses its own loop, which can round a last bit differently from
    /// mm, and the BLAS (MKL) may round an entry's last bit by where the entry lies in memory. bmm rather than mm for
    /// one model costs ~1–2 µs a product (libtorch's batch loop), about 10 % of a course-size step: one model stays 2-D.
    /// </remarks>
    public static Tensor Product(Tensor a, Tensor b)
    {
        long da = a.dim(), db = b.dim(); // dim(), size(d): cheap; shape copies every dimension out (~1–2 µs a call)
        if (da == db) return da == 2 ? a.mm(b) : a.bmm(b);
        return da == 2 ? a.expand(b.size(0), a.size(0), a.size(1)).bmm(b) : a.bmm(b.expand(a.size(0), b.size(0), b.size(1))); // views, no copy
    }

    /// <summary>z + b, broadcast; in place in z when z holds every entry of the result.</summary>
    public static Tensor Add(Tensor z, Tensor b) =>
        z.dim() >= b.dim() ? z.add_(b, HeldScalars.One) : b.add(z, HeldScalars.One); // the same bits either way
}
