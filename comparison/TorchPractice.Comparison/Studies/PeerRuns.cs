using TorchPractice.Comparison.Peers;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Studies;

/// <summary>Runs a study's configuration with the Python peers that can run here; the others are reported skipped.</summary>
static class PeerRuns
{
    /// <summary>The PyTorch peer implements the course's model only (three layers, ReLU); the NumPy peer any depth and activation.</summary>
    public static bool TorchSupports(ModelOptions model) => model.LayerCount == 3 && model.Activation == Activation.Relu;

    public static IReadOnlyList<RunResult> Run(StudyContext ctx, string study, string label, StudyData data,
        ModelOptions model, TrainOptions train, long seed)
    {
        if (ctx.Peers is null || ctx.Stopped) return [];
        var results = new List<RunResult>();
        var request = PeerRequest.FromSplit(data.Split, model.Layers, train.LearningRate, train.Iterations).WithTraining(train) with
        {
            Init = Enum.Parse<PeerInit>(model.Init.ToString()),
            Activation = model.Activation,
            InitScale = model.InitScale,
            Seed = (int)seed,
            Lambd = model.Lambd,
            KeepProb = model.KeepProb,
            CourseDropout = model.CourseDropout,
            CourseCost = model.CourseCost,
        };
        // The study's notes say why a peer is left out: the torch peer has the three-layer ReLU model and week 1's loop only.
        PeerKind[] kinds = TorchSupports(model) && !request.IsWeek2 ? [PeerKind.NumPy, PeerKind.TorchAutograd] : [PeerKind.NumPy];
        foreach (var kind in kinds)
        {
            string name = kind == PeerKind.NumPy ? "numpy" : "torch";
            long start = ctx.Done;
            ctx.Report(study, $"{label} · {name} peer", 0, train.Iterations, null);
            try
            {
                var outcome = ctx.Peers.RunAsync(kind, request, ctx.Cancel).GetAwaiter().GetResult();
                if (!outcome.Completed)
                {
                    // A torch peer that is missing is expected on most machines: say so once, in the availability list.
                    if (kind == PeerKind.NumPy) results.Add(RunResult.Skip(name, train.Iterations, outcome.Status.SkipReason ?? "unavailable"));
                    continue;
                }
                var r = outcome.Result;
                results.Add(new RunResult(name, r.TrainAccuracy, r.TestAccuracy, r.Costs.Count > 0 ? r.Costs[^1].Cost : null,
                    r.Seconds.Count > 0 ? r.Seconds[0] : 0, train.Iterations, train.Iterations,
                    r.Costs.Select(c => new CostPoint(c.Iteration, c.Cost)).ToArray()));
            }
            catch (OperationCanceledException) { break; }
            catch (PeerRunException e)
            {
                results.Add(RunResult.Skip(name, train.Iterations, $"peer failed: {e.Message}"));
            }
            ctx.Finished(study, $"{label} · {name} peer", train.Iterations, start);
        }
        return results;
    }
}
