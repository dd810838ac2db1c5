using TorchPractice.Comparison.Report;
using TorchPractice.Comparison.Studies;
using TorchPractice.Training;

namespace TorchPractice.Tests.Comparison.Studies.Regularization;

/// <summary>Sweeps choose on dev, and the test set is read only for the chosen configuration.</summary>
public sealed class DevSelectionTests
{
    /// <summary>A synthetic sweep point: λ, train / dev accuracy, dev cost.</summary>
    static SweepPoint Point(double lambd, double train, double dev, double devCost = 0.3) =>
        new(lambd, 1, new RunResult("scratch (batched)", train, null, 0.1, 0, 10, 10, []), dev, devCost, BiasVariance.FromAccuracies(train, dev));

    // λ = 0.1 is best on test (0.97) but only third on dev; λ = 0.7 is best on dev and mediocre on test.
    static readonly SweepPoint[] Points = [Point(0, 0.99, 0.88), Point(0.1, 0.97, 0.90), Point(0.7, 0.94, 0.93), Point(3, 0.90, 0.91)];
    static readonly double[] TestAccuracy = [0.89, 0.97, 0.92, 0.90];

    [Fact]
    public void The_configuration_best_on_dev_is_chosen_even_where_another_is_best_on_test()
    {
        var asked = new List<int>();
        var (points, choice) = DevSelection.Select(Points, "lambd", p => p.Lambd, i => { asked.Add(i); return TestAccuracy[i]; }, showAllTest: false);

        Assert.Equal(1, Array.IndexOf(TestAccuracy, TestAccuracy.Max())); // the trap: test would pick λ = 0.1
        Assert.Equal(0.7, choice.Value);
        Assert.Equal(0.93, choice.DevAccuracy);
        Assert.Equal(0.92, choice.TestAccuracy);
        Assert.Equal([2], asked); // the test set was read once, for the chosen configuration
        Assert.Equal([false, false, true, false], points.Select(p => p.Chosen));
        Assert.Equal([null, null, 0.92, null], points.Select(p => p.Run.TestAccuracy));
    }

    [Fact]
    public void Showing_every_test_number_does_not_change_the_choice()
    {
        var (points, choice) = DevSelection.Select(Points, "lambd", p => p.Lambd, i => TestAccuracy[i], showAllTest: true);
        Assert.Equal(0.7, choice.Value);
        Assert.Equal(TestAccuracy.Select(a => (double?)a), points.Select(p => p.Run.TestAccuracy));
    }

    [Fact]
    public void Equal_dev_errors_go_to_the_lower_dev_cost_then_to_the_first()
    {
        Assert.Equal(1, DevSelection.Choose([Point(0, 0.95, 0.90, 0.40), Point(0.3, 0.95, 0.90, 0.35), Point(1, 0.9, 0.90, 0.38)]));
        Assert.Equal(0, DevSelection.Choose([Point(0, 0.95, 0.90, 0.35), Point(0.3, 0.95, 0.90, 0.35)]));
        Assert.Throws<ArgumentException>(() => DevSelection.Choose([]));
    }

    [Fact]
    public void The_sweep_table_hides_other_test_numbers_unless_asked_and_then_marks_them_unused()
    {
        var (points, choice) = DevSelection.Select(Points, "lambd", p => p.Lambd, i => TestAccuracy[i], showAllTest: false);
        var table = RegularizationStudyReport.Sweep("λ sweep", "λ", points, choice, p => p.Lambd, allTest: false);
        Assert.DoesNotContain(table.Columns, c => c.Contains("test", StringComparison.Ordinal));
        Assert.Equal(["", "", "◀ chosen", ""], table.Rows.Select(r => r[table.Columns.ToList().IndexOf("chosen on dev")]));
        string note = Assert.Single(table.Notes);
        Assert.Contains("chosen on dev: λ = 0.7", note);
        Assert.Contains("Test accuracy of λ = 0.7: 92.0 % — the one test number of this sweep, not used for any choice", note);
        Assert.DoesNotContain("97.0", string.Join(" ", table.Rows.SelectMany(r => r)) + note);

        var (all, allChoice) = DevSelection.Select(Points, "lambd", p => p.Lambd, i => TestAccuracy[i], showAllTest: true);
        var shown = RegularizationStudyReport.Sweep("λ sweep", "λ", all, allChoice, p => p.Lambd, allTest: true);
        Assert.Equal(RegularizationStudyReport.UnusedTestColumn, shown.Columns[^1]);
        Assert.Equal(["89.0", "97.0", "92.0", "90.0"], shown.Rows.Select(r => r[^1]));
        // Train and dev error with the course's avoidable bias and variance (baseline 0): λ = 0 has 1 % / 12 %.
        Assert.Equal(["0", "1.0", "12.0", "+1.0", "+11.0", "high variance"], shown.Rows[0].Take(6));
    }

    // Issue #27, item 6: on raw breast-cancer features every λ predicted one class, and "chosen on dev: λ = 0" hid a
    // 7-way tie. The note says so.
    [Fact]
    public void A_choice_out_of_a_tie_on_dev_error_says_so()
    {
        var tied = Enumerable.Range(0, 7).Select(i => Point(i, 0.626, 0.632, devCost: 0.70 - 0.01 * i)).ToArray();
        var (points, choice) = DevSelection.Select(tied, "lambd", p => p.Lambd, _ => 0.63, showAllTest: false);
        Assert.Equal(7, choice.TiedOnDevError);
        Assert.Equal(6, choice.Value); // the lowest dev cost
        var note = RegularizationStudyReport.Sweep("λ sweep", "λ", points, choice, p => p.Lambd, allTest: false).Notes[0];
        Assert.StartsWith("chosen on dev: λ = 6 out of a 7-way tie on dev error (every configuration), broken by the lower dev cost", note);

        var (_, clear) = DevSelection.Select(Points, "lambd", p => p.Lambd, i => TestAccuracy[i], showAllTest: false);
        Assert.Equal(1, clear.TiedOnDevError);
        var (p2, two) = DevSelection.Select([Point(0, 0.95, 0.90, 0.40), Point(0.3, 0.95, 0.90, 0.35), Point(1, 0.9, 0.80, 0.38)],
            "lambd", p => p.Lambd, _ => 0.9, showAllTest: false);
        Assert.StartsWith("chosen on dev: λ = 0.3 out of a 2-way tie on dev error, broken by", RegularizationStudyReport.Sweep("λ", "λ", p2, two, p => p.Lambd, false).Notes[0]);
    }

    // Issue #27, item 13: a train error below the baseline (negative avoidable bias) is flagged in the sweep table.
    [Fact]
    public void A_train_error_below_the_baseline_is_flagged_in_the_sweep_table()
    {
        SweepPoint P(double lambd, double train, double dev) =>
            new(lambd, 1, new RunResult("scratch (batched)", train, null, 0.1, 0, 10, 10, []), dev, 0.3, BiasVariance.FromAccuracies(train, dev, 0.15));
        var (points, choice) = DevSelection.Select([P(0, 0.90, 0.85), P(0.7, 0.80, 0.80)], "lambd", p => p.Lambd, _ => 0.8, showAllTest: false);
        var table = RegularizationStudyReport.Sweep("λ sweep", "λ", points, choice, p => p.Lambd, allTest: false);
        Assert.Equal(["0", "10.0", "15.0", "−5.0", "+5.0", "high variance; train error below the baseline!"], table.Rows[0].Take(6));
        Assert.Equal("neither (low bias, low variance)", table.Rows[1][5]);
        Assert.Contains(table.Notes, n => n.StartsWith("1 of 2 configurations have a train error below the baseline 15.0 % (a negative avoidable bias)", StringComparison.Ordinal));
    }
}
