using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// <see cref="GradCheck.Model"/>: the built-in L-layer model checked through the one core (<see cref="CostCheck"/>):
/// J is the scratch model's cost, the hand-written gradient its backward pass (or a planted bug's), autograd
/// differentiates the same forward pass, and the perturbed costs of the slow mode are batched (<see cref="BatchedCost"/>,
/// equal bit for bit to one at a time).
/// </summary>
static class ModelCheck
{
    /// <summary>The largest step accepted: beyond it θ ± ε is no longer a small perturbation and every tensor would read as wrong.</summary>
    public const double MaxEpsilon = 1e-2;

    public static GradCheckResult Run(ModelOptions model, ParameterSet parameters, Tensor x, Tensor y, IReadOnlyList<Tensor>? frozenMasks,
        PlantedBug? bug, GradCheckOptions options, bool batched, long chunkElementBudget = 1L << 24)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        var o = model with { DType = ScalarType.Float64 };
        o.Validate();
        ParameterShapes.Check(o, parameters);
        if (bug?.Unplantable(o) is { } why) throw new ArgumentException(why, nameof(bug));
        if (o.UsesDropout && frozenMasks is null)
            throw new ArgumentException("gradient checking with dropout (keep_prob < 1) needs frozen masks: redrawn masks make J a different function at every perturbation", nameof(frozenMasks));
        if (!(options.Epsilon > 0 && options.Epsilon <= MaxEpsilon))
            throw new ArgumentOutOfRangeException(nameof(GradCheckOptions.Epsilon), options.Epsilon,
                $"Epsilon must be in (0, 0.01] for the model (a small step; the course uses 1e-7); got {options.Epsilon:G}");
        if (chunkElementBudget <= 0) throw new ArgumentOutOfRangeException(nameof(chunkElementBudget), chunkElementBudget, "the chunk budget must be > 0");

        var device = parameters["W1"].device;
        using var scope = NewDisposeScope();
        using var theta = parameters.To(device, float64);
        var xs = x.to(float64, device);
        var ys = y.to(float64, device);
        var masks = o.UsesDropout ? frozenMasks!.Select(d => d.to(float64, device)).ToArray() : null;
        using var held = new HeldScalars(); // m (see HeldScalars)
        long m = ys.shape[1];
        var keepProb = tensor(o.KeepProb, float64, device).reshape(1, 1);
        var lambdOverM = o.Lambd > 0 ? tensor(o.Lambd / m, float64, device).reshape(1, 1) : null;
        var reference = new ScratchNetwork(o.Activation, keepProb);

        (Tensor[] W, Tensor[] B) Split(ParameterSet p) =>
            (Enumerable.Range(1, o.LayerCount).Select(l => p[ParameterSet.W(l)]).ToArray(),
             Enumerable.Range(1, o.LayerCount).Select(l => p[ParameterSet.B(l)]).ToArray());

        // J(θ): the scratch forward pass and cost, as ScratchModel.Cost computes them; autograd records the same forward
        // pass, with the stable cross-entropy taken as libtorch's binary_cross_entropy_with_logits, whose derivative
        // σ(z) − y is right at z = 0 (autograd of max(z, 0) − z·y + log1p(e^−|z|) takes slopes of max and |z| there that
        // do not cancel: at a sample with Z_L = 0 exactly it is off by 1/(2m)).
        Tensor Cost(ParameterSet p)
        {
            var (w, b) = Split(p);
            var c = reference.Forward(xs, w, b, masks);
            var (zL, aL) = (c.ZL, c.AL);
            if (!is_grad_enabled() || o.CourseCost) return SigmoidCrossEntropy.Cost(zL, aL, ys, w, o.Lambd, o.CourseCost);
            var ce = nn.functional.binary_cross_entropy_with_logits(zL, ys);
            return o.Lambd > 0 ? ce.add(Models.CostFormulas.L2(w, o.Lambd, m), HeldScalars.One) : ce;
        }

        // The hand-written backward pass (with the bug planted), on the copy the check hands it.
        ParameterSet Gradients(ScratchNetwork network, ParameterSet p)
        {
            var (w, b) = Split(p);
            var (dW, db) = network.Backward(network.Forward(xs, w, b, masks), ys, w, held[m], lambdOverM);
            return new ParameterSet(Enumerable.Range(1, o.LayerCount).SelectMany(l => new[] { (ParameterSet.W(l), dW[l - 1]), (ParameterSet.B(l), db[l - 1]) }));
        }
        var network = bug is null ? reference : new PlantedBugNetwork(bug, o.LayerCount, o.Activation, keepProb);
        ParameterSet HandWritten(ParameterSet p) => Gradients(network, p);

        var evaluator = batched ? BatchedCost.Evaluator(o, theta, ParameterVector.From(theta), xs, ys, masks, chunkElementBudget) : null;
        var result = CostCheck.Run(Cost, theta, HandWritten, options with { Diagnosis = null }, evaluator, "scratch");

        var notes = new List<string>();
        if (model.DType != ScalarType.Float64)
            notes.Add($"the model is {model.DType.ToString().ToLowerInvariant()}: checked in float64 (its parameters upcast), because in float32 " +
                      $"the change ε = {options.Epsilon:G3} makes in J is mostly rounding, so the numeric gradient would be noise");
        if (o.UsesDropout)
            notes.Add($"dropout masks frozen: the same D_l (keep_prob {o.KeepProb}) in every perturbed forward pass; " +
                      "with masks redrawn per pass (as in training) J changes with every draw and the check cannot work, as the course warns");
        if (o.Lambd > 0) notes.Add($"J includes the L2 term λ/(2m)·Σ‖W‖² with λ = {o.Lambd}");
        if (result.NonDifferentiable.Count > 0)
            notes.Add($"{result.NonDifferentiable.Count} entries sit on a kink (J not differentiable within ε: the one-sided differences disagree, also at ε/8); " +
                      "listed as non-differentiable and left out of the verdict");
        if (bug is not null && result.Passed && !options.FastMode && SameGradients(HandWritten, p => Gradients(reference, p), theta))
            notes.Add($"the planted {bug.Name} bug changes no gradient at these parameters and data ({bug.Description}): there is nothing to find");
        result = result with { Notes = [.. notes, .. result.Notes] };
        // What a wrong tensor's mistake looks like (a ratio, an L2 term, units whose ReLU is off, …): the model's context.
        return result.Passed ? result : GradientDiagnoser.Annotate(result, options.Diagnosis ?? ModelDiagnosisContext.Create(o, theta, xs, ys, masks));
    }

    /// <summary>Whether the planted bug's gradients equal the reference's bit for bit (it never acted here).</summary>
    static bool SameGradients(Func<ParameterSet, ParameterSet> handWritten, Func<ParameterSet, ParameterSet> reference, ParameterSet theta)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var p = theta.Clone();
        var bugged = handWritten(p);
        using var q = theta.Clone();
        var correct = reference(q);
        return bugged.Names.All(n => bugged[n].eq(correct[n]).all().item<bool>());
    }
}
