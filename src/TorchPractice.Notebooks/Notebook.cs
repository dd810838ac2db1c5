using System.Globalization;
using Microsoft.DotNet.Interactive;
using TorchPractice.Runtime;
using TorchSharp;

namespace TorchPractice.Notebooks;

/// <summary>
/// What the notebooks' cells call besides the library (<c>using static TorchPractice.Notebooks.Notebook;</c> in the
/// setup cell): the device, pictures and numbers printed as the course's Python prints them.
/// </summary>
public static class Notebook
{
    /// <summary>
    /// Selects the device (<see cref="DeviceChoice.Cuda"/> needs a CUDA libtorch: README, "CPU and CUDA"), runs libtorch
    /// on one thread (the course's tensors are tiny: one thread is fastest) and prints the TorchSharp version and device.
    /// </summary>
    public static torch.Device UseDevice(DeviceChoice choice)
    {
        var device = TorchRuntime.Select(choice);
        TorchRuntime.SetThreads(1);
        Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, device {device.type}");
        return device;
    }

    /// <summary>Shows the PNG that <paramref name="draw"/> writes to the file it is given (a temporary file, removed after).</summary>
    public static void Show(Action<string> draw)
    {
        var file = Path.Combine(Path.GetTempPath(), $"torchpractice-notebook-{Guid.NewGuid():N}.png");
        try
        {
            draw(file);
            KernelInvocationContext.Current.DisplayAs(Convert.ToBase64String(File.ReadAllBytes(file)), "image/png");
        }
        finally { File.Delete(file); }
    }

    /// <summary>A number as Python prints it (shortest round trip, "inf", "nan"), to compare with the course's.</summary>
    public static string Py(double v) =>
        double.IsPositiveInfinity(v) ? "inf" : double.IsNaN(v) ? "nan" : v.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
}
