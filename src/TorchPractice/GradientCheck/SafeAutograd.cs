using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// torch.autograd.grad without its TorchSharp 0.107 traps: a libtorch error there aborts the process (SIGABRT) instead
/// of throwing, so the preconditions are checked first and misuse becomes an <see cref="ArgumentException"/> naming the
/// output or input; the graph is always retained (create_graph does not imply retain_graph in 0.107, and the checks
/// differentiate the same graph many times); unused inputs (empty handles with allow_unused) come back as zeros.
/// </summary>
static class SafeAutograd
{
    /// <summary>Σ_k gradOutputs[k]ᵀ ∂outputs[k]/∂inputs, one tensor per input (zeros for an input the outputs do not use).</summary>
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
        }
        var result = torch.autograd.grad(outputs.ToList(), inputs.ToList(), grads, retain_graph: true, create_graph: createGraph, allow_unused: true);
        var r = new Tensor[inputs.Count];
        for (int j = 0; j < inputs.Count; j++)
            r[j] = result[j] is null || result[j].IsInvalid ? zeros_like(inputs[j]) : result[j];
        return r;
    }
}
