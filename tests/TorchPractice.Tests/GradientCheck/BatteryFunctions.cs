using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace TorchPractice.Tests.GradientCheck;

// The custom autograd Functions of the gradcheck battery (their PyTorch twins are in Fixtures/gradcheck/make_battery.py).
// TorchSharp keeps one instance per type, so every variant is its own type.

/// <summary>ReLU with a correct backward (1 where x > 0).</summary>
sealed class ReluFn : SingleTensorFunction<ReluFn>
{
    public override string Name => "Relu";
    public override Tensor forward(AutogradContext ctx, params object[] vars) { var x = (Tensor)vars[0]; ctx.save_for_backward([x]); return x.clamp_min(0.0); }
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * (ctx.get_saved_variables()[0] > 0).to(grad.dtype)];
}

/// <summary>ReLU whose backward is twice the right one.</summary>
sealed class ReluTimes2Fn : SingleTensorFunction<ReluTimes2Fn>
{
    public override string Name => "ReluTimes2";
    public override Tensor forward(AutogradContext ctx, params object[] vars) { var x = (Tensor)vars[0]; ctx.save_for_backward([x]); return x.clamp_min(0.0); }
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * (ctx.get_saved_variables()[0] > 0).to(grad.dtype) * 2];
}

/// <summary>y = 2x with the backward 4 (a factor 2 too much).</summary>
sealed class DoubleWrongFn : SingleTensorFunction<DoubleWrongFn>
{
    public override string Name => "DoubleWrong";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * 4];
}

/// <summary>y = 2x with the right backward.</summary>
sealed class DoubleFn : SingleTensorFunction<DoubleFn>
{
    public override string Name => "Double";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * 2];
}

/// <summary>a·b (a dot product) whose backward is twice the right one.</summary>
sealed class DotTimes2Fn : SingleTensorFunction<DotTimes2Fn>
{
    public override string Name => "DotTimes2";
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (a, b) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward([a, b]);
        return (a * b).sum();
    }
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        var s = ctx.get_saved_variables();
        return [grad * s[1] * 2, grad * s[0] * 2];
    }
}

/// <summary>y = 2x with the backward 2g + 0.01: not multiplied by grad_output (passes the Jacobian check at atol 0.1).</summary>
sealed class PlusConstFn : SingleTensorFunction<PlusConstFn>
{
    public override string Name => "PlusConst";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * 2 + 0.01];
}

/// <summary>y = 2x on 5 entries whose backward returns 4: libtorch's "returned an invalid gradient at index 0".</summary>
sealed class WrongShapeFn : SingleTensorFunction<WrongShapeFn>
{
    public override string Name => "WrongShape";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad[TensorIndex.Slice(0, 4)] * 2];
}

/// <summary>y = 2x whose backward throws a .NET exception (from inside libtorch's engine, through TorchSharp's callback).</summary>
sealed class ThrowingFn : SingleTensorFunction<ThrowingFn>
{
    public override string Name => "Throwing";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => throw new InvalidOperationException("backward failed on purpose");
}

/// <summary>sin x with the backward −cos x (sign flipped).</summary>
sealed class SinWrongSignFn : SingleTensorFunction<SinWrongSignFn>
{
    public override string Name => "SinWrongSign";
    public override Tensor forward(AutogradContext ctx, params object[] vars) { var x = (Tensor)vars[0]; ctx.save_for_backward([x]); return x.sin(); }
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [-grad * ctx.get_saved_variables()[0].cos()];
}

/// <summary>y = 2x whose backward returns two gradients for its one input (TorchSharp throws inside its callback).</summary>
sealed class TwoGradientsFn : SingleTensorFunction<TwoGradientsFn>
{
    public override string Name => "TwoGradients";
    public override Tensor forward(AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2;
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad) => [grad * 2, grad * 2];
}
