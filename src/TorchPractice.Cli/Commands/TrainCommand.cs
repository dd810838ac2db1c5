using System.CommandLine;
using Spectre.Console;
using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Data.Scaling;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice train`: one model, one dataset, the course's printout.</summary>
sealed class TrainCommand : ICommand
{
    public string Name => "train";
    public string Summary => "train one implementation on one dataset and print its costs and accuracy";
    public string Notes => """
        --layers takes any depth (n_x,1 is logistic regression). --course-dropout and --course-cost do as the notebook
        does. --load starts from saved parameters with the file's layers and activation (a different --layers or
        --activation is an error) on data with the features it was trained on (checked by name, in order: another order
        is refused); --save writes the trained ones and both, with the scaling and the feature names (both
        implementations read them): FILE must be new, an earlier parameter file (or the --load FILE) or, with --force,
        any regular file — never the --data file (all checked before training); it is written atomically, and a failed
        save is reported after the results (exit 1). Ctrl+C (exit 130) or SIGTERM (143) stops after the next iteration
        and prints its cost.
        --dev-fraction F carves a dev set out of the training data (a share F of it, stratified, seeded by --data-seed;
        a .mat file's Xval, yval stay the test set): metrics for train, dev and test, and the course's bias/variance
        diagnosis against --baseline-error E: avoidable bias = train error − E, variance = dev error − train error.
        Without it train and test are as they come. --standardize: --save stores the mean and scale, and --load applies
        stored ones (--standardize with a --load FILE trained on raw features is refused).
        Week 2: --mini-batch N trains on mini-batches of N, reshuffled every epoch as the course does
        (np.random.seed(10 + epoch + 1), permutation), with --optimizer gd|momentum|rmsprop|adam and --decay; the cost
        printed is the epoch's (each mini-batch's cost weighted by its size, over m), "Cost after epoch %i: %f" as the
        assignment prints it (with a decay also "learning rate after epoch %i: %f"; --json: full precision). The
        assignment's Adam run: --data moons --layers 2,5,2,1 --lr 0.0007 --mini-batch 64 --epochs 5000 --optimizer adam
        (the moons' --data-seed defaults to the course's 3). --impl autograd steps with torch.optim (SGD with momentum β
        and dampening β, or --dampening D; RMSprop, Adam): README, Week 2.
        Exit codes: 0 done, 1 the parameters could not be saved (results printed), 2 bad input, 3 training diverged
        (a NaN or infinite cost: stopped there, nothing saved), 130 Ctrl+C, 143 SIGTERM.
        """;

    readonly Option<Implementation> _impl = CommonOptions.Implementation("which implementation trains: hand-written backprop or autograd");
    readonly Option<string?> _data = Declare.Text("--data", "circles|football|fraud|moons|PATH.csv|PATH.mat", "a built-in data set or a file", "circles");
    readonly Option<string?> _label = Declare.Text("--label", "NAME", "a CSV's label column (default: the last)");
    readonly Option<long> _dataSeed = Seeds.Option("--data-seed", "picks the built-in data (default: the course's, 1; moons 3), a CSV's train/test split and the dev split; " +
        "[0, 2**32 − 1] (circles, moons: up to 2**32 − 2)", BuiltInDatasets.DefaultSeed, max: null);
    readonly Option<double> _devFraction = Declare.Number("--dev-fraction", "F", "the share of the training data carved out as a dev set (0: none)", 0,
        f => f >= 0 && f < 1 ? null
            : $"--dev-fraction expects a share of the training data in [0, 1) (0.2 for 20 %; 0: no dev set); got {f.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    readonly Option<double?> _baselineError = Declare.OptionalNumber("--baseline-error", "E",
        "Bayes / human-level error as a fraction, for the bias/variance diagnosis (needs --dev-fraction; default 0)");
    readonly Option<int[]?> _layers = CommonOptions.Layers("n_x,h_1,…,h_{L−1},1 (default: n_x,10,5,1 for the data's n_x features)");
    readonly Option<Activation?> _activation = CommonOptions.Activation("the hidden layers' activation (default: relu)");
    readonly Option<Init> _init = CommonOptions.Init("how the weights are drawn", Init.He);
    readonly Option<double> _initScale = Declare.Number("--init-scale", "K", "the factor of --init random", 10);
    readonly Option<double> _lambd = Declare.Number("--lambd", "L", "L2 regularization strength λ", 0);
    readonly Option<double> _keepProb = Declare.Number("--keep-prob", "P", "dropout's keep probability (1: no dropout)", 1);
    readonly Option<double> _lr = Declare.Number("--lr", "RATE", "the learning rate", 0.01);
    readonly Option<int> _iterations = Declare.Int("--iterations", "N", "passes over the training data (gradient-descent steps without --mini-batch)", 15000);
    readonly Option<int?> _epochs = Declare.OptionalInt("--epochs", "N", "the same count as --iterations, by week 2's name (give one of them)", AtLeastOne("--epochs"));
    readonly Option<int?> _miniBatch = Declare.OptionalInt("--mini-batch", "N", "mini-batches of N, reshuffled every epoch as the course does (default: the full batch)", AtLeastOne("--mini-batch"));
    readonly Option<OptimizerKind> _optimizer = Declare.Choice("--optimizer", "the update rule: gradient descent, momentum, RMSprop or Adam (the course's formulas; torch.optim with --impl autograd)",
        OptimizerKind.GradientDescent, Enum.GetValues<OptimizerKind>().Select(k => (k.Name(), k)).ToArray());
    readonly Option<double> _beta = Declare.Number("--beta", "B", "momentum's β", OptimizerOptions.GradientDescent.Beta, Fraction("--beta"));
    readonly Option<double> _beta1 = Declare.Number("--beta1", "B", "Adam's β1 (first moment)", OptimizerOptions.GradientDescent.Beta1, Fraction("--beta1"));
    readonly Option<double> _beta2 = Declare.Number("--beta2", "B", "Adam's and RMSprop's β2 (second moment)", OptimizerOptions.GradientDescent.Beta2, Fraction("--beta2"));
    readonly Option<double> _epsilonAdam = Declare.Number("--epsilon-adam", "E", "Adam's and RMSprop's ε, added to the square root", OptimizerOptions.GradientDescent.Epsilon,
        e => e > 0 && double.IsFinite(e) ? null : $"--epsilon-adam must be a finite number > 0; got {Invariant(e)}");
    readonly Option<double?> _dampening = Declare.OptionalNumber("--dampening", "D",
        "torch.optim.SGD's dampening for --impl autograd --optimizer momentum (default: β; 0 with --lr α·(1 − β) is the course's momentum)",
        d => d >= 0 && d <= 1 ? null : $"--dampening must be in [0, 1]; got {Invariant(d)}");
    readonly Option<DecayKind> _decay = Declare.Choice("--decay", "learning-rate decay: none, inverse (update_lr: α0 / (1 + r·epoch)) or scheduled (schedule_lr_decay: α0 / (1 + r·⌊epoch / T⌋))",
        DecayKind.None, Enum.GetValues<DecayKind>().Select(k => (k.ToString().ToLowerInvariant(), k)).ToArray());
    readonly Option<double> _decayRate = Declare.Number("--decay-rate", "R", "the decay's rate r", LearningRateDecay.None.Rate,
        r => r >= 0 && double.IsFinite(r) ? null : $"--decay-rate must be a finite number ≥ 0; got {Invariant(r)}");
    readonly Option<int> _timeInterval = Declare.Int("--time-interval", "T", "epochs between the scheduled decay's steps", LearningRateDecay.None.TimeInterval,
        t => t >= 1 ? null : $"--time-interval must be ≥ 1 epoch; got {t}");
    readonly Option<long> _seed = Seeds.Option("--seed", "picks the weights and dropout masks (3: the course's); [0, 2**32 − 1]", 3);
    readonly Option<string> _rng = Declare.Choice("--rng", "the random source: NumPy's Mersenne Twister (the course's numbers) or torch's", "numpy",
        [("numpy", "numpy"), ("torch", "torch")]);
    readonly Option<int> _printEvery = Declare.Int("--print-every", "N", "print the cost every N iterations", 1000);
    readonly Option<bool> _courseDropout = Declare.Switch("--course-dropout", "re-seed the dropout stream with 1 before every forward pass, as the notebook");
    readonly Option<bool> _courseCost = Declare.Switch("--course-cost", "print the course's cost formula (may be inf), as the notebook");
    readonly Option<bool> _torchDropout = Declare.Switch("--torch-dropout", "--impl autograd uses TorchSharp's nn.Dropout instead of the shared masks");
    readonly Option<bool> _float32 = Declare.Switch("--float32", "train in float32 (default float64)");
    readonly Option<bool> _standardize = Declare.Switch("--standardize", "z-score every feature with the training split's mean and standard deviation (dev and test get the same)");
    readonly Option<string?> _load = Declare.Text("--load", "FILE", "start from saved parameters (written by --save)");
    readonly Option<string?> _save = Declare.Text("--save", "FILE", "write the trained parameters, scaling and feature names there");
    readonly Option<bool> _force = Declare.Switch("--force", "let --save replace any regular file (never the --data file)");
    readonly Option<DeviceChoice> _device = CommonOptions.Device();
    readonly Option<bool> _json = CommonOptions.Json();
    public IReadOnlyList<Option> Options =>
    [
        _impl, _data, _label, _dataSeed, _devFraction, _baselineError, _layers, _activation, _init, _initScale, _lambd, _keepProb, _lr,
        _iterations, _epochs, _miniBatch, _optimizer, _beta, _beta1, _beta2, _epsilonAdam, _dampening, _decay, _decayRate, _timeInterval, _seed, _rng, _printEvery,
        _courseDropout, _courseCost, _torchDropout, _float32, _standardize, _load, _save, _force, _device, _json,
    ];

    public int Run(ParseResult parse)
    {
        // Read and check every option before any work.
        var impl = parse.GetValue(_impl);
        string dataSpec = parse.GetValue(_data)!;
        string? label = parse.GetValue(_label);
        long dataSeed = Seeds.DataSeed("train", parse, _dataSeed, dataSpec);
        double devFraction = parse.GetValue(_devFraction);
        double? baselineError = parse.GetValue(_baselineError);
        int[]? layers = Declare.GivenValue(parse, _layers);
        Activation? activation = parse.GetValue(_activation);
        long seed = parse.GetValue(_seed);
        var model = new ModelOptions
        {
            Layers = layers ?? [0, 10, 5, 1],
            Activation = activation ?? Activation.Relu,
            Init = parse.GetValue(_init),
            InitScale = parse.GetValue(_initScale),
            Lambd = parse.GetValue(_lambd),
            KeepProb = parse.GetValue(_keepProb),
            CourseDropout = parse.GetValue(_courseDropout),
            CourseCost = parse.GetValue(_courseCost),
            DType = parse.GetValue(_float32) ? ScalarType.Float32 : ScalarType.Float64,
        };
        var train = new TrainOptions
        {
            LearningRate = parse.GetValue(_lr), Iterations = Epochs(parse), PrintEvery = parse.GetValue(_printEvery), MiniBatchSize = parse.GetValue(_miniBatch),
            Optimizer = Optimizer(parse, impl), Decay = Decay(parse),
        };
        // Week 2's runs (mini-batches, or counted in epochs) print as its assignment does: "Cost after epoch %i: %f".
        bool byEpoch = train.MiniBatchSize is not null || Declare.IsGiven(parse, _epochs);
        string rng = parse.GetValue(_rng)!;
        bool torchDropout = parse.GetValue(_torchDropout);
        string? load = parse.GetValue(_load), save = parse.GetValue(_save);
        var deviceChoice = parse.GetValue(_device);
        bool json = parse.GetValue(_json);
        bool standardize = parse.GetValue(_standardize);
        bool force = parse.GetValue(_force);
        train.Validate();
        if (baselineError is double baseline)
        {
            if (devFraction == 0) throw new UsageException("train: --baseline-error needs a dev set (--dev-fraction F): variance is dev error − train error");
            BiasVariance.CheckBaseline(baseline);
        }
        if (save is not null) CheckSaveTarget(save, dataSpec, force);
        // A loaded file says what it was trained with: its layers, activation, scaling and features, unless the options
        // say otherwise (an error). It is read once.
        using var saved = load is null ? null : ParameterFile.Read(load);
        var start = saved?.Parameters;
        if (saved is not null)
        {
            var fileLayers = saved.Layers;
            if (layers is not null && !layers.SequenceEqual(fileLayers))
                throw new UsageException($"train: --layers {string.Join(",", layers)} differs from the layers of {load} ({string.Join(",", fileLayers)}); leave --layers out");
            var fileActivation = saved.Activation;
            if (activation is not null && activation != fileActivation)
                throw new UsageException($"train: --activation {activation.Value.Name()} differs from the activation of {load} ({fileActivation.Name()}); leave --activation out");
            layers = fileLayers;
            model = model with { Layers = fileLayers, Activation = fileActivation };
            if (saved.Standardization is null && standardize)
                throw new UsageException(GradCheckCommand.LoadedRawModel("train", load!));
        }

        DataSplit data;
        using (var loading = new LoadProgressPrinter())
            data = DataSources.Resolve(dataSpec, new DataOptions { LabelColumn = label, Seed = dataSeed, DevFraction = devFraction, Progress = loading });
        // A loaded model applies to the features it was trained on (by name, in order), with the scaling it was trained with.
        if (saved is not null)
        {
            saved.CheckFeatures(data.Train.FeatureNames, dataSpec);
            if (saved.FeatureNames is null)
                Console.Error.WriteLine($"warning: {load} stores no feature names (written by an older TorchPractice); its {saved.FeatureCount} features are taken by position");
        }
        var stored = saved?.Standardization;
        var scaling = saved is not null ? stored : standardize ? Standardization.Fit(data.Train) : null;
        if (scaling is not null)
        {
            data = scaling.Apply(data);
            if (stored is not null && !standardize)
                Console.Error.WriteLine($"note: {load} was trained on standardized features; applying its stored mean and scale");
        }
        else if (FeatureScales.Of(data.Train) is { IsUneven: true } scales)
            Console.Error.WriteLine(Warnings.FeatureScales(scales));
        if (layers is null) model = model with { Layers = [data.Train.FeatureCount, 10, 5, 1] };
        model.Validate();
        DataSources.CheckFeatureCount(data, model.Layers[0], dataSpec);
        var device = TorchRuntime.Select(deviceChoice);
        if (device.type == TorchSharp.DeviceType.CPU)
            MachineMemory.CheckFits(TrainingMemory.Estimate(model.Layers, data.Train.Count, data.Test.Count, model.DType), MachineMemory.AvailableBytes(),
                $"train: layers {string.Join(",", model.Layers)} on {data.Train.Count} + {data.Test.Count} samples");
        if (device.type == TorchSharp.DeviceType.CPU) TorchRuntime.SetThreads(TorchRuntime.ThreadsFor((long)model.Layers.Max() * data.Train.Count));
        using var scope = NewDisposeScope();
        var (xTrain, yTrain) = data.Train.ToTensors(device, model.DType);
        var (xTest, yTest) = data.Test.ToTensors(device, model.DType);
        var (xDev, yDev) = data.Dev is null ? (null, null) : data.Dev.ToTensors(device, model.DType);
        using var net = ModelFactory.Create(impl, model, rng, seed, device,
            torchDropout ? AutogradDropout.Torch : AutogradDropout.Shared, initial: start);

        var result = Presentation.StoppableBySignals(cancel => json
            ? Trainer.Train(net, xTrain, yTrain, train, cancel: cancel)
            : Presentation.WithProgress($"{impl.ToString().ToLowerInvariant()} on {data.Train.Name}", train.Iterations,
                report => Trainer.Train(net, xTrain, yTrain, train, report, cancel)), out int stoppedCode);
        int exit = result.Cancelled ? stoppedCode : 0;

        // After a divergence the parameters are meaningless: no metrics, nothing saved; the finite costs recorded before stay.
        var diverged = result.NonFinite;
        if (diverged is not null) exit = ExitCodes.Diverged;
        var trainMetrics = diverged is null ? Metrics.Evaluate(net, xTrain, yTrain) : null;
        var testMetrics = diverged is null ? Metrics.Evaluate(net, xTest, yTest) : null;
        var devMetrics = diverged is null && xDev is not null ? Metrics.Evaluate(net, xDev, yDev!) : null;
        var diagnosis = trainMetrics is null || devMetrics is null ? null : BiasVariance.FromAccuracies(trainMetrics.Accuracy, devMetrics.Accuracy, baselineError ?? 0);
        if (trainMetrics is not null && Warnings.AfterTraining(trainMetrics, result.Costs.Count > 0 && !model.CourseCost ? result.Costs[^1].Cost : null, scaling is not null,
                FeatureScales.Of(data.Train) is { IsUneven: true }, () => GradientFlow.Of(net, xTrain, yTrain)) is { } warning)
            Console.Error.WriteLine(warning);
        // Saving comes before printing but cannot cost the results: a failure is reported after them.
        string? saveError = null;
        bool saving = save is not null && diverged is null;
        if (saving)
        {
            try
            {
                CheckSaveTarget(save!, dataSpec, force); // again: something may have appeared there during training
                using var p = net.CopyParameters();
                ParameterFile.Save(save!, p, model, scaling, data.Train.FeatureNames);
            }
            catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException)
            { saveError = $"the parameters were not saved: {e.Message}"; }
        }

        if (json)
            Json.Print(new
            {
                impl = net.Implementation, data = dataSpec, layers = model.Layers, activation = model.Activation, init = model.Init, lambd = model.Lambd,
                keep_prob = model.KeepProb, learning_rate = train.LearningRate, iterations = train.Iterations, mini_batch = train.MiniBatchSize,
                optimizer = train.Optimizer.Kind.Name(), beta = train.Optimizer.Beta, beta1 = train.Optimizer.Beta1, beta2 = train.Optimizer.Beta2,
                epsilon_adam = train.Optimizer.Epsilon, dampening = train.Optimizer.Dampening, decay = train.Decay.Kind.ToString().ToLowerInvariant(), decay_rate = train.Decay.Rate,
                time_interval = train.Decay.TimeInterval, final_learning_rate = train.Decay.For(train.LearningRate, Math.Max(0, result.IterationsRun - 1)), seed, data_seed = dataSeed, rng,
                device = device.type.ToString().ToLowerInvariant(), dtype = model.DType == ScalarType.Float32 ? "float32" : "float64",
                standardized = scaling is not null,
                costs = result.Costs.Select(c => new { iteration = c.Iteration, cost = c.Cost }),
                iterations_run = result.IterationsRun, cancelled = result.Cancelled, seconds = result.Elapsed.TotalSeconds,
                diverged = diverged is null ? null : new
                {
                    iteration = diverged.Iteration, cost = diverged.Cost, parameters_non_finite = diverged.ParametersNonFinite,
                    last_finite_iteration = diverged.LastFiniteIteration, message = diverged.Describe(train.LearningRate),
                },
                train_count = data.Train.Count, dev_count = data.Dev?.Count, test_count = data.Test.Count, dev_fraction = devFraction,
                train_accuracy = trainMetrics?.Accuracy, dev_accuracy = devMetrics?.Accuracy, test_accuracy = testMetrics?.Accuracy,
                train_metrics = trainMetrics, dev_metrics = devMetrics, test_metrics = testMetrics, bias_variance = diagnosis,
                saved = saving && saveError is null ? save : null,
            });
        else
        {
            foreach (var c in result.Costs)
            {
                if (!byEpoch) { Console.WriteLine($"Cost after iteration {c.Iteration}: {c.Cost:R}"); continue; }
                Console.WriteLine($"Cost after epoch {c.Iteration}: {PercentF(c.Cost)}");
                if (train.Decay.Kind != DecayKind.None) // the rate the next epoch runs with, as the assignment prints it
                    Console.WriteLine($"learning rate after epoch {c.Iteration}: {PercentF(train.Decay.Decayed(train.LearningRate, c.Iteration))}");
            }
            if (result.Cancelled) Console.Error.WriteLine($"stopped by {Presentation.StoppedBy(stoppedCode)} after {result.IterationsRun} iterations; results below are for that point.");
            if (trainMetrics is not null && testMetrics is not null)
                Presentation.MetricsTable(devMetrics is null
                    ? [("train", trainMetrics), ("test", testMetrics)]
                    : [("train", trainMetrics), ("dev", devMetrics), ("test", testMetrics)]);
            if (diagnosis is not null) Presentation.Diagnosis(diagnosis);
            if (saving && saveError is null) Console.Error.WriteLine($"parameters saved to {save}");
        }
        if (diverged is not null)
            Console.Error.WriteLine($"torchpractice: {diverged.Describe(train.LearningRate)}{(save is null ? "" : $"; nothing saved to {save}")}");
        return Finish(exit, saveError);
    }

    /// <summary>--epochs or --iterations (one of them): passes over the training data.</summary>
    int Epochs(ParseResult parse)
    {
        if (parse.GetValue(_epochs) is not int epochs) return parse.GetValue(_iterations);
        if (Declare.IsGiven(parse, _iterations)) throw new UsageException("train: --epochs and --iterations count the same passes; give one of them");
        return epochs;
    }

    /// <summary>The update rule; a setting that the chosen rule does not use is refused rather than ignored.</summary>
    OptimizerOptions Optimizer(ParseResult parse, Implementation impl)
    {
        var kind = parse.GetValue(_optimizer);
        Uses(parse, _beta, kind == OptimizerKind.Momentum, "--optimizer momentum");
        Uses(parse, _beta1, kind == OptimizerKind.Adam, "--optimizer adam");
        Uses(parse, _beta2, kind is OptimizerKind.RmsProp or OptimizerKind.Adam, "--optimizer rmsprop or adam");
        Uses(parse, _epsilonAdam, kind is OptimizerKind.RmsProp or OptimizerKind.Adam, "--optimizer rmsprop or adam");
        Uses(parse, _dampening, kind == OptimizerKind.Momentum && impl == Implementation.Autograd, "--impl autograd --optimizer momentum (torch.optim.SGD; the course's momentum has none)");
        return new OptimizerOptions
        {
            Kind = kind, Beta = parse.GetValue(_beta), Beta1 = parse.GetValue(_beta1), Beta2 = parse.GetValue(_beta2), Epsilon = parse.GetValue(_epsilonAdam),
            Dampening = parse.GetValue(_dampening),
        };
    }

    /// <summary>The learning-rate decay; --decay-rate and --time-interval need a decay that uses them.</summary>
    LearningRateDecay Decay(ParseResult parse)
    {
        var kind = parse.GetValue(_decay);
        Uses(parse, _decayRate, kind != DecayKind.None, "--decay inverse or scheduled");
        Uses(parse, _timeInterval, kind == DecayKind.Scheduled, "--decay scheduled");
        return kind == DecayKind.None ? LearningRateDecay.None
            : new LearningRateDecay { Kind = kind, Rate = parse.GetValue(_decayRate), TimeInterval = parse.GetValue(_timeInterval) };
    }

    static void Uses(ParseResult parse, Option option, bool used, string by)
    {
        if (!used && Declare.IsGiven(parse, option)) throw new UsageException($"train: {option.Name} is used only by {by}; leave it out");
    }

    static Func<int, string?> AtLeastOne(string name) => n => n >= 1 ? null : $"{name} must be ≥ 1; got {n}";

    static Func<double, string?> Fraction(string name) => b => b >= 0 && b < 1 ? null : $"{name} must be in [0, 1); got {Invariant(b)}";

    static string Invariant(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Python's "%f": six decimals, inf and nan as Python spells them.</summary>
    static string PercentF(double x) => double.IsNaN(x) ? "nan" : double.IsInfinity(x) ? (x > 0 ? "inf" : "-inf")
        : x.ToString("F6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// --save FILE: a new file, or one of ours (a parameter file: an earlier save, or the --load FILE), or with --force
    /// any regular file; never the --data file (compared by identity, not by name), --force or not.
    /// </summary>
    static void CheckSaveTarget(string save, string dataSpec, bool force)
    {
        OutputFiles.CheckReplaceable(save, "--save", ParameterFile.IsParameterFile, "a TorchPractice parameter file", force);
        OutputFiles.CheckNotInput(save, "--save", ("--data", BuiltInDatasets.Names.Contains(dataSpec) ? null : dataSpec));
    }

    /// <summary>A failed save: one line after the results, exit 1 (unless stopping already set the exit code).</summary>
    static int Finish(int exit, string? saveError)
    {
        if (saveError is null) return exit;
        Console.Error.WriteLine($"torchpractice: error: {saveError}");
        return exit == 0 ? ExitCodes.Failure : exit;
    }
}
