using TorchPractice.Data.Scaling;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Everything a parameter file holds, read once by <see cref="ParameterFile.Read"/>: the parameters, the layers they
/// make, the hidden activation, the feature scaling they were trained with, the names of the features (in order) and
/// the dtype they were trained in. Dispose it to free the tensors.
/// </summary>
public sealed class SavedModel : IDisposable
{
    internal SavedModel(string path, ParameterSet parameters, int[] layers, Activation activation,
        Standardization? standardization, IReadOnlyList<string>? featureNames, ScalarType dtype)
    {
        Path = path;
        Parameters = parameters;
        Layers = layers;
        Activation = activation;
        Standardization = standardization;
        FeatureNames = featureNames;
        DType = dtype;
    }

    /// <summary>The file it was read from (named in every message about it).</summary>
    public string Path { get; }
    /// <summary>The parameters W1, b1, …: float64 tensors on the CPU.</summary>
    public ParameterSet Parameters { get; }
    /// <summary>[n_x, h_1, …, 1], from the tensors' shapes.</summary>
    public int[] Layers { get; }
    /// <summary>The hidden layers' activation (<see cref="Activation.Relu"/> for files written before it was stored).</summary>
    public Activation Activation { get; }
    /// <summary>The feature scaling the parameters were trained with; null: raw features.</summary>
    public Standardization? Standardization { get; }
    /// <summary>The feature names, in the order the model's inputs take them; null for files written before they were stored.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }
    /// <summary>The dtype the model was trained in (Float64 for files written before it was stored).</summary>
    public ScalarType DType { get; }
    /// <summary>n_x, the number of features the model takes.</summary>
    public int FeatureCount => Layers[0];
    /// <summary>The model's architecture as options (layers, activation, dtype; the rest default).</summary>
    public ModelOptions Options => new() { Layers = Layers, Activation = Activation, DType = DType };

    /// <summary>
    /// Throws <see cref="InvalidDataException"/>, one line naming this file, unless <paramref name="names"/> (the data's
    /// feature columns, in order; <paramref name="dataName"/> names the data in the message) are the features the model
    /// was trained on: first the count ("… is a model for 2 features but data … has 13"), then, when the file stores
    /// names, every name in the same position (the first mismatching column is named; the same names in another order
    /// are refused too, and said to be so). Files without names are checked by count only.
    /// </summary>
    public void CheckFeatures(IReadOnlyList<string> names, string dataName)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != FeatureCount)
            throw new InvalidDataException(
                $"{Path} is a model for {FeatureCount} {(FeatureCount == 1 ? "feature" : "features")}{Listed(FeatureNames)} " +
                $"but data '{dataName}' has {names.Count}; it applies only to data with the features it was trained on");
        if (FeatureNames is null) return;
        for (int j = 0; j < names.Count; j++)
        {
            if (names[j] == FeatureNames[j]) continue;
            bool reordered = names.OrderBy(n => n, StringComparer.Ordinal).SequenceEqual(FeatureNames.OrderBy(n => n, StringComparer.Ordinal));
            throw new InvalidDataException(
                $"{Path}: feature {j + 1} of data '{dataName}' is '{names[j]}' but the model was trained with '{FeatureNames[j]}' there" +
                (reordered
                    ? $"; the data has the model's features in another order: put its columns in the model's order{Listed(FeatureNames)}"
                    : $"; it applies only to data with the features it was trained on{Listed(FeatureNames)}"));
        }
    }

    static string Listed(IReadOnlyList<string>? names) => names is null ? "" :
        names.Count <= 12 ? $" ({string.Join(", ", names)})" : $" ({string.Join(", ", names.Take(12))}, … {names.Count} in all)";

    /// <summary>Frees the parameters.</summary>
    public void Dispose() => Parameters.Dispose();
}
