using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Training;

/// <summary>
/// Trains K configurations of the scratch model at once as one batched tensor program: every parameter is
/// stacked as (K, n_l, n_prev) / (K, n_l, 1), every activation as (K, n_l, m), products are bmm, and each
/// configuration's λ and keep_prob are (K, 1, 1) tensors. The step is <see cref="Models.Scratch.ScratchModel"/>'s,
/// operation for operation (see there for the layer-by-layer derivation); each configuration gets the
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
        int k = configs.Count;
        long m = y.shape[1];
        var dtype = options.DType;
        var device = x.device;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var outer = NewDisposeScope();
        using Scalar mScalar = (double)m, lr = train.LearningRate; // held for the whole loop (see ScalarCache)

        // Stacked parameters: P[l] (K, n_l, n_prev), B[l] (K, n_l, 1); every configuration starts equal.
        var w = new Tensor[4];
        var b = new Tensor[4];
        for (int l = 1; l <= 3; l++)
        {
            w[l] = initial[ParameterSet.W(l)].to(dtype, device).unsqueeze(0).repeat(k, 1, 1);
            b[l] = initial[ParameterSet.B(l)].to(dtype, device).unsqueeze(0).repeat(k, 1, 1);
        }
        Tensor PerConfig(Func<SweepConfig, double> f) => tensor(configs.Select(f).ToArray(), dtype, device).reshape(k, 1, 1);
        bool anyDropout = configs.Any(c => c.KeepProb < 1), anyL2 = configs.Any(c => c.Lambd > 0);
        var keepProb = PerConfig(c => c.KeepProb);                // (K,1,1)
        var lambdOverM = PerConfig(c => c.Lambd / m);              // (K,1,1): dW += λ/m·W (0·W adds nothing)
        var xs = x.unsqueeze(0).expand(k, -1, -1);                  // (K, n_x, m): a view, no copy
        var xsT = xs.transpose(1, 2);
        var hidden = new long[] { options.Layers[1], options.Layers[2] };

        var histories = Enumerable.Range(0, k).Select(_ => new List<CostPoint>()).ToArray();
        int i = 0, tick = Math.Max(1, train.Iterations / 100);
        for (; i < train.Iterations; i++)
        {
            if (cancel.IsCancellationRequested) break;
            using var scope = NewDisposeScope();
            Tensor? d1 = null, d2 = null;
            if (anyDropout)
            {
                if (options.CourseDropout) maskRng.Reseed(1);
                // One draw per layer, as each separate run makes; D_k = U < keep_prob_k.
                d1 = maskRng.Uniform([hidden[0], m], device, float64).unsqueeze(0).lt(keepProb).to(dtype);
                d2 = maskRng.Uniform([hidden[1], m], device, float64).unsqueeze(0).lt(keepProb).to(dtype);
            }
            // Forward (shapes (K, n_l, m)): Z = b + W·A_prev.
            var a1 = Drop(BiasPlusProduct(b[1], w[1], xs).relu_(), d1);
            var a2 = Drop(BiasPlusProduct(b[2], w[2], a1).relu_(), d2);
            var z3 = BiasPlusProduct(b[3], w[3], a2);
            var a3 = z3.sigmoid();

            bool record = i % train.PrintEvery == 0 || i == train.Iterations - 1;
            if (record)
                for (int c = 0; c < k; c++)
                    histories[c].Add(new CostPoint(i, CostOf(options, configs[c], z3[c], a3[c], y, [w[1][c], w[2][c], w[3][c]])));

            // Backward; the cost's 1/m is in dZ3 and so in every gradient made from it.
            var dZ3 = a3.sub_(y).div_(mScalar);                                    // (K,1,m)
            var (dW3, db3) = LinearBackward(dZ3, a2, w[3]);
            var dZ2 = Drop(w[3].transpose(1, 2).bmm(dZ3), d2).mul_(a2.sign());     // (K,h2,m); ReLU' = sign(A) for A ≥ 0
            var (dW2, db2) = LinearBackward(dZ2, a1, w[2]);
            var dZ1 = Drop(w[2].transpose(1, 2).bmm(dZ2), d1).mul_(a1.sign());     // (K,h1,m)
            var dW1 = dZ1.bmm(xsT);
            if (anyL2) dW1.add_(w[1].mul(lambdOverM), HeldScalars.One);
            var db1 = dZ1.sum(2, keepdim: true);

            // Update θ = θ − α·dθ. Two calls, not add_(dθ, −α) as ScratchModel: libtorch computes θ + (−α)·dθ with
            // FMA in its vector loop but not in the scalar tail, so a configuration's last bits would depend on
            // where the tail falls, i.e. on how many configurations share the batch; mul_ and sub_ round once per element.
            w[1].sub_(dW1.mul_(lr)); b[1].sub_(db1.mul_(lr));
            w[2].sub_(dW2.mul_(lr)); b[2].sub_(db2.mul_(lr));
            w[3].sub_(dW3.mul_(lr)); b[3].sub_(db3.mul_(lr));
            if (progress is not null && (record || i % tick == 0))
                progress(new TrainingProgress(i + 1, train.Iterations, histories[0].Count > 0 ? histories[0][^1].Cost : null, clock.Elapsed));
        }

        Tensor Drop(Tensor a, Tensor? d) => d is null ? a : a.mul_(d).div_(keepProb);

        (Tensor dW, Tensor db) LinearBackward(Tensor dZ, Tensor aPrev, Tensor wl)
        {
            var dW = dZ.bmm(aPrev.transpose(1, 2));
            if (anyL2) dW.add_(wl.mul(lambdOverM), HeldScalars.One); // explicit alpha: see HeldScalars
            return (dW, dZ.sum(2, keepdim: true));
        }

        var elapsed = clock.Elapsed;
        return configs.Select((c, idx) =>
        {
            var p = new ParameterSet(Enumerable.Range(1, 3).SelectMany(l => new[]
            {
                (ParameterSet.W(l), w[l][idx].clone().MoveToOuterDisposeScope()),
                (ParameterSet.B(l), b[l][idx].clone().MoveToOuterDisposeScope()),
            }));
            return new SweepRun(c, new TrainingResult(histories[idx], i, i < train.Iterations, elapsed), p);
        }).ToList();
    }

    /// <summary>
    /// b + W·A for stacks (K, n, 1) + (K, n, p)(K, p, m) in one call: baddbmm. TorchSharp 0.107's binding hands
    /// its arguments to libtorch shifted (the tensor it is called on becomes batch1, its first argument batch2,
    /// its second the added input), so b.baddbmm(W, A) fails and W.baddbmm(A, b) is what computes b + W·A. A
    /// test pins this, so a TorchSharp that fixes the binding fails there, not silently.
    /// </summary>
    public static Tensor BiasPlusProduct(Tensor b, Tensor w, Tensor a) => w.baddbmm(a, b);

    /// <summary>The scratch model's cost, computed on one configuration's slices (only when a cost is recorded).</summary>
    static double CostOf(ModelOptions o, SweepConfig c, Tensor z3, Tensor a3, Tensor y, Tensor[] weights)
    {
        using var scope = NewDisposeScope();
        var ce = o.CourseCost ? Cost.Course(a3, y) : Cost.Stable(z3, y);
        return (c.Lambd > 0 ? ce.add(Cost.L2(weights, c.Lambd, y.shape[1]), HeldScalars.One) : ce).item<double>();
    }
}
