using TorchPractice.Comparison.Peers;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Bench;

/// <summary>Where and with what the benchmark ran.</summary>
/// <param name="Cores">Logical CPUs.</param>
/// <param name="Cpu">The CPU model.</param>
/// <param name="Date">When (UTC).</param>
/// <param name="TorchSharp">TorchSharp's version.</param>
/// <param name="LibTorch">libtorch's version.</param>
/// <param name="DotNet">The .NET runtime.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="LoadAverageBefore">The machine's load averages before the run.</param>
/// <param name="LoadAverageAfter">And after it.</param>
public sealed record BenchMachine(int Cores, string Cpu, string Date, string TorchSharp, string LibTorch, string DotNet,
    string Device, string LoadAverageBefore, string LoadAverageAfter);
