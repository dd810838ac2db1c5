// README "Check your own backprop" shows the code between the two markers verbatim; ReadmeExampleTests runs it.
// README: begin
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchSharp;
using static TorchSharp.torch;

public static class CheckYourOwnBackprop
{
    // Numbers as held Scalars, and sums with their α: TorchSharp frees a C# number used as an operand (`t * 2`, the
    // hidden α of `a + b`) in a finalizer, which a garbage collection on another thread can run mid-call (README, "Known limits").
    static readonly Scalar Zero = 0, One = 1, M = 50, Two = 2, Three = 3;

    // Logistic regression J(w, b) = mean BCE(σ(w·X + b), y), and its hand-written backward pass.
    public static GradCheckResult LogisticRegression()
    {
        var g = new Generator(1);
        var x = randn([3, 50], float64, generator: g);                      // (n_x, m)
        var y = (randn([1, 50], float64, generator: g) > Zero).to(float64); // (1, m)
        using var p = new ParameterSet([("w", randn([1, 3], float64, generator: g)), ("b", zeros(1, 1, float64))]);

        Tensor Cost(ParameterSet q) => nn.functional.binary_cross_entropy_with_logits(q["w"].mm(x).add(q["b"], One), y);
        ParameterSet Backward(ParameterSet q)
        {
            var dz = (q["w"].mm(x).add(q["b"], One).sigmoid() - y) / M;     // ∂J/∂z, (1, m)
            return new ParameterSet([("w", dz.mm(x.t())), ("b", dz.sum(1, keepdim: true))]);
        }

        var result = GradCheck.Cost(Cost, p, Backward);  // hand-written vs numeric, vs autograd; autograd vs numeric
        result.ThrowIfFailed();                            // in a unit test: fails with the wrong tensors and worst entries
        return result;
    }

    // A custom autograd Function whose backward is wrong (d/dx x³ is 3x², not 2x²).
    public static GradCheckResult CustomFunction()
    {
        var x = randn([5], float64, generator: new Generator(2)).requires_grad_();
        var result = GradCheck.Function(t => Cube.apply(t[0]), [x]);  // PyTorch's gradcheck
        Console.WriteLine(result);  // gradient check FAILED: wrong input 0 …, the worst entries of the Jacobian
        return result;
    }

    sealed class Cube : torch.autograd.SingleTensorFunction<Cube>
    {
        public override string Name => "Cube";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x.pow(Three);
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad)
        {
            var x = ctx.get_saved_variables()[0];
            return [grad * x * x * Two];  // the bug: 2 instead of 3
        }
    }
}
// README: end
