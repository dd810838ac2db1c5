using Spectre.Console;
using TorchPractice.Data;
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
    public string Usage => """
        usage: torchpractice train [--impl scratch|autograd] [--data circles|football|fraud|PATH.csv|PATH.mat] [--label NAME] [--data-seed 1]
                                   [--dev-fraction 0] [--baseline-error 0]
                                   [--layers 2,10,5,1] [--activation relu|tanh|sigmoid|leaky_relu]
                                   [--init zeros|random|he|lecun|xavier|uniform] [--init-scale 10]
                                   [--lambd 0] [--keep-prob 1] [--lr 0.01] [--iterations 15000] [--seed 3] [--rng numpy|torch]
                                   [--print-every 1000] [--course-dropout] [--course-cost] [--torch-dropout] [--float32]
                                   [--standardize]
                                   [--load FILE] [--save FILE] [--force] [--device cpu|cuda|auto] [--json]

        --data-seed picks the built-in data (1: the course's circles), the train/test split of a CSV and the dev split; --seed picks
        the weights and dropout masks (3: the course's). --layers n_x,h_1,…,h_{L−1},1 takes any depth (n_x,1 is logistic
        regression; default n_x,10,5,1 for the data's n_x features); --activation is the hidden layers' (default relu).
        --course-dropout re-seeds the dropout stream with 1 before every forward pass and --course-cost prints the course's
        cost formula (may be inf), as the notebook does. --torch-dropout makes --impl autograd use TorchSharp's nn.Dropout instead of the shared masks.
        --load starts from saved parameters with the file's layers and activation (a different --layers or --activation
        is an error) on data with the features it was trained on (checked by name, in order: another order is refused);
        --save writes the trained ones and both, with the scaling and the feature names (both implementations read them):
        FILE must be new, an earlier parameter file (or the --load FILE) or, with --force, any regular file — never the
        --data file (all checked before training); it is written atomically, and a failed save is reported after
        the results (exit 1). Ctrl+C (exit 130) or SIGTERM (143) stops after the next iteration and prints its cost.
        --dev-fraction F carves a dev set out of the training data (a share F of it, stratified, seeded by --data-seed;
        a .mat file's Xval, yval stay the test set): metrics for train, dev and test, and the course's bias/variance
        diagnosis against --baseline-error E (Bayes / human-level error as a fraction, default 0): avoidable bias =
        train error − E, variance = dev error − train error. Without it (the default) train and test are as they come.
        --standardize z-scores every feature with the training split's mean and standard deviation (dev and test
        get the same); --save stores them, and --load applies stored ones (--standardize with a --load FILE trained on
        raw features is refused). --seed and --data-seed are whole numbers in [0, 2**32 − 1] (NumPy's seeds; circles:
        --data-seed up to 2**32 − 2). --float32 trains in float32.
        Exit codes: 0 done, 1 the parameters could not be saved (results printed), 2 bad input, 3 training diverged
        (a NaN or infinite cost: stopped there, nothing saved), 130 Ctrl+C, 143 SIGTERM.
        """;
    public IReadOnlySet<string> Switches { get; } = new HashSet<string> { "json", "course-dropout", "course-cost", "torch-dropout", "float32", "standardize", "force" };

    public int Run(CommandLine o)
    {
        // Read and check every option before any work.
        var impl = OptionValues.Implementation(o.String("impl", "scratch"));
        string dataSpec = o.String("data", "circles");
        string? label = o.String("label");
        long dataSeed = Seeds.Read(o, "train", "data-seed", BuiltInDatasets.DefaultSeed, dataSpec == "circles" ? Seeds.NumPyMax - 1 : Seeds.NumPyMax,
            dataSpec == "circles" ? ": circles' test set takes seed + 1" : null);
        double devFraction = o.Double("dev-fraction", 0);
        double? baselineError = o.Has("baseline-error") ? o.Double("baseline-error", 0) : null;
        int[]? layers = o.Has("layers") ? o.IntList("layers", []) : null;
        Activation? activation = OptionValues.Activation(o);
        var init = OptionValues.Init(o.String("init", "he"));
        long seed = Seeds.Read(o, "train", "seed", 3);
        var model = new ModelOptions
        {
            Layers = layers ?? [0, 10, 5, 1],
            Activation = activation ?? Activation.Relu,
            Init = init,
            InitScale = o.Double("init-scale", 10),
            Lambd = o.Double("lambd", 0),
            KeepProb = o.Double("keep-prob", 1),
            CourseDropout = o.Flag("course-dropout"),
            CourseCost = o.Flag("course-cost"),
            DType = o.Flag("float32") ? ScalarType.Float32 : ScalarType.Float64,
        };
        var train = new TrainOptions { LearningRate = o.Double("lr", 0.01), Iterations = o.Int("iterations", 15000), PrintEvery = o.Int("print-every", 1000) };
        string rng = o.String("rng", "numpy");
        bool torchDropout = o.Flag("torch-dropout");
        string? load = o.String("load"), save = o.String("save");
        var deviceChoice = OptionValues.Device(o.String("device", "cpu"));
        bool json = o.Flag("json");
        bool standardize = o.Flag("standardize");
        bool force = o.Flag("force");
        o.RejectUnknown();
        train.Validate();
        if (!(devFraction >= 0 && devFraction < 1))
            throw new UsageException($"train: --dev-fraction expects a share of the training data in [0, 1) (0.2 for 20 %; 0: no dev set); got {devFraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
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
                keep_prob = model.KeepProb, learning_rate = train.LearningRate, iterations = train.Iterations, seed, rng,
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
            foreach (var c in result.Costs) Console.WriteLine($"Cost after iteration {c.Iteration}: {c.Cost:R}");
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
