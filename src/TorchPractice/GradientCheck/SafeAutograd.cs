using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// Vector–Jacobian products without TorchSharp 0.107's traps. torch.autograd.grad aborts the process (SIGABRT) on a
/// libtorch error (a custom backward returning a gradient of the wrong shape, a saved tensor modified in place), where
/// Tensor.backward throws a catchable exception: so the products come from backward(grad_tensors, inputs) into the
/// leaves' .grad (cleared before and after), and a libtorch error becomes a <see cref="BackwardFailedException"/>.
/// Misuse is checked first and is an <see cref="ArgumentException"/> naming the output or input; the graph is always
/// retained (the checks differentiate the same graph many times); unused inputs come back as zeros.
/// </summary>
static class SafeAutograd
{
    /// <summary>
    /// Σ_k gradOutputs[k]ᵀ ∂outputs[k]/∂inputs, one tensor per input (zeros for an input the outputs do not use).
    /// The inputs must be leaves (tensors that require grad and were not computed from others).
    /// </summary>
    public static Tensor[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<string> outputNames, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<string> inputNames, IReadOnlyList<Tensor> gradOutputs, bool createGraph)
    {
        var grads = new Tensor[outputs.Count];
        for (int k = 0; k < outputs.Count; k++)
        {
            var o = outputs[k];
            if (o is null || o.IsInvalid) throw new ArgumentException($"{outputNames[k]} is null or disposed");
            if (!o.requires_grad)
                throw new ArgumentException($"{outputNames[k]} does not require grad: it does not depend on an input that requires grad " +
                    "through autograd (computed under no_grad, detached, or rebuilt from .data/.item?), so it cannot be differentiated");
            var g = gradOutputs[k];
            if (!g.shape.SequenceEqual(o.shape))
                throw new ArgumentException($"the vector for {outputNames[k]} has shape ({string.Join(", ", g.shape)}); the output has ({string.Join(", ", o.shape)})");
            grads[k] = g.dtype == o.dtype && g.device == o.device ? g : g.to(o.dtype, o.device);
        }
        for (int j = 0; j < inputs.Count; j++)
        {
            var x = inputs[j];
            if (x is null || x.IsInvalid) throw new ArgumentException($"{inputNames[j]} is null or disposed");
            if (!x.requires_grad) throw new ArgumentException($"{inputNames[j]} does not require grad");
            if (!x.is_leaf) throw new ArgumentException($"{inputNames[j]} is not a leaf of the graph");
            x.grad = null;
        }
        try
        {
            torch.autograd.backward(outputs.ToList(), grads, retain_graph: true, create_graph: createGraph, inputs: inputs.ToList());
        }
        catch (ExternalException e)
        {
            foreach (var x in inputs) x.grad = null;
            throw new BackwardFailedException($"differentiating {string.Join(", ", outputNames)} failed: {FirstLine(e.Message)}", e);
        }
        var r = new Tensor[inputs.Count];
        for (int j = 0; j < inputs.Count; j++)
        {
            var g = inputs[j].grad;
            inputs[j].grad = null;
            r[j] = g is null || g.IsInvalid ? zeros_like(inputs[j]) : g;
        }
        return r;
    }

    /// <summary>libtorch's messages carry a C++ stack trace after the first line.</summary>
    internal static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        int at = line.IndexOf(" (Triggered internally", StringComparison.Ordinal);
        return at > 0 ? line[..at] : line;
    }
}
