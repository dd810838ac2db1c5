using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// Gradient checking for any TorchSharp code: PyTorch's torch.autograd.gradcheck for .NET (which TorchSharp 0.107 lacks),
/// plus per-tensor localisation, the worst entries, kinks told apart from mistakes, and the three-way comparison of a
/// hand-written backward pass, autograd and finite differences. Everything runs in float64 on copies of the caller's
/// tensors; misuse (no input that requires grad, a non-scalar cost, …) is an <see cref="ArgumentException"/> naming the
/// input or output; what autograd cannot do (libtorch's errors, a custom backward that throws) is a failed result naming
/// the output, never a process abort.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks ∂J/∂θ for a scalar cost J(θ) built from TorchSharp operations over named tensors of any names, shapes and
    /// number: central differences against autograd, and with <paramref name="handWritten"/> (your backward: the same names
    /// and shapes) also hand-written vs numeric and hand-written vs autograd. The course's difference
    /// ‖g − g̃‖ / (‖g‖ + ‖g̃‖) against <see cref="GradCheckOptions.Threshold"/>, per-tensor shares and verdicts, the worst
    /// entries; kinks are listed and left out. <paramref name="cost"/> is called many times (under no_grad for the
    /// numeric side) and must not change its argument; <paramref name="handWritten"/> gets a float64 copy.
    /// </summary>
    public static GradCheckResult Cost(Func<ParameterSet, Tensor> cost, ParameterSet parameters,
        Func<ParameterSet, ParameterSet>? handWritten = null, GradCheckOptions? options = null) =>
        GradientDiagnoser.Annotate(CostCheck.Run(cost, parameters, handWritten, options ?? new GradCheckOptions()), options?.Diagnosis);

    /// <summary>
    /// Checks the built-in L-layer model (<see cref="ModelOptions"/>) at <paramref name="parameters"/> on (x, y): J is the
    /// scratch model's cost (the L2 term included), the hand-written gradient its backward pass — with
    /// <paramref name="bug"/> planted, if given — and autograd differentiates the same forward pass, so the result holds
    /// "scratch vs numeric", "scratch vs autograd" and "autograd vs numeric", each tensor's verdict and, for a wrong one,
    /// its <see cref="Diagnosis"/> (the model's m, keep_prob, λ and special units as context). With dropout,
    /// <paramref name="frozenMasks"/> (D_1 … D_{L−1}, each (n_l, m), 1 = keep) are used in every forward pass, so J is one
    /// fixed function of θ. Runs in float64 (a float32 model's parameters are upcast, with a note); the slow mode's
    /// perturbed costs are batched (many perturbations of a tensor in one forward pass, the same numbers bit for bit as
    /// one at a time, which <paramref name="batched"/> = false runs). Epsilon must be in (0, 0.01].
    /// </summary>
    /// <param name="model">The model's options (layers, activation, λ, keep_prob, cost formula).</param>
    /// <param name="parameters">θ: W1, b1, …, W_L, b_L (copied).</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="frozenMasks">The dropout masks to freeze (required when keep_prob &lt; 1).</param>
    /// <param name="bug">A planted mistake in the hand-written backward pass (<see cref="PlantedBugs"/>), or null.</param>
    /// <param name="options">Epsilon, Threshold, Subset, Seed, FastMode, Only, WorstCount, Progress, Cancellation.</param>
    /// <param name="batched">Batch the perturbed forward passes (the default) or run them one at a time.</param>
    public static GradCheckResult Model(ModelOptions model, ParameterSet parameters, Tensor x, Tensor y, IReadOnlyList<Tensor>? frozenMasks = null,
        PlantedBug? bug = null, GradCheckOptions? options = null, bool batched = true) =>
        ModelCheck.Run(model, parameters, x, y, frozenMasks, bug, options ?? new GradCheckOptions(), batched);

    /// <summary>
    /// PyTorch's gradcheck for a function of several tensors with one output: the inputs that require grad are checked
    /// (the others are constants); the numeric Jacobian against the analytic one (vector–Jacobian products), block
    /// "input j" by block, |a − n| ≤ <see cref="GradCheckOptions.Atol"/> + <see cref="GradCheckOptions.Rtol"/>·|n|;
    /// <see cref="GradCheckOptions.FastMode"/>, re-entrancy (<see cref="GradCheckOptions.NondetTol"/>), second order
    /// (<see cref="GradCheckOptions.GradGrad"/>), the zero-grad_output check and non-differentiable outputs (integer or
    /// not requiring grad: their numeric Jacobian must be zero) as in PyTorch. Works through custom autograd Functions.
    /// Defaults as <see cref="Cost"/>'s (ε 1e-7); set Epsilon 1e-6 for PyTorch's.
    /// </summary>
    public static GradCheckResult Function(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return GradientDiagnoser.Annotate(FunctionCheck.Run(x => [f(x)], inputs, options ?? new GradCheckOptions(), singleOutput: true), options?.Diagnosis);
    }

    /// <summary>As <see cref="Function(Func{Tensor[], Tensor}, Tensor[], GradCheckOptions?)"/> for several outputs: blocks "output i w.r.t. input j".</summary>
    public static GradCheckResult Function(Func<Tensor[], Tensor[]> f, Tensor[] inputs, GradCheckOptions? options = null) =>
        GradientDiagnoser.Annotate(FunctionCheck.Run(f, inputs, options ?? new GradCheckOptions(), singleOutput: false), options?.Diagnosis);
}
