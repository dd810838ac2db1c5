using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// What a sweep chose on dev, and the one test number reported for it (used for no choice).
/// Parameter: "lambd" or "keep_prob"; Value: the chosen setting; Rule: how the choice was made; TiedOnDevError: how many
/// configurations (the chosen one included) have its dev error: above 1, the dev cost broke a tie (the dev error did not choose).
/// </summary>
public sealed record SweepChoice(string Parameter, double Value, double DevAccuracy, double DevCost, double TestAccuracy, string Rule, int TiedOnDevError = 1);
