using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// One scratch run of a λ or keep_prob sweep: trained on the sweep's train part, judged on its dev part (accuracy, cost
/// and the bias/variance diagnosis). <see cref="RunResult.TestAccuracy"/> of <see cref="Run"/> is null unless this is the
/// chosen configuration or every test number was asked for (then it is "not used for selection").
/// DevCost: the cross-entropy on dev (stable form, no L2 term), the tie-break of the choice. PredictsOneClass: the
/// configuration predicts the same class for every training sample.
/// </summary>
public sealed record SweepPoint(double Lambd, double KeepProb, RunResult Run, double DevAccuracy, double DevCost, BiasVariance Diagnosis, bool Chosen = false,
    bool PredictsOneClass = false);
