using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// What both implementations offer. X is (n_x, m) and Y is (1, m), as in the course, on the model's
/// device and dtype. Gradients come back in a <see cref="ParameterSet"/> keyed W1, b1, ... (dW1 under "W1").
/// </summary>
public interface IClassifier : IDisposable
{
    /// <summary>"scratch" or "autograd".</summary>
    string Implementation { get; }
    /// <summary>The options the model was built with.</summary>
    ModelOptions Options { get; }
    /// <summary>Where the parameters live; X and Y must be there too.</summary>
    Device Device { get; }

    /// <summary>
    /// One training step on (a mini-batch of) X, Y: training forward pass (dropout on, masks from the model's own
    /// source), cost, backward, update (gradient descent unless <see cref="UseOptimizer"/> chose another rule). Returns the cost of that forward pass, before
    /// the update (as the course prints it), when <paramref name="reportCost"/> is set; else null
    /// (reading a number back forces a device sync, so it is skipped between reports).
    /// </summary>
    double? TrainStep(Tensor x, Tensor y, double learningRate, bool reportCost);

    /// <summary>
    /// Trains with <paramref name="optimizer"/>'s update rule from the next <see cref="TrainStep"/> on, with fresh state
    /// (the course's initialize_velocity / initialize_adam); <see cref="Training.Trainer"/> calls it at the start of a
    /// run. An implementation that has only gradient descent accepts that and refuses the others.
    /// </summary>
    /// <param name="optimizer">The rule and its settings.</param>
    void UseOptimizer(Training.OptimizerOptions optimizer)
    {
        if (optimizer.Kind != Training.OptimizerKind.GradientDescent)
            throw new NotSupportedException($"{Implementation} trains with gradient descent only; {optimizer.Kind} is not implemented by {GetType().Name}");
    }

    /// <summary>The training cost J(θ) at the current parameters, with the given dropout masks (null: none).</summary>
    double Cost(Tensor x, Tensor y, IMaskSource? masks);

    /// <summary>∂J/∂θ at the current parameters, with the given dropout masks (null: none); no update.</summary>
    ParameterSet Gradients(Tensor x, Tensor y, IMaskSource? masks);

    /// <summary>σ(z_L) of shape (1, m), never with dropout.</summary>
    Tensor Probabilities(Tensor x);

    /// <summary>A copy of the current parameters (copy out).</summary>
    ParameterSet CopyParameters();

    /// <summary>Replaces the parameters with a copy of these (copy in); shapes must match.</summary>
    void LoadParameters(ParameterSet parameters);
}
