using System.Globalization;
using TorchPractice.Training;

namespace TorchPractice.Cli;

/// <summary>What the machine can give a run, checked before any large allocation.</summary>
public static class MachineMemory
{
    /// <summary>MemAvailable from /proc/meminfo (what can be allocated without swapping); elsewhere what .NET reports.</summary>
    public static long AvailableBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Refuses (exit 2) a run whose estimate exceeds <paramref name="availableBytes"/>, naming both.</summary>
    public static void CheckFits(TrainingMemory need, long availableBytes, string what)
    {
        if (need.TotalBytes > availableBytes)
            throw new UsageException($"{what} needs about {need}; this machine has {TrainingMemory.Format(availableBytes)} available " +
                "(MemAvailable): use fewer hidden units or samples");
    }
}
