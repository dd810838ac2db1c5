using TorchPractice.Data.Loading;

namespace TorchPractice.Data;

/// <summary>Turns what the user passes as --data into a train/test pair.</summary>
public static class DataSources
{
    /// <summary>What <see cref="Resolve"/> accepts, in words, for error messages.</summary>
    public static string AcceptedForms =>
        $"a built-in dataset ({string.Join(", ", BuiltInDatasets.Names)}), a .csv file (header row, label last or a named label column) " +
        "or a .mat file (MATLAB v5 with X, y, Xval, yval, like the course's data.mat)";

    /// <summary>
    /// <paramref name="spec"/> is a built-in name, or a path ending in .csv or .mat. A CSV is one table: it is split
    /// into train and test (stratified, seeded) unless <see cref="DataOptions.TestPath"/> gives the test set. With
    /// <see cref="DataOptions.DevFraction"/> above 0, a dev set is then carved out of the training part (a .mat file's
    /// X, y; its Xval, yval stay the test set, as in the course's notebook).
    /// </summary>
    public static DataSplit Resolve(string spec, DataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.DevFraction >= 0 && options.DevFraction < 1))
            throw new ArgumentException($"dev fraction {options.DevFraction} must be at least 0 (no dev set) and below 1");
        var split = ResolveTrainTest(spec, options);
        return options.DevFraction > 0 ? Splitting.CarveDev(split, options.DevFraction, options.Seed, options.StratifyDev) : split;
    }

    static DataSplit ResolveTrainTest(string spec, DataOptions options)
    {
        if (BuiltInDatasets.Names.Contains(spec, StringComparer.Ordinal))
        {
            RejectCsvOnlyOptions(spec, options, "a built-in dataset");
            if (!BuiltInDatasets.TryLoad(spec, options.Seed, out var split))
                throw new ArgumentException($"built-in dataset '{spec}' is not available");
            return split;
        }
        string extension = Path.GetExtension(spec).ToLowerInvariant();
        switch (extension)
        {
            case ".mat":
                RejectCsvOnlyOptions(spec, options, "a .mat file (it names its variables X, y, Xval, yval)");
                return CourseMat.Load(spec);
            case ".csv":
                return ResolveCsv(spec, options);
            default:
                throw new ArgumentException($"data '{spec}' is not recognised; expected {AcceptedForms}");
        }
    }

    /// <summary>Fails, naming the spec and the fix, when the data's feature count is not the model's input size.</summary>
    public static void CheckFeatureCount(DataSplit data, int expected, string spec)
    {
        int actual = data.Train.FeatureCount;
        if (actual != expected)
            throw new ArgumentException(
                $"data '{spec}' has {actual} {(actual == 1 ? "feature" : "features")} but the model's first layer expects {expected} " +
                $"(Layers starts with {expected}); start Layers with {actual} for this data", "Layers");
    }

    static DataSplit ResolveCsv(string path, DataOptions options)
    {
        var csv = new CsvLoadOptions { LabelColumn = options.LabelColumn, Progress = options.Progress };
        var all = CsvFile.Load(path, csv);
        if (options.TestPath is not null)
        {
            var test = CsvFile.Load(options.TestPath, csv);
            if (!test.FeatureNames.SequenceEqual(all.FeatureNames))
                throw new ArgumentException(
                    $"test data '{options.TestPath}' has features ({string.Join(", ", test.FeatureNames)}) " +
                    $"but '{path}' has ({string.Join(", ", all.FeatureNames)}); both files need the same feature columns");
            return new DataSplit(all, test);
        }
        if (options.TestFraction is not (> 0 and < 1))
            throw new ArgumentException($"test fraction {options.TestFraction} must be between 0 and 1 (exclusive)");
        return Splitting.TrainTest(all, options.TestFraction, options.Seed, stratified: true);
    }

    static void RejectCsvOnlyOptions(string spec, DataOptions options, string what)
    {
        if (options.LabelColumn is not null)
            throw new ArgumentException($"{nameof(DataOptions.LabelColumn)} applies to CSV files only; '{spec}' is {what}", nameof(DataOptions.LabelColumn));
        if (options.TestPath is not null)
            throw new ArgumentException($"a separate test file applies to CSV files only; '{spec}' is {what} with its own test set");
    }
}
