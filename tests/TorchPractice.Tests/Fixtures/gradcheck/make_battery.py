#!/usr/bin/python3
"""PyTorch 1.13's verdicts on the gradcheck battery (tests/TorchPractice.Tests/GradientCheck/GradCheckBattery.cs).

Every case is written twice, here and in C#, with the same inputs (closed formulas, no random generator) and the same
options (eps 1e-6, PyTorch's default, on both sides). For each case, torch.autograd.gradcheck in slow and fast mode
with raise_exception=False; an exception it raises anyway (autograd's own errors) is recorded as "error".
Run: /usr/bin/python3 make_battery.py > battery.json   (Debian's python3-torch, PyTorch 1.13.1, CPU)
"""
import json, math, sys
import torch
from torch.autograd import Function, gradcheck

torch.set_default_dtype(torch.float64)

def seq(n, a=0.0, b=1.0, dtype=torch.float64):
    return torch.tensor([a + b * math.sin(1.3 * k + 0.7) for k in range(n)], dtype=dtype)

def mat(r, c, a=0.0, b=1.0):
    return seq(r * c, a, b).reshape(r, c)

def g(t):
    return t.clone().requires_grad_(True)

# ---- custom Functions (the C# twins are in GradCheckBattery.cs) ----
class Cube(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    def backward(ctx, go): x, = ctx.saved_tensors; return go * 3 * x * x

class WrongCube(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    def backward(ctx, go): x, = ctx.saved_tensors; return go * 2 * x * x

class Relu(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x.clamp(min=0)
    @staticmethod
    def backward(ctx, go): x, = ctx.saved_tensors; return go * (x > 0).to(go.dtype)

class ReluTimes2(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x.clamp(min=0)
    @staticmethod
    def backward(ctx, go): x, = ctx.saved_tensors; return go * (x > 0).to(go.dtype) * 2

class Double(Function):  # y = 2x, backward 4 (wrong by a factor 2)
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): return go * 4

class DoubleRight(Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): return go * 2

class DotTimes2(Function):
    @staticmethod
    def forward(ctx, a, b): ctx.save_for_backward(a, b); return (a * b).sum()
    @staticmethod
    def backward(ctx, go): a, b = ctx.saved_tensors; return go * b * 2, go * a * 2

class PlusConst(Function):  # backward g*2 + 0.01: not multiplied by grad_output
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): return go * 2 + 0.01

class WrongShape(Function):  # backward returns 4 entries for 5
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): return go[:4] * 2

class Throws(Function):
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): raise ValueError("backward failed on purpose")

class TwoGradients(Function):  # backward returns two gradients for one input
    @staticmethod
    def forward(ctx, x): return x * 2
    @staticmethod
    def backward(ctx, go): return go * 2, go * 2

def inplace_after_save(x):
    y = x * 1
    z = y.sin()   # saves y for backward
    y.add_(1)     # then changes it
    return z

_noise = torch.Generator().manual_seed(7)
class NoisyCube(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    def backward(ctx, go):
        x, = ctx.saved_tensors
        return go * (3 * x * x + torch.randn(x.shape, generator=_noise, dtype=x.dtype) * 1e-9)

class MulAddWrongB(Function):
    @staticmethod
    def forward(ctx, a, b): ctx.save_for_backward(a, b); return a * b + a
    @staticmethod
    def backward(ctx, go): a, b = ctx.saved_tensors; return go * (b + 1), go * a * 2

class TwoOutputs(Function):
    @staticmethod
    def forward(ctx, x, y): ctx.save_for_backward(x, y); return x.sin(), x * y
    @staticmethod
    def backward(ctx, g0, g1): x, y = ctx.saved_tensors; return g0 * x.cos() + g1 * y, g1 * (x + 1)

class SinWrongSign(Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x.sin()
    @staticmethod
    def backward(ctx, go): x, = ctx.saved_tensors; return -go * x.cos()

# ---- the cases: name -> (function of a tuple of inputs, inputs, options) ----
def zero_in(n):
    t = seq(n); t[2] = 0.0; return t

def cases():
    c = {}
    c["sin"] = (lambda x: x.sin(), [g(seq(5))], {})
    c["mul_two_inputs"] = (lambda x, y: x * y, [g(seq(4)), g(seq(4, 1.0))], {})
    c["exp_times_sum"] = (lambda x, y: x.exp() * y.sum(), [g(seq(3)), g(seq(4, 0.5))], {})
    c["matmul_cancellation"] = (lambda a, b: a @ b, [g(mat(3, 4, 0.0, 0.5)), g(mat(4, 2, 0.1, 0.7))], {})
    c["cube_custom"] = (lambda x: Cube.apply(x), [g(seq(5))], {})
    c["wrong_cube_custom"] = (lambda x: WrongCube.apply(x), [g(seq(5))], {})
    c["mul_add_wrong_b"] = (lambda a, b: MulAddWrongB.apply(a, b), [g(seq(4)), g(seq(4, 1.0))], {})
    c["two_outputs_wrong"] = (lambda x, y: TwoOutputs.apply(x, y), [g(seq(3)), g(seq(3, 0.5))], {})
    c["sin_wrong_sign"] = (lambda x: SinWrongSign.apply(x), [g(seq(5))], {})
    c["relu_custom_at_zero"] = (lambda x: Relu.apply(x), [g(zero_in(5))], {})
    c["relu_custom_times2_at_zero"] = (lambda x: ReluTimes2.apply(x), [g(zero_in(5))], {})
    c["relu_custom_times2"] = (lambda x: ReluTimes2.apply(x), [g(seq(5, 0.1))], {})
    c["relu_builtin_at_zero"] = (lambda x: torch.relu(x), [g(zero_in(5))], {})
    c["leaky_relu_at_zero"] = (lambda x: torch.nn.functional.leaky_relu(x, 0.01), [g(zero_in(5))], {})
    c["abs_at_zero"] = (lambda x: x.abs(), [g(zero_in(5))], {})
    c["abs"] = (lambda x: x.abs(), [g(seq(5, 0.05))], {})
    c["clamp_at_bound"] = (lambda x: x.clamp(-0.5, 0.5), [g(torch.tensor([0.5, -0.5, 0.2, 0.9, -0.1]))], {})
    c["max_dim_values_and_indices"] = (lambda x: x.max(1), [g(mat(3, 4))], {})
    c["argmax_only"] = (lambda x: x.argmax(), [g(seq(5))], {})
    c["constant_output"] = (lambda x: torch.ones(3), [g(seq(5))], {})
    c["values_and_argmax"] = (lambda x: (x * 2, x.argmax()), [g(seq(5))], {})
    c["detached_copy_output"] = (lambda x: x.detach() * 2, [g(seq(5))], {})
    c["no_outputs"] = (lambda x: (), [g(seq(5))], {})
    c["plus_const_backward_atol"] = (lambda x: PlusConst.apply(x), [g(seq(5))], {"atol": 0.1})
    c["nondeterministic_backward"] = (lambda x: NoisyCube.apply(x), [g(seq(5))], {})
    c["nondeterministic_backward_tol"] = (lambda x: NoisyCube.apply(x), [g(seq(5))], {"nondet_tol": 1e-6})
    c["wrong_shape_gradient"] = (lambda x: WrongShape.apply(x), [g(seq(5))], {})
    c["wrong_gradient_count"] = (lambda x: TwoGradients.apply(x), [g(seq(5))], {})
    c["inplace_on_saved_intermediate"] = (inplace_after_save, [g(seq(5))], {})
    c["backward_throws"] = (lambda x: Throws.apply(x), [g(seq(5))], {})
    c["inplace_on_constant_input"] = (lambda a, b: a[0] * b[1].add_(1), [g(seq(3)), seq(3, 1.0)], {})
    c["value_dependent_rounding"] = (lambda x: torch.where(x > 0.5, x.float().double(), x), [g(torch.tensor([0.5, 0.3, 0.7, 0.1]))], {})
    c["floor_at_integer"] = (lambda x: x.floor(), [g(torch.tensor([1.0, 0.3, 2.0]))], {})
    c["floor"] = (lambda x: x.floor(), [g(torch.tensor([1.5, 0.3, 2.25]))], {})
    c["sign_at_zero"] = (lambda x: x.sign(), [g(zero_in(5))], {})
    c["float32_sin_default"] = (lambda x: x.sin(), [g(seq(5, dtype=torch.float32))], {})
    c["float32_sin_float32_options"] = (lambda x: x.sin(), [g(seq(5, dtype=torch.float32))], {"eps": 1e-3, "atol": 1e-3, "rtol": 1e-2})
    c["float32_wrong_cube_float32_options"] = (lambda x: WrongCube.apply(x), [g(seq(5, dtype=torch.float32))], {"eps": 1e-3, "atol": 1e-3, "rtol": 1e-2})
    c["transposed_input"] = (lambda x: x.sin() * 2, [mat(3, 4).t().requires_grad_(True)], {})
    c["strided_input"] = (lambda x: x.exp(), [seq(10)[::2].requires_grad_(True)], {})
    c["transposed_input_wrong"] = (lambda x: WrongCube.apply(x), [mat(3, 4).t().requires_grad_(True)], {})
    c["large_values_times2_wrong"] = (lambda x: Double.apply(x), [g(seq(5, 1e8, 1e7))], {})
    c["large_values_times2"] = (lambda x: DoubleRight.apply(x), [g(seq(5, 1e8, 1e7))], {})
    c["offset_1e9_times2_wrong"] = (lambda x: Double.apply(x + 1e9), [g(seq(5))], {})
    c["dot_cancellation_times2_wrong"] = (lambda a, b: DotTimes2.apply(a, b), [g(torch.tensor([1e8, 1.0, -1e8, 0.5])), g(torch.tensor([1.0, 2.0, 1.0, 0.3]))], {})
    c["tiny_values_wrong_cube"] = (lambda x: WrongCube.apply(x), [g(seq(5, 0.0, 1e-4))], {})
    c["constant_second_input"] = (lambda x, y: x * y, [g(seq(4)), seq(4, 2.0)], {})
    c["two_outputs_right"] = (lambda x: (x.sin(), x.cos() * 2), [g(seq(4))], {})
    c["unused_input"] = (lambda x, y: x.sin(), [g(seq(3)), g(seq(2))], {})
    c["prod_with_zero"] = (lambda x: x.prod(), [g(torch.tensor([0.0, 1.5, -0.5, 2.0]))], {})
    c["sort_values"] = (lambda x: x.sort().values, [g(seq(6))], {})
    c["gather_integer_index"] = (lambda x, i: x.gather(0, i), [g(seq(5)), torch.tensor([4, 0, 2])], {})
    c["cumsum"] = (lambda x: x.cumsum(0), [g(seq(5))], {})
    c["softmax"] = (lambda x: torch.softmax(x, 0), [g(seq(5))], {})
    c["norm"] = (lambda x: x.norm(), [g(seq(5))], {})
    return c

def verdict(fn, inputs, opts, fast):
    kw = {"eps": 1e-6, "atol": 1e-5, "rtol": 1e-3, "nondet_tol": 0.0}
    kw.update(opts)
    try:
        ok = gradcheck(fn, tuple(inputs), fast_mode=fast, raise_exception=False, **kw)
        return {"verdict": "pass" if ok else "fail"}
    except Exception as e:  # autograd's own errors escape raise_exception=False
        return {"verdict": "error", "message": f"{type(e).__name__}: {str(e).splitlines()[0]}"}

def main():
    out = {"generator": "make_battery.py", "torch": torch.__version__, "eps": 1e-6, "cases": {}}
    for name in cases():
        out["cases"][name] = {}
        for mode, fast in (("slow", False), ("fast", True)):
            fn, inputs, opts = cases()[name]  # fresh inputs: a case may change its own
            out["cases"][name][mode] = verdict(fn, inputs, opts, fast)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()

if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")
    main()
