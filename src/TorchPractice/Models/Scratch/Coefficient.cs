using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Scratch;

/// <summary>
/// A number the layers scale by (keep_prob, λ/m): one held Scalar for one model, or a (K, 1, 1) tensor holding K
/// configurations' numbers when K models are trained as one batch. The layers are written once against this.
/// </summary>
internal readonly struct Coefficient
{
    readonly Scalar? _one;
    readonly Tensor? _perConfiguration;

    /// <summary>One number, held by the caller for as long as this is used (see ScalarCache).</summary>
    public Coefficient(Scalar value) => _one = value;
    /// <summary>K numbers, shape (K, 1, 1).</summary>
    public Coefficient(Tensor values) => _perConfiguration = values;

    /// <summary>a ← a / c, in place.</summary>
    public Tensor DivideInPlace(Tensor a) => _perConfiguration is null ? a.div_(_one!) : a.div_(_perConfiguration);

    /// <summary>t ← t + c·w, in place.</summary>
    public Tensor AddScaledInPlace(Tensor t, Tensor w) =>
        _perConfiguration is null ? t.add_(w, _one!) : t.add_(w.mul(_perConfiguration), HeldScalars.One);
}
