using System.Text.Json.Serialization;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Everything one `compare` run found: the contents of results.json. Each study adds its results as a part of this
/// record in its own folder (CompareResults.&lt;Study&gt;.cs).
/// </summary>
public sealed partial record CompareResults
{
    /// <summary>The tool that wrote the results.</summary>
    public required string Tool { get; init; }
    /// <summary>When the run started.</summary>
    public required DateTimeOffset Started { get; init; }
    /// <summary>When it finished.</summary>
    public DateTimeOffset Finished { get; set; }
    /// <summary>Its wall seconds.</summary>
    public double Seconds { get; set; }
    /// <summary>False when the run was stopped (Ctrl+C) or a training run diverged: only what finished is reported.</summary>
    public bool Complete { get; set; }
    /// <summary>A training run's cost became NaN or infinite (<see cref="IncompleteReason"/> says which and where); the studies stopped there.</summary>
    public bool Diverged { get; set; }
    /// <summary>Why the run is incomplete, or null.</summary>
    public string? IncompleteReason { get; set; }
    /// <summary>The --quick preset ran.</summary>
    public required bool Quick { get; init; }
    /// <summary>The course's conventions ran.</summary>
    public required bool Course { get; init; }
    /// <summary>cpu or cuda.</summary>
    public required string Device { get; init; }
    /// <summary>The studies that ran, in order.</summary>
    public required IReadOnlyList<string> Studies { get; init; }
    /// <summary>The iteration budget.</summary>
    public required IterationBudget Iterations { get; init; }
    /// <summary>Which peers were available.</summary>
    public IReadOnlyList<PeerAvailability> Peers { get; set; } = [];
    /// <summary>The pictures written, by file name.</summary>
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
