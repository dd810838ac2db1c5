using System.Text.Json;

namespace TorchPractice.Models;

/// <summary>
/// The activations' names in parameter files, JSON and on command lines: relu, tanh, sigmoid, leaky_relu (the enum's
/// names in snake_case, as the JSON output writes every enum).
/// </summary>
public static class ActivationNames
{
    /// <summary>Every activation's name, in the enum's order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<Activation>().Select(Name).ToArray();

    /// <summary>"relu", "tanh", "sigmoid" or "leaky_relu".</summary>
    public static string Name(this Activation activation) => JsonNamingPolicy.SnakeCaseLower.ConvertName(activation.ToString());

    /// <summary>The activation called <paramref name="name"/> (case-insensitive); false for any other text.</summary>
    public static bool TryParse(string? name, out Activation activation)
    {
        foreach (var a in Enum.GetValues<Activation>())
            if (string.Equals(Name(a), name, StringComparison.OrdinalIgnoreCase)) { activation = a; return true; }
        activation = default;
        return false;
    }

    /// <summary>"relu, tanh, sigmoid or leaky_relu": the accepted names, for messages.</summary>
    public static string Expected => string.Join(", ", All.Take(All.Count - 1)) + " or " + All[^1];
}
