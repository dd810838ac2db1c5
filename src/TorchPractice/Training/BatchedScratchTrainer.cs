using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// Trains K configurations of the scratch model at once as one batched tensor program: every parameter is
/// stacked as (K, n_l, n_prev) / (K, n_l, 1), every activation as (K, n_l, m), products are bmm, and each
/// configuration's λ and keep_prob are (K, 1, 1) tensors. The step is <see cref="ScratchModel"/>'s: the same
/// ScratchNetwork (Models/Scratch/Layers.cs), run on the stacks; each configuration gets the
/// numbers of its own one-at-a-time run (tested to 1e-10 relative on the costs and parameters: bmm and the
/// update below may round a last bit differently from ScratchModel's mm and fused update).
///
/// Randomness equals K separate <see cref="ModelFactory.Create"/> runs with the same source and seed: the
/// weights are drawn once (they do not depend on λ or keep_prob), and each pass draws one U ~ rand(n_l, m)
/// per hidden layer, shared by all K runs, which each take D_k = U &lt; keep_prob_k, exactly as each
/// separate run would from its own identically seeded stream. A configuration with keep_prob 1 gets
/// D = 1 and A·1/1 = A exactly.
///
/// On the CPU the configurations are split into <see cref="CpuGroups"/> groups trained side by side, one
/// thread each (libtorch's intra-op threads do not pay off at these sizes, see TorchRuntime.ThreadsFor):
/// every group draws the same weights and masks from its own identically seeded source.
/// </summary>
public static class BatchedScratchTrainer
{
    /// <summary>Trains every configuration from the same initialization (drawn from a <paramref name="rngKind"/> source seeded with <paramref name="seed"/>) and the same masks.</summary>
    /// <param name="options">The shared model options (their λ and keep_prob are replaced by each configuration's).</param>
    /// <param name="configs">The configurations (at least one).</param>
    /// <param name="rngKind">"numpy" or "torch".</param>
    /// <param name="seed">Seeds the weights and the masks.</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="train">Learning rate, iterations, how often to record the cost.</param>
    /// <param name="progress">Called as <see cref="Trainer.Train"/> calls it.</param>
    /// <param name="cancel">Stops every group between iterations.</param>
    /// <param name="groups">Threads to split the configurations over (0: <see cref="CpuGroups"/> on the CPU when
    /// each group's tensors are small enough for one intra-op thread, else 1).</param>
    public static IReadOnlyList<SweepRun> Train(ModelOptions options, IReadOnlyList<SweepConfig> configs, string rngKind, long seed,
        Tensor x, Tensor y, TrainOptions train, Action<TrainingProgress>? progress = null, CancellationToken cancel = default, int groups = 0)
    {
        options.Validate();
        train.Validate();
        if (configs.Count == 0) throw new ArgumentException("a sweep needs at least one configuration");
        if (groups < 0) throw new ArgumentException($"groups must be ≥ 0; got {groups}");
        foreach (var c in configs) (options with { Lambd = c.Lambd, KeepProb = c.KeepProb }).Validate();
        var device = x.device;
        if (groups == 0) groups = GroupsFor(options, configs.Count, y.shape[1], device);
        groups = Math.Min(groups, configs.Count);
        // Contiguous slices, in order: group g trains configurations [bounds[g], bounds[g + 1]).
        var bounds = Enumerable.Range(0, groups + 1).Select(g => g * configs.Count / groups).ToArray();

        IReadOnlyList<SweepRun> Group(int g, Action<TrainingProgress>? report, CancellationToken token)
        {
            var rng = RandomSources.Create(rngKind, seed, device);
            using var initial = Initialization.Create(options, rng, device);
            using var start = initial.To(device, options.DType);
            var slice = configs.Skip(bounds[g]).Take(bounds[g + 1] - bounds[g]).ToList();
            return Train(options, slice, start, rng, x, y, train, report, token);
        }

        if (groups == 1) return Group(0, progress, cancel);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel); // a failing group stops the others
        var tasks = Enumerable.Range(0, groups)
            .Select(g => Task.Factory.StartNew(() =>
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
            }, TaskCreationOptions.LongRunning))
            .ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            foreach (var t in tasks.Where(t => t.IsCompletedSuccessfully)) foreach (var r in t.Result) r.Parameters.Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(tasks.Select(t => t.Exception?.InnerException).First(e => e is not null)!);
            throw; // not reached
        }
        var wall = clock.Elapsed; // every run reports the whole sweep's time, as in one group
        return tasks.SelectMany(t => t.Result).Select(r => r with { Result = r.Result with { Elapsed = wall } }).ToList();
    }

    /// <summary>
    /// Two groups on the CPU when each group's largest activation keeps to one intra-op thread, else one. Two,
    /// not one per core: libtorch rounds some elements differently in its vector loops and their scalar tails
    /// (exp in sigmoid), so which configurations share a batch moves the last bits of some of them, and a
    /// sweep's numbers must not depend on the machine's core count. Two is this project's 2-core target.
    /// </summary>
    public const int CpuGroups = 2;

    /// <summary>The groups a sweep of this many configurations is split into by default.</summary>
    public static int GroupsFor(ModelOptions o, int configs, long m, Device device)
    {
        if (device.type != DeviceType.CPU || configs < 2) return 1;
        long perGroup = (configs + CpuGroups - 1) / CpuGroups * (long)o.Layers.Skip(1).Max() * m;
        return TorchRuntime.ThreadsFor(perGroup) == 1 ? CpuGroups : 1;
    }

    /// <summary>Trains every configuration from <paramref name="initial"/> on one thread, as one batched tensor program.</summary>
    /// <param name="options">The shared model options (their λ and keep_prob are replaced by each configuration's).</param>
    /// <param name="configs">The configurations (at least one).</param>
    /// <param name="initial">Every configuration starts here.</param>
    /// <param name="maskRng">The dropout stream, positioned where the separate runs' streams are after initialization.</param>
    /// <param name="x">X, (n_x, m).</param>
    /// <param name="y">Y, (1, m).</param>
    /// <param name="train">Learning rate, iterations, how often to record the cost.</param>
    /// <param name="progress">Called as <see cref="Trainer.Train"/> calls it.</param>
    /// <param name="cancel">Stops the run between iterations.</param>
    public static IReadOnlyList<SweepRun> Train(ModelOptions options, IReadOnlyList<SweepConfig> configs, ParameterSet initial,
        IRandomSource maskRng, Tensor x, Tensor y, TrainOptions train, Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        train.Validate();
        int k = configs.Count, layers = options.LayerCount;
        long m = y.shape[1];
        var dtype = options.DType;
        var device = x.device;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var outer = NewDisposeScope();
        using Scalar mScalar = (double)m, lr = train.LearningRate; // held for the whole loop (see ScalarCache)

        // Stacked parameters: w[l − 1] (K, n_l, n_prev), b[l − 1] (K, n_l, 1); every configuration starts equal.
        var w = Enumerable.Range(1, layers).Select(l => initial[ParameterSet.W(l)].to(dtype, device).unsqueeze(0).repeat(k, 1, 1)).ToArray();
        var b = Enumerable.Range(1, layers).Select(l => initial[ParameterSet.B(l)].to(dtype, device).unsqueeze(0).repeat(k, 1, 1)).ToArray();
        Tensor PerConfig(Func<SweepConfig, double> f) => tensor(configs.Select(f).ToArray(), dtype, device).reshape(k, 1, 1);
        bool anyDropout = configs.Any(c => c.KeepProb < 1), anyL2 = configs.Any(c => c.Lambd > 0);
        var keepProb = PerConfig(c => c.KeepProb);                                 // (K,1,1)
        Coefficient? lambdOverM = anyL2 ? new Coefficient(PerConfig(c => c.Lambd / m)) : null; // dW += λ/m·W (0·W adds nothing)
        var network = new ScratchNetwork(options.Activation, new Coefficient(keepProb));
        var hidden = options.HiddenSizes;
        var xs = x.unsqueeze(0).expand(k, -1, -1);                                 // (K, n_x, m): a view, no copy

        var histories = Enumerable.Range(0, k).Select(_ => new List<CostPoint>()).ToArray();
        int i = 0, tick = Math.Max(1, train.Iterations / 100);
        for (; i < train.Iterations; i++)
        {
            if (cancel.IsCancellationRequested) break;
            using var scope = NewDisposeScope();
            Tensor[]? masks = null;
            if (anyDropout)
            {
                if (options.CourseDropout) maskRng.Reseed(1);
                // One draw per hidden layer, as each separate run makes; D_k = U < keep_prob_k, (K, n_l, m).
                masks = hidden.Select(n => maskRng.Uniform([n, m], device, float64).unsqueeze(0).lt(keepProb).to(dtype)).ToArray();
            }
            var cache = network.Forward(xs, w, b, masks);

            bool record = i % train.PrintEvery == 0 || i == train.Iterations - 1;
            if (record)
                for (int c = 0; c < k; c++)
                    histories[c].Add(new CostPoint(i, CostOf(options, configs[c], cache.ZL[c], cache.AL[c], y, w.Select(wl => wl[c]))));

            var (dW, db) = network.Backward(cache, y, w, mScalar, lambdOverM);

            // Update θ = θ − α·dθ. Two calls, not add_(dθ, −α) as ScratchModel: libtorch computes θ + (−α)·dθ with
            // FMA in its vector loop but not in the scalar tail, so a configuration's last bits would depend on
            // where the tail falls, i.e. on how many configurations share the batch; mul_ and sub_ round once per element.
            for (int l = 0; l < layers; l++)
            {
                w[l].sub_(dW[l].mul_(lr));
                b[l].sub_(db[l].mul_(lr));
            }
            if (progress is not null && (record || i % tick == 0))
                progress(new TrainingProgress(i + 1, train.Iterations, histories[0].Count > 0 ? histories[0][^1].Cost : null, clock.Elapsed));
        }

        var elapsed = clock.Elapsed;
        return configs.Select((c, idx) =>
        {
            var p = new ParameterSet(Enumerable.Range(1, layers).SelectMany(l => new[]
            {
                (ParameterSet.W(l), w[l - 1][idx].clone().MoveToOuterDisposeScope()),
                (ParameterSet.B(l), b[l - 1][idx].clone().MoveToOuterDisposeScope()),
            }));
            return new SweepRun(c, new TrainingResult(histories[idx], i, i < train.Iterations, elapsed), p);
        }).ToList();
    }

    /// <summary>The scratch model's cost, computed on one configuration's slices (only when a cost is recorded).</summary>
    static double CostOf(ModelOptions o, SweepConfig c, Tensor zL, Tensor aL, Tensor y, IEnumerable<Tensor> weights)
    {
        using var scope = NewDisposeScope();
        return SigmoidCrossEntropy.Cost(zL, aL, y, weights, c.Lambd, o.CourseCost).item<double>();
    }
}
