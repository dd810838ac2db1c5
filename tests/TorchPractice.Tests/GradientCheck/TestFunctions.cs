using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace TorchPractice.Tests.GradientCheck;

// Custom autograd Functions with correct and planted-wrong backward passes. TorchSharp keeps one instance per
// type, so every variant is its own type.

/// <summary>x³ with x saved for backward; each subclass writes its own backward.</summary>
abstract class CubeBase<T> : SingleTensorFunction<T> where T : CubeBase<T>, new()
{
    public override string Name => typeof(T).Name;
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        ctx.save_for_backward([x]);
        return x.pow(3);
    }
}

/// <summary>x³, backward 3x²·g: correct, also to second order (the backward is built from the saved x).</summary>
sealed class CubeFn : CubeBase<CubeFn>
{
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * ctx.get_saved_variables()[0].square() * 3];
}

/// <summary>x³ with the planted bug 2x² instead of 3x².</summary>
sealed class WrongCubeFn : CubeBase<WrongCubeFn>
{
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * ctx.get_saved_variables()[0].square() * 2];
}

/// <summary>x³ whose backward is right to first order but detached from x: its own derivative in x is lost.</summary>
sealed class DetachedCubeFn : CubeBase<DetachedCubeFn>
{
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * ctx.get_saved_variables()[0].detach().square() * 3];
}

/// <summary>x³ with a backward that adds a little noise (times grad_output, as PyTorch's NonDetFunc): right on average, but not re-entrant.</summary>
sealed class NoisyCubeFn : CubeBase<NoisyCubeFn>
{
    static readonly Generator Noise = new(7);
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        var x = ctx.get_saved_variables()[0];
        return [grad * (x.square() * 3 + randn(x.shape, x.dtype, generator: Noise) * 1e-9)];
    }
}

/// <summary>a·b + a, two inputs: ∂/∂a = b + 1 is right, ∂/∂b is planted wrong (2a instead of a).</summary>
sealed class MulAddWrongBFn : SingleTensorFunction<MulAddWrongBFn>
{
    public override string Name => "MulAddWrongB";
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (a, b) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([a, b]);
        return a * b + a;
    }
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (a, b) = (saved[0], saved[1]);
        return [grad * (b + 1), grad * a * 2];
    }
}

/// <summary>(sin x, x·y): two outputs; ∂(x·y)/∂y is planted wrong (x + 1).</summary>
sealed class TwoOutputsFn : MultiTensorFunction<TwoOutputsFn>
{
    public override string Name => "TwoOutputs";
    public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
    {
        var (x, y) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([x, y]);
        return [x.sin(), x * y];
    }
    public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grads)
    {
        var saved = ctx.get_saved_variables();
        var (x, y) = (saved[0], saved[1]);
        return [grads[0] * x.cos() + grads[1] * y, grads[1] * (x + 1)];
    }
}
