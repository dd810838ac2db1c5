using TorchPractice.Models;
using TorchPractice.Runtime;

namespace TorchPractice.Comparison.Studies;

/// <summary>Everything `torchpractice compare` was asked to do.</summary>
public sealed record CompareOptions
{
    /// <summary>The --quick preset (fewer iterations and depths).</summary>
    public bool Quick { get; init; }
    /// <summary>The course's conventions: cost formula (may be inf), dropout re-seeded with 1 before every pass.</summary>
    public bool Course { get; init; }
    /// <summary>The regularization study's data: a built-in name, a .csv or a .mat (the course's data.mat).</summary>
    public string RegData { get; init; } = "football";
    /// <summary>
    /// The regularization study's layers [n_x, h_1, …, 1] (its runs and sweeps; any depth, n_x that of <see cref="RegData"/>);
    /// null: the notebook's [n_x, 20, 3, 1].
    /// </summary>
    public int[]? RegLayers { get; init; }
    /// <summary>The regularization study's hidden activation (its runs and sweeps; the notebook's is ReLU).</summary>
    public Activation RegActivation { get; init; } = Activation.Relu;
    /// <summary>z-score the regularization study's features with its training split's mean and std (see Standardization).</summary>
    public bool Standardize { get; init; }
    /// <summary>Where our implementations run.</summary>
    public DeviceChoice Device { get; init; } = DeviceChoice.Cpu;
    /// <summary>Which studies run.</summary>
    public IReadOnlySet<string> Studies { get; init; } = CompareStudies.DefaultNames.ToHashSet(StringComparer.Ordinal);
    /// <summary>Run the NumPy / PyTorch peers where available.</summary>
    public bool Peers { get; init; } = true;
    /// <summary>Null: <see cref="IterationBudget.Quick"/> or <see cref="IterationBudget.Full"/> as <see cref="Quick"/> says.</summary>
    public IterationBudget? Budget { get; init; }
    /// <summary>Grid resolution of the decision-boundary pictures (points per axis).</summary>
    public int BoundaryGrid { get; init; } = 200;
    /// <summary>
    /// The share of the regularization study's training data carved out as the dev set on which the λ and keep_prob
    /// sweeps choose (the notebook's three runs still train on all of it). In (0, 1).
    /// </summary>
    public double DevFraction { get; init; } = 0.2;
    /// <summary>Seeds the dev split (stratified, as scikit-learn's train_test_split with random_state=DevSeed).</summary>
    public int DevSeed { get; init; } = 1;
    /// <summary>Bayes / human-level error (a fraction) that avoidable bias is measured against; 0 by default.</summary>
    public double BaselineError { get; init; }
    /// <summary>
    /// Also compute and show every sweep configuration's test accuracy, in a column marked "not used for selection".
    /// Off by default: only the chosen configuration's test accuracy is reported.
    /// </summary>
    public bool ShowAllTest { get; init; }

    /// <summary>Throws (one line for users) when a setting is out of range.</summary>
    public void Validate()
    {
        Iterations.Validate();
        if (Studies.Count == 0) throw new ArgumentException($"the list of studies needs at least one of {string.Join(", ", CompareStudies.Names)}");
        foreach (var study in Studies)
            if (!CompareStudies.Names.Contains(study))
                throw new ArgumentException($"unknown study '{study}' (expected {Expected})");
        if (BoundaryGrid < 2) throw new ArgumentException($"boundary grid must have ≥ 2 points per axis; got {BoundaryGrid}");
        if (!(DevFraction is > 0 and < 1))
            throw new ArgumentException($"the dev fraction must lie strictly between 0 and 1 (0.2 for 20 % of the training data): the sweeps choose on dev; got {DevFraction}");
        if (DevSeed < 0) throw new ArgumentException($"the dev split's seed must be non-negative; got {DevSeed}");
        TorchPractice.Training.BiasVariance.CheckBaseline(BaselineError);
        // The layers' own rules (n_x is checked against the data once it is loaded).
        new ModelOptions { Layers = RegLayers ?? [1, 20, 3, 1], Activation = RegActivation }.Validate();
    }

    /// <summary>The iteration budget in effect: <see cref="Budget"/>, else the preset.</summary>
    public IterationBudget Iterations => Budget ?? (Quick ? IterationBudget.Quick : IterationBudget.Full);

    /// <summary>"init, reg, gradcheck and/or depth".</summary>
    static string Expected => string.Join(", ", CompareStudies.Names.SkipLast(1)) + " and/or " + CompareStudies.Names[^1];

    /// <summary>Parses a comma-separated list of study names (<see cref="CompareStudies.Names"/>: init, reg, gradcheck, depth), any case.</summary>
    public static IReadOnlySet<string> ParseStudies(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        string expected = Expected;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            set.Add(CompareStudies.Names.FirstOrDefault(n => n.Equals(part, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown study '{part}' (expected {expected}, comma-separated)"));
        if (set.Count == 0) throw new ArgumentException($"the list of studies needs at least one of {string.Join(", ", CompareStudies.Names)}");
        return set;
    }
}
