namespace TorchPractice.Comparison.Studies;

/// <summary>What a run of the depth study did: trained (see <see cref="DepthStudy.TrainsRule"/>), did not, or diverged.</summary>
public enum DepthOutcome
{
    /// <summary>The cost stayed finite and the train error is at most half the majority class's.</summary>
    Trains,
    /// <summary>Finite, but not better than that.</summary>
    DoesNotTrain,
    /// <summary>The cost (or the parameters) went non-finite.</summary>
    Diverged,
}
