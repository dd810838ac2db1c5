using TorchPractice.Models.Autograd;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>Builds either implementation from the same options and random stream.</summary>
public static class ModelFactory
{
    /// <summary>
    /// A model whose randomness all comes from one source seeded with <paramref name="seed"/>: the
    /// weights are drawn first, then the dropout masks continue the same stream (the course re-seeds
    /// it with 1 before every pass instead). Two calls with the same arguments give the same run, so
    /// the scratch and autograd models built this way start equal and drop the same units.
    /// </summary>
    public static IClassifier Create(Implementation impl, ModelOptions o, string rngKind, long seed, Device device,
        AutogradDropout autogradDropout = AutogradDropout.Shared, ParameterSet? initial = null)
    {
        o.Validate();
        var rng = RandomSources.Create(rngKind, seed, device);
        // Drawn even when `initial` is given: the masks then continue from the same point of the stream.
        using var drawn = InitialParameters.Create(o, rng, device);
        using var start = (initial ?? drawn).To(device, o.DType);
        IMaskSource? masks = o.UsesDropout ? new RandomMasks(rng, o.KeepProb, o.CourseDropout) : null;
        return impl switch
        {
            Implementation.Scratch => new ScratchModel(o, start, masks),
            _ => new AutogradModel(o, start, autogradDropout == AutogradDropout.Shared ? masks : null, seed),
        };
    }
}
