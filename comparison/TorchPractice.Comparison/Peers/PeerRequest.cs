using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Peers;

/// <summary>
/// What a peer trains: the data in the course's layout (X (n_x, m), Y (1, m)) and every model option.
/// Names follow the course (lambd, keep_prob); defaults are the scripts' defaults.
/// </summary>
public sealed record PeerRequest
{
    /// <summary>The training inputs X, (n_x, m).</summary>
    public required double[,] TrainX { get; init; }
    /// <summary>The training labels Y, (1, m).</summary>
    public required double[,] TrainY { get; init; }
    /// <summary>Test inputs (null: none).</summary>
    public double[,]? TestX { get; init; }
    /// <summary>Test labels.</summary>
    public double[,]? TestY { get; init; }
    /// <summary>[n_x, h_1, …, h_{L−1}, 1], L ≥ 1 for the NumPy peer; the torch peers train [n_x, h1, h2, 1] only.</summary>
    public required IReadOnlyList<int> Layers { get; init; }
    /// <summary>The hidden layers' activation. The torch peers run <see cref="Activation.Relu"/> only.</summary>
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>How the weights are drawn.</summary>
    public PeerInit Init { get; init; } = PeerInit.He;
    /// <summary>Factor of the random and uniform initializations.</summary>
    public double InitScale { get; init; } = 10;
    /// <summary>np.random.seed before initialization (and the torch dropout generator's seed).</summary>
    public int Seed { get; init; } = 3;
    /// <summary>λ of the L2 term (0: none).</summary>
    public double Lambd { get; init; }
    /// <summary>Dropout's keep_prob (1: none).</summary>
    public double KeepProb { get; init; } = 1;
    /// <summary>α.</summary>
    public required double LearningRate { get; init; }
    /// <summary>Gradient-descent iterations.</summary>
    public required int Iterations { get; init; }
    /// <summary>Record the cost every this many iterations.</summary>
    public int PrintEvery { get; init; } = 1000;
    /// <summary>np.random.seed(1) before every dropout forward pass, as the course notebook does.</summary>
    public bool CourseDropout { get; init; }
    /// <summary>The course's cost formula (may be inf) instead of the stable one from the logits.</summary>
    public bool CourseCost { get; init; }
    /// <summary>W1, b1, …, WL, bL to start from instead of the drawn initialization.</summary>
    public IReadOnlyDictionary<string, double[,]>? InitialParameters { get; init; }
    /// <summary>Read the final parameters back into <see cref="PeerResult.FinalParameters"/>.</summary>
    public bool ReturnFinalParameters { get; init; }
    /// <summary>
    /// NumPy peer only: read the first iteration's gradients (at the initial parameters, with the first pass's dropout
    /// masks) back into <see cref="PeerResult.InitialGradients"/>.
    /// </summary>
    public bool ReturnInitialGradients { get; init; }
    /// <summary>Train this many times (benchmarks): one entry of <see cref="PeerResult.Seconds"/> each.</summary>
    public int Repeat { get; init; } = 1;
    /// <summary>When set, train each (lambd, keep_prob) in turn instead of <see cref="Lambd"/>/<see cref="KeepProb"/>.</summary>
    public IReadOnlyList<PeerSweepEntry>? Sweep { get; init; }
    /// <summary>Torch peers only: "cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Torch peers only: "float64" or "float32". NumPy always runs in float64.</summary>
    public string DType { get; init; } = "float64";
    /// <summary>
    /// NumPy peer only (week 2): the mini-batch size (null: one step on all samples per iteration). With it, or with an
    /// <see cref="Optimizer"/> other than gradient descent or a <see cref="Decay"/>, the peer runs the assignment's
    /// model(): <see cref="Iterations"/> are epochs, batches as <see cref="MiniBatches"/> makes them.
    /// </summary>
    public int? MiniBatchSize { get; init; }
    /// <summary>NumPy peer only: the seed before the first epoch's mini-batch order (the assignment's 10).</summary>
    public long MiniBatchSeed { get; init; } = MiniBatches.CourseSeed;
    /// <summary>NumPy peer only: the update rule and its settings (gradient descent unless set).</summary>
    public OptimizerOptions Optimizer { get; init; } = OptimizerOptions.GradientDescent;
    /// <summary>NumPy peer only: the learning-rate decay over the epochs (none unless set).</summary>
    public LearningRateDecay Decay { get; init; } = LearningRateDecay.None;
    /// <summary>The request asks for week 2's model (mini-batches, another update rule or a decay).</summary>
    public bool IsWeek2 => MiniBatchSize is not null || MiniBatchSeed != MiniBatches.CourseSeed
        || Optimizer.Kind != OptimizerKind.GradientDescent || Decay.Kind != DecayKind.None;

    /// <summary>This request trained as <paramref name="train"/> says: α, iterations, print interval, mini-batches, rule, decay.</summary>
    public PeerRequest WithTraining(TrainOptions train) => this with
    {
        LearningRate = train.LearningRate, Iterations = train.Iterations, PrintEvery = train.PrintEvery,
        MiniBatchSize = train.MiniBatchSize, MiniBatchSeed = train.MiniBatchSeed, Optimizer = train.Optimizer, Decay = train.Decay,
    };

    /// <summary>Extra environment of the peer process, e.g. OMP_NUM_THREADS / OPENBLAS_NUM_THREADS for benchmarks.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>A request for a train/test split, converted to the course's layout.</summary>
    public static PeerRequest FromSplit(DataSplit split, IReadOnlyList<int> layers, double learningRate, int iterations)
    {
        var (trainX, trainY) = ToCourseLayout(split.Train);
        var (testX, testY) = ToCourseLayout(split.Test);
        return new PeerRequest
        {
            TrainX = trainX, TrainY = trainY, TestX = testX, TestY = testY,
            Layers = layers, LearningRate = learningRate, Iterations = iterations,
        };
    }

    /// <summary>X (n_x, m) and Y (1, m) of a dataset (whose features are [sample, feature]).</summary>
    public static (double[,] X, double[,] Y) ToCourseLayout(Dataset dataset)
    {
        var x = new double[dataset.FeatureCount, dataset.Count];
        var y = new double[1, dataset.Count];
        for (int i = 0; i < dataset.Count; i++)
        {
            for (int j = 0; j < dataset.FeatureCount; j++)
                x[j, i] = dataset.Features[i, j];
            y[0, i] = dataset.Labels[i];
        }
        return (x, y);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that the peer cannot run.</summary>
    public void Validate(PeerKind kind)
    {
        if (Layers.Count < 2 || Layers.Any(n => n < 1) || Layers[^1] != 1)
            throw new ArgumentException($"Layers must be [n_x, h_1, …, h_(L−1), 1]: at least 2 positive sizes, the last 1 (got [{string.Join(", ", Layers)}])");
        if (kind != PeerKind.NumPy && Layers.Count != 4)
            throw new ArgumentException($"the torch peers train the three-layer model only: Layers must be [n_x, h1, h2, 1] (got [{string.Join(", ", Layers)}])");
        if (kind != PeerKind.NumPy && (Activation != Activation.Relu || ReturnInitialGradients))
            throw new ArgumentException($"the torch peers run ReLU only and return no gradients (got {Activation}, ReturnInitialGradients {ReturnInitialGradients})");
        if (!Enum.IsDefined(Activation))
            throw new ArgumentException($"Activation must be Relu, Tanh, Sigmoid or LeakyRelu (got {Activation})");
        CheckData("train", TrainX, TrainY);
        if ((TestX is null) != (TestY is null))
            throw new ArgumentException("TestX and TestY go together: give both or neither");
        if (TestX is not null)
            CheckData("test", TestX, TestY!);
        if (LearningRate < 0 || !double.IsFinite(LearningRate))
            throw new ArgumentException($"LearningRate must be a finite number >= 0 (got {LearningRate})");
        if (Iterations < 1 || PrintEvery < 1 || Repeat < 1)
            throw new ArgumentException($"Iterations, PrintEvery and Repeat must be >= 1 (got {Iterations}, {PrintEvery}, {Repeat})");
        if (Seed < 0 || InitScale < 0 || !double.IsFinite(InitScale))
            throw new ArgumentException($"Seed and InitScale must be >= 0 (got {Seed}, {InitScale})");
        foreach (var entry in Sweep ?? [new PeerSweepEntry(Lambd, KeepProb)])
        {
            if (!(entry.Lambd >= 0) || !double.IsFinite(entry.Lambd))
                throw new ArgumentException($"Lambd must be a finite number >= 0 (got {entry.Lambd})");
            if (!(entry.KeepProb > 0 && entry.KeepProb <= 1))
                throw new ArgumentException($"KeepProb must be in (0, 1] (got {entry.KeepProb})");
        }
        if (Sweep is { Count: 0 })
            throw new ArgumentException("Sweep, when given, needs at least one entry");
        if (kind == PeerKind.NumPy && (Device != "cpu" || DType != "float64"))
            throw new ArgumentException($"the NumPy peer runs on cpu in float64 only (got {Device}, {DType})");
        if (IsWeek2)
        {
            if (kind != PeerKind.NumPy)
                throw new ArgumentException("mini-batches, update rules and decay (week 2) are the NumPy peer's only");
            Optimizer.Validate();
            Decay.Validate();
            if (MiniBatchSize is < 1 || MiniBatchSeed < 0 || MiniBatchSeed > uint.MaxValue - (long)Iterations)
                throw new ArgumentException($"MiniBatchSize must be >= 1 and MiniBatchSeed + Iterations a NumPy seed (got {MiniBatchSize}, {MiniBatchSeed})");
            if (Optimizer.Dampening is not null)
                throw new ArgumentException("the NumPy peer runs the course's momentum, which has no dampening (torch.optim's setting)");
            if (Lambd > 0 || KeepProb < 1 || Sweep is not null || ReturnInitialGradients)
                throw new ArgumentException("week 2's model runs without L2, dropout, sweep and initial gradients, as the assignment does");
        }
        if (DType is not ("float64" or "float32"))
            throw new ArgumentException($"DType must be float64 or float32 (got {DType})");
    }

    void CheckData(string part, double[,] x, double[,] y)
    {
        if (x.GetLength(0) != Layers[0])
            throw new ArgumentException($"{part} X has {x.GetLength(0)} rows (features) but Layers[0] is {Layers[0]}; X is (n_x, m)");
        if (x.GetLength(1) < 1 || y.GetLength(0) != 1 || y.GetLength(1) != x.GetLength(1))
            throw new ArgumentException($"{part} Y must be (1, {x.GetLength(1)}) (got ({y.GetLength(0)}, {y.GetLength(1)}))");
    }
}
