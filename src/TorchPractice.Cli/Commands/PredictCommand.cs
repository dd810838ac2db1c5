using System.CommandLine;
using System.Globalization;
using System.Text;
using TorchPractice.Data;
using TorchPractice.Data.Loading;
using TorchPractice.IO;
using TorchPractice.Models;
using TorchPractice.Runtime;
using TorchPractice.Training;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice predict`: a saved model applied to a CSV table, one probability and one class per row.</summary>
sealed class PredictCommand : ICommand
{
    /// <summary>The header of the CSV that predict writes (and how --out recognises an earlier one).</summary>
    const string Header = "probability,class";

    public string Name => "predict";
    public string Summary => "apply a saved model (train --save) to a CSV: one probability and one class per row, metrics when labelled";
    public string Notes => """
        Applies the parameters of --load FILE (written by `train --save`) to every row of PATH.csv: the file's stored
        standardization first (if it was trained with --standardize), then the model's forward pass in the dtype it was
        trained in. The CSV's feature columns must be the model's, by name and in order (a file from before names were
        stored: by count). A column beyond them is the label (or --label NAME): then accuracy, precision, recall, F1 and
        the confusion matrix are printed, as train prints them. Output: a CSV with the header "probability,class" and
        one row per data row, in order (probability round-trip exact; class 1 where it is above 0.5) — on stdout
        (metrics then go to stderr), or into --out FILE.csv, written atomically; FILE must be new, an earlier predict
        output (its first line is that header) or, with --force, any regular file, never an input of the run.
        --json: one object with load, data, count, labelled, standardized, metrics (null without labels), out, and the
        probabilities and classes (without --out). Exit codes: 0 done, 2 bad input (nothing written).
        """;

    readonly Option<string?> _load = Declare.Text("--load", "FILE", "the parameter file written by train --save (required)");
    readonly Option<string?> _data = Declare.Text("--data", "PATH.csv", "the CSV to predict, header row first (required)");
    readonly Option<string?> _label = Declare.Text("--label", "NAME", "the label column, for metrics (default: the one column beyond the model's features)");
    readonly Option<string?> _out = Declare.Text("--out", "FILE.csv", "write the predictions there instead of stdout");
    readonly Option<bool> _force = Declare.Switch("--force", "replace --out even when it is not an earlier predict output");
    readonly Option<Implementation> _impl = CommonOptions.Implementation("which implementation's forward pass computes the probabilities");
    readonly Option<DeviceChoice> _device = CommonOptions.Device();
    readonly Option<bool> _json = CommonOptions.Json();
    public IReadOnlyList<Option> Options => [_load, _data, _label, _out, _force, _impl, _device, _json];

    public int Run(ParseResult parse)
    {
        string? load = parse.GetValue(_load), dataSpec = parse.GetValue(_data), label = parse.GetValue(_label), outPath = parse.GetValue(_out);
        bool force = parse.GetValue(_force), json = parse.GetValue(_json);
        var impl = parse.GetValue(_impl);
        var deviceChoice = parse.GetValue(_device);
        if (load is null) throw new UsageException("predict: --load FILE is required (a parameter file written by train --save)");
        if (dataSpec is null) throw new UsageException("predict: --data PATH.csv is required");
        if (!dataSpec.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"predict: --data expects a .csv file (header row, one sample per line); got '{dataSpec}'");
        if (outPath is not null)
        {
            OutputFiles.CheckReplaceable(outPath, "--out", IsPredictions, $"an earlier predict output (first line \"{Header}\")", force);
            OutputFiles.CheckNotInput(outPath, "--out", ("--data", dataSpec), ("--load", load));
        }

        using var model = ParameterFile.Read(load);
        // The label column: named, or the one column beyond the model's features (by name; without names: a last extra column).
        var columns = CsvFile.ReadHeader(dataSpec);
        label ??= model.FeatureNames is { } names
            ? (columns.Where(c => !names.Contains(c, StringComparer.Ordinal)).ToList() is [var extra] && columns.Count == names.Count + 1 ? extra : null)
            : columns.Count == model.FeatureCount + 1 ? columns[^1] : null;
        Dataset data;
        using (var loading = new LoadProgressPrinter())
            data = CsvFile.Load(dataSpec, new CsvLoadOptions { LabelColumn = label, Unlabelled = label is null, RequireBothClasses = false, Progress = loading });
        model.CheckFeatures(data.FeatureNames, dataSpec);
        if (model.FeatureNames is null)
            Console.Error.WriteLine($"warning: {load} stores no feature names (written by an older TorchPractice); its {model.FeatureCount} features are taken by position");
        var device = TorchRuntime.Select(deviceChoice);
        var result = Predictor.Predict(model, data, device, impl);

        var csv = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < result.Probabilities.Count; i++)
            csv.Append(result.Probabilities[i].ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(result.Classes[i]).Append('\n');
        if (outPath is not null)
        {
            OutputFiles.CheckReplaceable(outPath, "--out", IsPredictions, $"an earlier predict output (first line \"{Header}\")", force); // again, just before writing
            AtomicFile.WriteAllText(outPath, csv.ToString());
        }

        if (json)
            Json.Print(new
            {
                load, data = dataSpec, count = data.Count, labelled = data.IsLabelled, label, standardized = result.Standardized,
                layers = model.Layers, activation = model.Activation, metrics = result.Metrics, @out = outPath,
                probabilities = outPath is null ? result.Probabilities : null, classes = outPath is null ? result.Classes : null,
            });
        else if (outPath is null)
        {
            Console.Out.Write(csv.ToString());
            if (result.Metrics is { } m)
                Console.Error.WriteLine($"{dataSpec}: accuracy {Presentation.Pct(m.Accuracy)}, precision {Presentation.Pct(m.Precision)}, recall {Presentation.Pct(m.Recall)}, " +
                    $"F1 {Presentation.Pct(m.F1)} (TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives}) against column '{label}'");
        }
        else if (result.Metrics is { } m)
            Presentation.MetricsTable((Path.GetFileName(dataSpec), m));
        if (outPath is not null) Console.Error.WriteLine($"{data.Count} predictions written to {outPath}");
        return ExitCodes.Success;
    }

    /// <summary>An earlier output of predict: its first line is <see cref="Header"/>.</summary>
    static bool IsPredictions(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[Header.Length + 2];
            int n = reader.ReadBlock(buffer, 0, buffer.Length);
            var head = new string(buffer, 0, n);
            return head == Header || head.StartsWith(Header + "\n", StringComparison.Ordinal) || head.StartsWith(Header + "\r\n", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
