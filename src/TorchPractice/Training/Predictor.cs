using TorchPractice.Data;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>Applying a saved model to data: the evaluate-only counterpart of <see cref="Trainer"/>.</summary>
public static class Predictor
{
    /// <summary>
    /// Checks that <paramref name="data"/> has the features the model was trained on (<see cref="SavedModel.CheckFeatures"/>:
    /// <see cref="InvalidDataException"/> naming the file and the first mismatching column), applies the stored
    /// standardization if the model has one, and runs the model's forward pass (no dropout) in the dtype it was trained in.
    /// Metrics (the same <see cref="Metrics.Evaluate"/> that training reports) when the data is labelled.
    /// </summary>
    /// <param name="model">From <see cref="ParameterFile.Read"/>.</param>
    /// <param name="data">The samples (labelled or not: <see cref="Dataset.IsLabelled"/>).</param>
    /// <param name="device">Where to compute (default: the CPU).</param>
    /// <param name="implementation">Whose forward pass (default: the from-scratch one; both compute the same function).</param>
    public static Predictions Predict(SavedModel model, Dataset data, Device? device = null, Implementation implementation = Implementation.Scratch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        model.CheckFeatures(data.FeatureNames, data.Name);
        var scaled = model.Standardization?.Apply(data) ?? data;
        device ??= CPU;
        using var scope = NewDisposeScope();
        var (x, y) = scaled.ToTensors(device, model.DType);
        using var net = ModelFactory.Create(implementation, model.Options, "numpy", 0, device, initial: model.Parameters);
        var p = net.Probabilities(x).detach().cpu().to(float64).contiguous().data<double>().ToArray();
        var classes = p.Select(v => v > 0.5 ? 1 : 0).ToArray();
        var metrics = data.IsLabelled ? Metrics.Evaluate(net, x, y) : null;
        return new Predictions(p, classes, metrics, model.Standardization is not null);
    }
}
