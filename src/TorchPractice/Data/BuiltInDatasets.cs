namespace TorchPractice.Data;

/// <summary>The datasets that ship with TorchPractice (no download): circles, football, fraud.</summary>
public static class BuiltInDatasets
{
    public static IReadOnlyList<string> Names { get; } = ["circles", "football", "fraud"];

    /// <summary>Loads a built-in dataset's train/test pair, or returns false for an unknown name.</summary>
    public static bool TryLoad(string name, int seed, out DataSplit split)
    {
        throw new NotImplementedException("built-in datasets: in progress (issue 3)");
    }
}
