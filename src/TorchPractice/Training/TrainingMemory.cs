using TorchPractice.Models.Scratch;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// About how much memory full-batch training of a model needs, estimated from the layer sizes before anything is
/// allocated (so that a typo such as 2,1000000000,5,1 is refused instead of exhausting the machine). Parameters count
/// four times (values, gradients, the update's temporaries, the initial and the saved copy); activations five values
/// per hidden or output unit and training sample (Z, A, the dropout mask, dA and dZ of the backward pass), two per
/// unit and test sample (evaluation), and the inputs themselves. An estimate, meant to be within a small factor.
/// </summary>
/// <param name="ParameterBytes">Parameters, their gradients and copies.</param>
/// <param name="ActivationBytes">Inputs, activations and their gradients.</param>
public sealed record TrainingMemory(double ParameterBytes, double ActivationBytes)
{
    /// <summary>Everything together, in bytes.</summary>
    public double TotalBytes => ParameterBytes + ActivationBytes;

    /// <summary>Estimates the memory for training <paramref name="layers"/> (n_x, h1, …, 1) on the given sample counts.</summary>
    public static TrainingMemory Estimate(IReadOnlyList<int> layers, long trainSamples, long testSamples, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(layers);
        double element = dtype switch { ScalarType.Float32 => 4, ScalarType.Float16 or ScalarType.BFloat16 => 2, _ => 8 };
        double parameters = 0;
        for (int l = 1; l < layers.Count; l++) parameters += (double)layers[l] * ((double)layers[l - 1] + 1);
        double inputs = layers.Count > 0 ? (double)layers[0] * (trainSamples + testSamples) : 0;
        double train = ScratchNetwork.ActivationElements(layers, trainSamples), test = ScratchNetwork.ActivationElements(layers, testSamples);
        return new TrainingMemory(4 * parameters * element, (5 * train + 2 * test + inputs) * element);
    }

    /// <summary>"64.0 GiB (parameters 60.0 GiB, activations 4.0 GiB)".</summary>
    public override string ToString() => $"{Format(TotalBytes)} (parameters {Format(ParameterBytes)}, activations {Format(ActivationBytes)})";

    /// <summary>Bytes as KiB, MiB, GiB or TiB with one decimal.</summary>
    public static string Format(double bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int u = 0;
        while (bytes >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return u == 0 ? $"{bytes:0} bytes" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes:0.0} {units[u]}");
    }
}
