using System.Reflection;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>Reads the library's internal CustomBackwardProbe.Available (it leans on TorchSharp 0.107's internals).</summary>
static class CustomBackwardProbeAccess
{
    public static bool Available => (bool)typeof(TorchPractice.GradientCheck.GradCheck).Assembly
        .GetType("TorchPractice.GradientCheck.CustomBackwardProbe")!
        .GetProperty("Available", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
}
