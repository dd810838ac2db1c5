using System.Text.Json.Serialization;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>Everything one `compare` run found: the contents of results.json.</summary>
public sealed record CompareResults
{
    public required string Tool { get; init; }
    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset Finished { get; set; }
    public double Seconds { get; set; }
    /// <summary>False when the run was stopped (Ctrl+C) or a training run diverged: only what finished is reported.</summary>
    public bool Complete { get; set; }
    /// <summary>A training run's cost became NaN or infinite (<see cref="IncompleteReason"/> says which and where); the studies stopped there.</summary>
    public bool Diverged { get; set; }
    public string? IncompleteReason { get; set; }
    public required bool Quick { get; init; }
    public required bool Course { get; init; }
    public required string Device { get; init; }
    public required IReadOnlyList<string> Studies { get; init; }
    public required IterationBudget Iterations { get; init; }
    public IReadOnlyList<PeerAvailability> Peers { get; set; } = [];
    public InitStudyResult? Init { get; set; }
    public RegStudyResult? Reg { get; set; }
    public GradCheckStudyResult? GradCheck { get; set; }
    public DepthStudyResult? Depth { get; set; }
    public List<string> Figures { get; } = [];
    /// <summary>Wall seconds of each study that ran, by name (init, reg, gradcheck, depth), in the order they ran.</summary>
    public Dictionary<string, double> StudySeconds { get; } = [];
    /// <summary>Where the report went: --out, or "OUT-N" beside it when another run filled --out meanwhile; null when it could not be written.</summary>
    [JsonIgnore] public string? OutputDirectory { get; set; }
    /// <summary>
    /// Why the report could not be written ("init-costs.png: No space left on device"), or null. The results are whole;
    /// the report is not, so nothing of it was left behind (the staging directory was removed).
    /// </summary>
    public string? ReportError { get; set; }
}
