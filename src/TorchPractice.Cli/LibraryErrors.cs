using System.Text.RegularExpressions;

namespace TorchPractice.Cli;

/// <summary>
/// The library's argument errors name its own properties (KeepProb, LearningRate, …); the user typed flags.
/// This turns "KeepProb must be in (0, 1]; got 1.5 (Parameter 'KeepProb') Actual value was 1.5." into
/// "--keep-prob must be in (0, 1]; got 1.5".
/// </summary>
static class LibraryErrors
{
    static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["Layers"] = "--layers", ["Activation"] = "--activation", ["KeepProb"] = "--keep-prob", ["Lambd"] = "--lambd", ["InitScale"] = "--init-scale",
        ["LearningRate"] = "--lr", ["Iterations"] = "--iterations", ["PrintEvery"] = "--print-every",
        ["Epsilon"] = "--epsilon", ["Threshold"] = "--threshold", ["Subset"] = "--subset", ["LabelColumn"] = "--label",
    };

    public static string Message(ArgumentException e)
    {
        string text = e.Message.Split('\n')[0];
        if (e.ParamName is not { } name) return text;
        text = text.Replace($" (Parameter '{name}')", "");
        return Flags.TryGetValue(name, out var flag) ? Regex.Replace(text, $@"(?<![\w.-]){Regex.Escape(name)}\b", flag) : text;
    }
}
