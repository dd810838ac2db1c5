using TorchSharp;

namespace TorchPractice.Runtime;

/// <summary>
/// Scalars every tensor expression needs, alive for the whole process. TorchSharp 0.107's add(Tensor),
/// add_(Tensor) and the + operator pass an alpha of 1 as a new implicit Scalar; when another thread starts a
/// GC during that native call, the Scalar's finalizer can free it while libtorch reads it (seen as
/// "Expected false to be true … toDouble" in a two-thread sweep). Code that runs beside other threads writes
/// a.add(b, HeldScalars.One) instead. (sub and sub_ take no alpha in TorchSharp 0.107 and are safe.)
/// </summary>
public static class HeldScalars
{
    /// <summary>1, as the α of add / add_.</summary>
    public static readonly Scalar One = 1.0;

    /// <summary>0.5, the decision threshold of predictions.</summary>
    public static readonly Scalar Half = 0.5;
}
