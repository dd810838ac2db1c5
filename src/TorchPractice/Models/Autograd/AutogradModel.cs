using TorchPractice.Training;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Models.Autograd;

/// <summary>
/// Trains <see cref="FeedForwardNet"/> (any depth and hidden activation) with autograd: BCE-with-logits + an explicit L2 term, loss.backward(),
/// and optim.SGD's update θ += (−α)·∇θ made here with a held Scalar −α (TorchSharp 0.107's SGD.step passes −α as an
/// implicit Scalar, which a finalizer can free while libtorch reads it: the crash of README's "Known limits"). The L2 term is added to the loss rather than using SGD's weight_decay because weight_decay
/// would also shrink the biases and would leave the L2 term out of the reported cost; the course
/// regularizes weights only and prints the regularized cost.
/// </summary>
public sealed class AutogradModel : IClassifier
{
    readonly FeedForwardNet _net;
    readonly TorchSharp.Modules.Parameter[] _parameters;
    readonly IMaskSource? _masks;
    double _lr = double.NaN;
    Scalar? _minusLr; // −α for the update, held while α stays the same
    torch.optim.Optimizer? _optimizer; // TorchSharp's rule for momentum, RMSprop and Adam (null: gradient descent, made here)

    /// <summary>Builds the network with a copy of <paramref name="initial"/>; validates <paramref name="options"/>.</summary>
    /// <param name="options">The model's options.</param>
    /// <param name="initial">The starting parameters (copied).</param>
    /// <param name="dropoutSeed">Seeds nn.Dropout's generator when <paramref name="sharedMasks"/> is null.</param>
    /// <param name="sharedMasks">Dropout masks from the shared random source (null: TorchSharp's nn.Dropout,
    /// seeded with <paramref name="dropoutSeed"/>).</param>
    public AutogradModel(ModelOptions options, ParameterSet initial, IMaskSource? sharedMasks = null, long dropoutSeed = 0)
    {
        options.Validate();
        ParameterShapes.Check(options, initial);
        Options = options;
        Device = initial["W1"].device;
        _masks = sharedMasks;
        _net = new FeedForwardNet(options.Layers, options.Activation, options.KeepProb, options.DType, Device);
        LoadParameters(initial);
        _parameters = _net.parameters().ToArray();
        if (options.UsesDropout && sharedMasks is null)
        {
            // nn.Dropout draws from the global generator: seed it so a run is repeatable.
            torch.random.manual_seed(dropoutSeed);
            if (Device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(dropoutSeed);
        }
    }

    /// <inheritdoc/>
    public string Implementation => "autograd";
    /// <inheritdoc/>
    public ModelOptions Options { get; }
    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>Loss (reported cost) and the logits, in training mode. x, y in the course layout.</summary>
    (Tensor Loss, Tensor Reported) Loss(Tensor x, Tensor y, IMaskSource? masks)
    {
        _net.train();
        Tensor[]? d = null;
        if (Options.UsesDropout && masks is not null)
            d = masks.NextPass(Options.HiddenSizes, x.shape[1], Device, Options.DType).Select(t => t.t()).ToArray();
        var z = _net.Logits(x.t(), d, Options.KeepProb);                  // (m, 1)
        var yt = y.t();
        var loss = nn.functional.binary_cross_entropy_with_logits(z, yt);
        var reported = Options.CourseCost ? Models.CostFormulas.Course(z.detach().sigmoid().t(), y) : loss.detach();
        if (Options.Lambd > 0)
        {
            var l2 = Models.CostFormulas.L2(_net.Layers.Select(l => l.Layer.weight!), Options.Lambd, y.shape[1]);
            loss = loss.add(l2, HeldScalars.One);
            reported = reported.add(l2.detach(), HeldScalars.One);
        }
        return (loss, reported);
    }

    /// <inheritdoc/>
    public double? TrainStep(Tensor x, Tensor y, double learningRate, bool reportCost)
    {
        using var scope = NewDisposeScope();
        if (learningRate != _lr) { _minusLr?.Dispose(); _minusLr = (-learningRate).ToScalar(); _lr = learningRate; }
        ClearGradients();
        var (loss, reported) = Loss(x, y, Options.UsesDropout ? _masks : null);
        loss.backward();
        if (_optimizer is not null)
        {
            foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
            _optimizer.step();
        }
        else
            using (no_grad())
                foreach (var p in _parameters)
                    if (p.grad is { } g) p.add_(g, _minusLr!); // optim.SGD's step: the same call, the same bits
        return reportCost ? reported.to(float64).item<double>() : null; // float32 models: read as float64
    }

    /// <summary>
    /// Trains with TorchSharp's torch.optim from now on, fresh: momentum as SGD(momentum = β, dampening = β), whose
    /// buffer b = β·b + (1 − β)·g is the course's v except at the first step, where PyTorch starts b at g (the course:
    /// v = (1 − β)·g), or with <see cref="OptimizerOptions.Dampening"/> when set; RMSprop as RMSProp(alpha = β2, eps = ε); Adam as Adam(β1, β2, ε) (the course's formulas, rounded
    /// in another order). Gradient descent stays the update made here.
    /// </summary>
    /// <param name="optimizer">The rule and its settings.</param>
    public void UseOptimizer(OptimizerOptions optimizer)
    {
        optimizer.Validate();
        _optimizer?.Dispose();
        _optimizer = optimizer.Kind switch
        {
            OptimizerKind.GradientDescent => null,
            OptimizerKind.Momentum => torch.optim.SGD(_parameters, 0.01, momentum: optimizer.Beta, dampening: optimizer.Dampening ?? optimizer.Beta),
            OptimizerKind.RmsProp => torch.optim.RMSProp(_parameters, 0.01, alpha: optimizer.Beta2, eps: optimizer.Epsilon),
            OptimizerKind.Adam => torch.optim.Adam(_parameters, 0.01, beta1: optimizer.Beta1, beta2: optimizer.Beta2, eps: optimizer.Epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer.Kind, "unknown optimizer"),
        };
    }

    /// <inheritdoc/>
    public double Cost(Tensor x, Tensor y, IMaskSource? masks)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return Loss(x, y, masks).Reported.to(float64).item<double>();
    }

    /// <inheritdoc/>
    public ParameterSet Gradients(Tensor x, Tensor y, IMaskSource? masks)
    {
        using var scope = NewDisposeScope();
        ClearGradients();
        Loss(x, y, masks).Loss.backward();
        var g = new ParameterSet(_net.Layers.SelectMany(l => new[]
        {
            ("W" + l.Name, l.Layer.weight!.grad!.clone()),
            ("b" + l.Name, l.Layer.bias!.grad!.reshape(-1, 1).clone()),
        }));
        ClearGradients();
        return new ParameterSet(g.Names.Select(n => (n, g[n].MoveToOuterDisposeScope())));
    }

    /// <summary>
    /// PyTorch's zero_grad(set_to_none=True), which TorchSharp 0.107 lacks: its zero_grad zeroes every .grad in
    /// place (three native calls per parameter) and backward then adds into the zeros; with no .grad, backward
    /// stores the fresh gradient. 12 % of a course-size step.
    /// </summary>
    void ClearGradients()
    {
        foreach (var p in _parameters) p.grad = null;
    }

    /// <inheritdoc/>
    public Tensor Probabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _net.eval();
        return _net.forward(x.t()).t().contiguous().MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public ParameterSet CopyParameters()
    {
        // In a scope: a temporary no scope holds (detach()) can be freed by its finalizer during the next call (README "Known limits").
        using var scope = NewDisposeScope();
        return new(_net.Layers.SelectMany(l => new[]
        {
            ("W" + l.Name, l.Layer.weight!.detach().clone().MoveToOuterDisposeScope()),
            ("b" + l.Name, l.Layer.bias!.detach().reshape(-1, 1).clone().MoveToOuterDisposeScope()),
        }));
    }

    /// <inheritdoc/>
    public void LoadParameters(ParameterSet parameters)
    {
        ParameterShapes.Check(Options, parameters);
        using var scope = NewDisposeScope(); // holds the reshape (see CopyParameters)
        using var _ = no_grad();
        foreach (var (name, layer) in _net.Layers)
        {
            layer.weight!.copy_(parameters["W" + name]);
            layer.bias!.copy_(parameters["b" + name].reshape(-1));
        }
    }

    /// <summary>Frees the network's tensors and the held −α.</summary>
    public void Dispose()
    {
        _minusLr?.Dispose();
        _optimizer?.Dispose();
        _net.Dispose();
    }
}
