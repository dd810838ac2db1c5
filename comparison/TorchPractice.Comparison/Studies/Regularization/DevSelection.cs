namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Choosing a configuration as the course teaches it: on the dev set only. The test set is then consulted once, for
/// the chosen configuration, so its number is an unbiased estimate (no choice was made with it).
/// </summary>
public static class DevSelection
{
    /// <summary>The selection rule, in words.</summary>
    public const string Rule = "lowest dev error; ties go to the lower dev cost (cross-entropy on dev), then to the first listed";

    /// <summary>The index of the configuration <see cref="Rule"/> picks. Reads only dev numbers.</summary>
    public static int Choose(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("nothing to choose from: the sweep has no configurations", nameof(points));
        int best = 0;
        for (int i = 1; i < points.Count; i++)
        {
            var (p, b) = (points[i], points[best]);
            // Dev error = 1 − dev accuracy: the higher accuracy wins; equal accuracies compare by cost.
            if (p.DevAccuracy > b.DevAccuracy || (p.DevAccuracy == b.DevAccuracy && p.DevCost < b.DevCost)) best = i;
        }
        return best;
    }

    /// <summary>
    /// Chooses on dev (<see cref="Choose"/>), marks the choice, and asks <paramref name="testAccuracy"/> (by index) for
    /// the chosen configuration's test accuracy only — or, with <paramref name="showAllTest"/>, for every configuration's,
    /// after the choice is made (shown as "not used for selection"). Other configurations' test accuracy stays null.
    /// </summary>
    public static (IReadOnlyList<SweepPoint> Points, SweepChoice Choice) Select(IReadOnlyList<SweepPoint> points, string parameter,
        Func<SweepPoint, double> value, Func<int, double> testAccuracy, bool showAllTest)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(testAccuracy);
        int chosen = Choose(points);
        var marked = points.Select((p, i) =>
        {
            double? test = i == chosen || showAllTest ? testAccuracy(i) : null;
            return p with { Chosen = i == chosen, Run = p.Run with { TestAccuracy = test } };
        }).ToList();
        var c = marked[chosen];
        // How many configurations share the chosen dev error: more than one, and the dev cost (or the order) chose.
        int tied = points.Count(p => p.DevAccuracy == c.DevAccuracy);
        return (marked, new SweepChoice(parameter, value(c), c.DevAccuracy, c.DevCost, c.Run.TestAccuracy!.Value, Rule, tied));
    }
}
