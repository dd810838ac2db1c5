using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// A deliberate mistake in the scratch model's hand-written backward pass, the kind a learner makes, for showing that
/// gradient checking finds it, names the tensors it reaches and says what it looks like. Each bug decorates one step of
/// the reference backward pass (Models/Scratch/ScratchNetwork: LINEAR, DROPOUT or ACTIVATION backward of one layer) and
/// leaves the rest alone; the reference has no mistakes in it. <see cref="PlantedBugs.All"/> lists them.
/// </summary>
public abstract class PlantedBug
{
    private protected PlantedBug() { }

    /// <summary>The bug's name, e.g. "course" (what `gradcheck --bug` takes).</summary>
    public abstract string Name { get; }

    /// <summary>The mistake, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The tensors the mistake reaches in a model with <paramref name="model"/>'s options, in a built-in case (after
    /// <see cref="Stage"/>): what a gradient check should name.
    /// </summary>
    public abstract IReadOnlyList<string> AffectedTensors(ModelOptions model);

    /// <summary>Why the bug cannot be planted in a model with <paramref name="model"/>'s options, or null when it can.</summary>
    public virtual string? Unplantable(ModelOptions model) => null;

    /// <summary>
    /// Makes a built-in case show the mistake when it only acts on special data (in place, on the case's own tensors):
    /// the relu bug needs a pre-activation exactly 0. Most bugs need nothing; a user's data is never staged.
    /// </summary>
    /// <param name="x">The case's inputs X, (n_x, m).</param>
    /// <param name="parameters">The case's parameters θ.</param>
    /// <returns>What was changed, in one line, or null when nothing was.</returns>
    public virtual string? Stage(Tensor x, ParameterSet parameters) => null;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Whether the ACTIVATION step needs Z itself (kept by the forward pass), not only A = g(Z).</summary>
    internal virtual bool NeedsPreActivations => false;

    /// <summary>Layer <paramref name="layer"/>'s LINEAR backward over <paramref name="samples"/> samples; <paramref name="reference"/> computes the correct one with the λ/m it is given.</summary>
    internal virtual (Tensor dW, Tensor db) LinearBackward(int layer, int layers, long samples, Tensor? lambdOverM, Func<Tensor?, (Tensor dW, Tensor db)> reference) =>
        reference(lambdOverM);

    /// <summary>Hidden layer <paramref name="layer"/>'s DROPOUT backward; <paramref name="reference"/> is the correct one.</summary>
    internal virtual Tensor DropoutBackward(int layer, Tensor dA, Tensor d, Func<Tensor, Tensor> reference) => reference(dA);

    /// <summary>Hidden layer <paramref name="layer"/>'s ACTIVATION backward (<paramref name="z"/> when <see cref="NeedsPreActivations"/>); <paramref name="reference"/> is the correct one.</summary>
    internal virtual Tensor ActivationBackward(int layer, int layers, Tensor dA, Tensor a, Tensor? z, Func<Tensor, Tensor> reference) => reference(dA);

    /// <summary>The common precondition: a hidden layer to plant the bug in.</summary>
    private protected string? NeedsHiddenLayer(ModelOptions model) => model.LayerCount < 2
        ? $"the {Name} bug needs a hidden layer; the model has {model.LayerCount} layer (logistic regression)"
        : null;
}
