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
                                   [--layers 2,10,5,1] [--init zeros|random|he|lecun|xavier|uniform] [--init-scale 10]
                                   [--lambd 0] [--keep-prob 1] [--lr 0.01] [--iterations 15000] [--seed 3] [--rng numpy|torch]
                                   [--print-every 1000] [--course-dropout] [--course-cost] [--torch-dropout] [--float32]
                                   [--standardize]
                                   [--load FILE] [--save FILE] [--device cpu|cuda|auto] [--json]

        --data-seed picks the built-in data (1: the course's circles) or the train/test split of a CSV; --seed picks
        the weights and dropout masks (3: the course's). --layers defaults to [n_x,10,5,1] for the data's n_x features. --course-dropout re-seeds the dropout stream
        with 1 before every forward pass and --course-cost prints the course's cost formula (may be inf), as the
        notebook does. --torch-dropout makes --impl autograd use TorchSharp's nn.Dropout instead of the shared masks.
        --load starts from saved parameters; --save writes the trained ones (both implementations read them).
        --standardize z-scores every feature with the training split's mean and standard deviation (the test split
        gets the same); --save stores them, and --load applies stored ones. --float32 trains in float32.
        Exit codes: 0 done, 2 bad input, 3 training diverged (a NaN or infinite cost: stopped there, nothing saved),
        130 Ctrl+C.
        """;
    public IReadOnlySet<string> Switches { get; } = new HashSet<string> { "json", "course-dropout", "course-cost", "torch-dropout", "float32", "standardize" };

    public int Run(CommandLine o)
    {
        // Read and check every option before any work.
        var impl = ModelFactory.ParseImplementation(o.String("impl", "scratch"));
        string dataSpec = o.String("data", "circles");
        string? label = o.String("label");
        int dataSeed = o.Int("data-seed", BuiltInDatasets.DefaultSeed);
        int[]? layers = o.Has("layers") ? o.IntList("layers", []) : null;
        var init = ModelOptions.ParseInit(o.String("init", "he"));
        long seed = o.Int("seed", 3);
        var model = new ModelOptions
        {
            Layers = layers ?? [0, 10, 5, 1],
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
        var deviceChoice = DeviceChoices.Parse(o.String("device", "cpu"));
        bool json = o.Flag("json");
        bool standardize = o.Flag("standardize");
        o.RejectUnknown();
        train.Validate();
        if (save is not null) OutputFiles.CheckWritable(save);

        var data = DataSources.Resolve(dataSpec, new DataOptions { LabelColumn = label, Seed = dataSeed });
        // Parameters trained on standardized features need the same scaling: a loaded file's own comes first.
        var stored = load is null ? null : ParameterFile.ReadStandardization(load);
        var scaling = stored ?? (standardize ? Standardization.Fit(data.Train) : null);
        if (scaling is not null)
        {
            if (scaling.FeatureCount != data.Train.FeatureCount)
                throw new ArgumentException($"{load}: its standardization is for {scaling.FeatureCount} features but data '{dataSpec}' has {data.Train.FeatureCount}");
            data = scaling.Apply(data);
            if (stored is not null && !standardize)
                Console.Error.WriteLine($"note: {load} was trained on standardized features; applying its stored mean and scale");
        }
        else if (FeatureScales.Of(data.Train) is { IsUneven: true } scales)
            Console.Error.WriteLine($"warning: {scales.Describe()}; gradient descent may stall or diverge — try --standardize");
        if (layers is null) model = model with { Layers = [data.Train.FeatureCount, 10, 5, 1] };
        model.Validate();
        DataSources.CheckFeatureCount(data, model.Layers[0], dataSpec);

        var device = TorchRuntime.Select(deviceChoice);
        if (device.type == TorchSharp.DeviceType.CPU) TorchRuntime.SetThreads(TorchRuntime.ThreadsFor((long)model.Layers.Max() * data.Train.Count));
        using var scope = NewDisposeScope();
        var (xTrain, yTrain) = data.Train.ToTensors(device, model.DType);
        var (xTest, yTest) = data.Test.ToTensors(device, model.DType);
        using var start = load is null ? null : ParameterFile.Load(load);
        using var net = ModelFactory.Create(impl, model, rng, seed, device,
            torchDropout ? AutogradDropout.Torch : AutogradDropout.Shared, initial: start);

        var result = Presentation.StoppableByCtrlC(cancel => json
            ? Trainer.Train(net, xTrain, yTrain, train, cancel: cancel)
            : Presentation.WithProgress($"{impl.ToString().ToLowerInvariant()} on {data.Train.Name}", train.Iterations,
                report => Trainer.Train(net, xTrain, yTrain, train, report, cancel)));

        // After a divergence the parameters are meaningless: no metrics, nothing saved; the finite costs recorded before stay.
        var diverged = result.NonFinite;
        var trainMetrics = diverged is null ? Metrics.Evaluate(net, xTrain, yTrain) : null;
        var testMetrics = diverged is null ? Metrics.Evaluate(net, xTest, yTest) : null;
        if (trainMetrics is { PredictsOneClass: true })
            Console.Error.WriteLine($"warning: the trained model predicts class {(trainMetrics.TruePositives + trainMetrics.FalsePositives > 0 ? 1 : 0)} " +
                $"for every training sample (its accuracy is just that class's share){(scaling is null ? "; try --standardize, a smaller --lr or more --iterations" : "; try another --lr or more --iterations")}");
        if (save is not null && diverged is null) { using var p = net.CopyParameters(); ParameterFile.Save(save, p, model, scaling); }
        int exit = diverged is not null ? ExitCodes.Diverged : result.Cancelled ? ExitCodes.Interrupted : 0;

        if (json)
            Json.Print(new
            {
                impl = net.Implementation, data = dataSpec, layers = model.Layers, init = model.Init, lambd = model.Lambd,
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
                train_accuracy = trainMetrics?.Accuracy, test_accuracy = testMetrics?.Accuracy,
                train_metrics = trainMetrics, test_metrics = testMetrics, saved = diverged is null ? save : null,
            });
        else
        {
            foreach (var c in result.Costs) Console.WriteLine($"Cost after iteration {c.Iteration}: {c.Cost:R}");
            if (result.Cancelled) Console.Error.WriteLine($"stopped by Ctrl+C after {result.IterationsRun} iterations; results below are for that point.");
            if (trainMetrics is not null && testMetrics is not null) Presentation.MetricsTable(("train", trainMetrics), ("test", testMetrics));
            if (save is not null && diverged is null) Console.Error.WriteLine($"parameters saved to {save}");
        }
        if (diverged is not null)
            Console.Error.WriteLine($"torchpractice: {diverged.Describe(train.LearningRate)}{(save is null ? "" : $"; nothing saved to {save}")}");
        return exit;
    }
}
