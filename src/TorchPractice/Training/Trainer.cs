using TorchSharp;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Runtime;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// The one training loop, for one model of either implementation (<see cref="Train"/>) and for a sweep of K scratch
/// configurations trained as one batch (<see cref="Sweep"/>); the models know nothing of loops.
/// <list type="bullet">
/// <item>Cancellation is seen before an iteration: that iteration still runs and records its cost (so a stopped run
/// reports where it stopped, not only the last multiple of PrintEvery), then the loop stops.</item>
/// <item>Non-finite numbers: the cost is checked at every recorded iteration and about every 1 % of the run; a model
/// whose cost is NaN or infinite stops there (<see cref="TrainingResult.NonFinite"/>), so a divergence is caught
/// within 1 % of the run. With the course's cost formula (<see cref="ModelOptions.CourseCost"/>) an infinite cost is
/// the notebook's own print (σ saturated to exactly 0 or 1) and does not stop the run, but its nansum reads NaN
/// parameters as 0, so the parameters are checked too. In a sweep the other configurations go on.</item>
/// <item>Progress: reported after every iteration (presenters decide how often to draw).</item>
/// </list>
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains for <see cref="TrainOptions.Iterations"/> epochs with the options' update rule (<see cref="IClassifier.UseOptimizer"/>,
    /// fresh state), mini-batches and decay, recording the epoch's cost every <see cref="TrainOptions.PrintEvery"/>.
    /// </summary>
    /// <param name="model">Either implementation.</param>
    /// <param name="x">X, (n_x, m), on the model's device and dtype.</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="options">Learning rate, iterations, how often to record the cost.</param>
    /// <param name="progress">Called after every iteration.</param>
    /// <param name="cancel">Stops the run between iterations.</param>
    public static TrainingResult Train(IClassifier model, Tensor x, Tensor y, TrainOptions options,
        Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        options.Validate();
        model.UseOptimizer(options.Optimizer);
        var epoch = Epoch(options, x, y, 1, (bx, by, lr, report) => model.TrainStep(bx, by, lr, report) is double c ? [c] : null);
        return Loop(1, model.Options.CourseCost, epoch, _ => ParametersFinite(model), options, progress, cancel)[0];
    }

    /// <summary>
    /// Trains K configurations of the scratch model (each its own λ and keep_prob, everything else shared) from the
    /// same start as one batched tensor program (<see cref="ScratchModel"/> with K models): each gets the numbers of its
    /// own one-at-a-time run from the same source and seed (the weights are drawn once; each pass draws one U per hidden
    /// layer, shared by all K, which each take D_k = U &lt; keep_prob_k, as each separate run would from its own
    /// identically seeded stream). On the CPU the configurations are split into <see cref="CpuGroups"/> groups trained
    /// side by side, one thread each (libtorch's intra-op threads do not pay off at these sizes, see
    /// TorchRuntime.ThreadsFor): every group draws the same weights and masks from its own identically seeded source.
    /// </summary>
    /// <param name="options">The shared model options (their λ and keep_prob are replaced by each configuration's).</param>
    /// <param name="configs">The configurations (at least one).</param>
    /// <param name="rngKind">"numpy" or "torch".</param>
    /// <param name="seed">Seeds the weights and the masks.</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="train">Learning rate, iterations, how often to record the cost.</param>
    /// <param name="progress">Called after every iteration (of the first group: the others run alongside).</param>
    /// <param name="cancel">Stops every group between iterations.</param>
    /// <param name="groups">Threads to split the configurations over (0: <see cref="GroupsFor"/>).</param>
    /// <returns>One result per configuration, in order, each with its trained <see cref="TrainingResult.Parameters"/>
    /// (the caller disposes them) and the whole sweep's time as <see cref="TrainingResult.Elapsed"/>.</returns>
    public static IReadOnlyList<TrainingResult> Sweep(ModelOptions options, IReadOnlyList<SweepConfig> configs, string rngKind, long seed,
        Tensor x, Tensor y, TrainOptions train, Action<TrainingProgress>? progress = null, CancellationToken cancel = default, int groups = 0)
    {
        options.Validate();
        train.Validate();
        if (configs.Count == 0) throw new ArgumentException("a sweep needs at least one configuration", nameof(configs));
        if (groups < 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, $"groups must be ≥ 0; got {groups}");
        foreach (var c in configs) (options with { Lambd = c.Lambd, KeepProb = c.KeepProb }).Validate();
        var device = x.device;
        if (groups == 0) groups = GroupsFor(options, configs.Count, y.shape[1], device);
        groups = Math.Min(groups, configs.Count);
        // Contiguous slices, in order: group g trains configurations [bounds[g], bounds[g + 1]).
        var bounds = Enumerable.Range(0, groups + 1).Select(g => g * configs.Count / groups).ToArray();
        var clock = Stopwatch.StartNew();

        TrainingResult[] Group(int g, Action<TrainingProgress>? report, CancellationToken token)
        {
            var slice = configs.Skip(bounds[g]).Take(bounds[g + 1] - bounds[g]).ToList();
            var rng = RandomSources.Create(rngKind, seed, device);
            using var initial = InitialParameters.Create(options, rng, device);
            var masks = slice.Any(c => c.KeepProb < 1) ? new RandomMasks(rng, slice.Select(c => c.KeepProb).ToArray(), options.CourseDropout) : null;
            using var model = new ScratchModel(options, initial, slice, masks);
            model.UseOptimizer(train.Optimizer);
            var epoch = Epoch(train, x, y, slice.Count, model.Step);
            var results = Loop(slice.Count, options.CourseCost, epoch, model.ParametersFinite, train, report, token);
            return results.Select((r, k) => r with { Parameters = model.Parameters(k) }).ToArray();
        }

        IEnumerable<TrainingResult> all;
        if (groups == 1) all = Group(0, progress, cancel);
        else
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel); // a failing group stops the others
            var tasks = Enumerable.Range(0, groups).Select(g => Task.Factory.StartNew(() =>
            {
                try
                {
                    return Group(g, g == 0 ? progress : null, stop.Token); // group 0 reports for all
                }
                catch
                {
                    stop.Cancel();
                    throw;
                }
            }, TaskCreationOptions.LongRunning)).ToArray();
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException)
            {
                foreach (var t in tasks.Where(t => t.IsCompletedSuccessfully)) foreach (var r in t.Result) r.Parameters?.Dispose();
                ExceptionDispatchInfo.Throw(tasks.Select(t => t.Exception?.InnerException).First(e => e is not null)!);
                throw; // not reached
            }
            all = tasks.SelectMany(t => t.Result);
        }
        var wall = clock.Elapsed; // every configuration reports the whole sweep's time
        return all.Select(r => r with { Elapsed = wall }).ToList();
    }

    /// <summary>
    /// Two groups on the CPU when each group's largest activation keeps to one intra-op thread, else one. Two,
    /// not one per core: libtorch rounds some elements differently in its vector loops and their scalar tails
    /// (exp in sigmoid), so which configurations share a batch moves the last bits of some of them, and a
    /// sweep's numbers must not depend on the machine's core count. Two is this project's 2-core target.
    /// </summary>
    public const int CpuGroups = 2;

    /// <summary>The groups <see cref="Sweep"/> splits this many configurations into by default.</summary>
    /// <param name="o">The shared model options.</param>
    /// <param name="configs">How many configurations.</param>
    /// <param name="m">The number of training samples.</param>
    /// <param name="device">Where they train.</param>
    public static int GroupsFor(ModelOptions o, int configs, long m, Device device)
    {
        if (device.type != DeviceType.CPU || configs < 2) return 1;
        long perGroup = (configs + CpuGroups - 1) / CpuGroups * ScratchNetwork.LargestActivation(o.Layers, m);
        return TorchRuntime.ThreadsFor(perGroup) == 1 ? CpuGroups : 1;
    }

    /// <summary>True when every parameter is finite (the course's nansum cost reads 0 for NaN parameters, so the cost alone cannot tell).</summary>
    /// <param name="model">Either implementation.</param>
    public static bool ParametersFinite(IClassifier model)
    {
        using var scope = NewDisposeScope();
        using var p = model.CopyParameters();
        return p.Names.All(n => p[n].isfinite().all().item<bool>());
    }

    /// <summary>
    /// One iteration (epoch e) of K models from their training step (X, Y, α, report → the K costs before the update):
    /// with α decayed for e, one full-batch step, or a step per mini-batch of e's order (MiniBatches). The epoch's cost
    /// is the step's, or with mini-batches Σ_b J_b·m_b / m: the assignment's cost_total / m.
    /// </summary>
    static Func<int, bool, double[]?> Epoch(TrainOptions o, Tensor x, Tensor y, int k, Func<Tensor, Tensor, double, bool, double[]?> step) =>
        (epoch, report) =>
        {
            double lr = o.Decay.For(o.LearningRate, epoch);
            if (o.MiniBatchSize is not int size) return step(x, y, lr, report);
            using var scope = NewDisposeScope();
            var total = report ? new double[k] : null;
            foreach (var (bx, by) in MiniBatches.Split(x, y, size, MiniBatches.EpochSeed(epoch, o.MiniBatchSeed)))
            {
                var costs = step(bx, by, lr, report);
                if (total is null || costs is null) continue;
                long n = by.size(1);
                for (int j = 0; j < k; j++) total[j] += costs[j] * n;
            }
            if (total is not null) for (int j = 0; j < k; j++) total[j] /= y.size(1);
            return total;
        };

    /// <summary>
    /// The loop itself, over K models that train together: <paramref name="step"/>(e, report) runs epoch e of all of them and
    /// returns their costs when asked (else null); <paramref name="parametersFinite"/>(k) checks model k.
    /// </summary>
    static TrainingResult[] Loop(int k, bool courseCost, Func<int, bool, double[]?> step, Func<int, bool> parametersFinite,
        TrainOptions options, Action<TrainingProgress>? progress, CancellationToken cancel)
    {
        var costs = Enumerable.Range(0, k).Select(_ => new List<CostPoint>()).ToArray();
        var lastFinite = new int?[k];
        var nonFinite = new NonFiniteCost?[k];
        var stoppedAfter = new int[k]; // iterations run by a model that stopped being finite
        double? last = null;           // the first model's latest recorded cost, for progress
        int running = k, tick = Math.Max(1, options.Iterations / 100), i = 0;
        bool stopping = false;
        var clock = Stopwatch.StartNew();
        while (i < options.Iterations && !stopping && running > 0)
        {
            stopping = cancel.IsCancellationRequested;
            bool record = stopping || i % options.PrintEvery == 0 || i == options.Iterations - 1;
            bool check = record || i % tick == 0;
            var cost = step(i, check);
            for (int c = 0; c < k && cost is not null; c++)
            {
                if (nonFinite[c] is not null) continue;
                double v = cost[c];
                bool costOk = double.IsFinite(v) || (courseCost && double.IsPositiveInfinity(v));
                bool parametersOk = costOk && (!courseCost || parametersFinite(c));
                if (!parametersOk)
                {
                    (nonFinite[c], stoppedAfter[c]) = (new NonFiniteCost(i, v, costOk, lastFinite[c]), i + 1);
                    running--;
                    continue;
                }
                lastFinite[c] = i;
                if (!record) continue;
                costs[c].Add(new CostPoint(i, v));
                if (c == 0) last = v;
            }
            i++;
            progress?.Invoke(new TrainingProgress(i, options.Iterations, last, clock.Elapsed));
        }
        var elapsed = clock.Elapsed;
        return Enumerable.Range(0, k).Select(c => nonFinite[c] is { } n
            ? new TrainingResult(costs[c], stoppedAfter[c], false, elapsed) { NonFinite = n }
            : new TrainingResult(costs[c], i, stopping && i < options.Iterations, elapsed)).ToArray();
    }
}
