using System.Globalization;
using System.Text;
using TorchPractice.Data;
using TorchPractice.Data.Loading;

namespace TorchPractice.Tests.Data.Loading;

public sealed class DataSourcesTests : IDisposable
{
    readonly TempFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    /// <summary>30 samples of class 0 and 10 of class 1; feature x = row number, so rows are told apart by x.</summary>
    string Table(string name = "table.csv")
    {
        var csv = new StringBuilder("x,noise,label\n");
        for (int i = 0; i < 40; i++) csv.Append(CultureInfo.InvariantCulture, $"{i},{i * 0.5},{(i % 4 == 3 ? 1 : 0)}\n");
        return _folder.Write(name, csv.ToString());
    }

    static double[] Xs(Dataset d) => Enumerable.Range(0, d.Count).Select(i => d.Features[i, 0]).ToArray();

    [Fact]
    public void A_csv_is_split_by_class_into_disjoint_train_and_test()
    {
        var split = DataSources.Resolve(Table(), new DataOptions { Seed = 5, TestFraction = 0.25 });
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (double)i), Xs(split.Train).Concat(Xs(split.Test)).Order());
        int testOnes = split.Test.Labels.Count(y => y == 1), testZeros = split.Test.Count - testOnes;
        Assert.InRange(testZeros, 7, 8); // 25 % of 30 = 7.5, per class
        Assert.InRange(testOnes, 2, 3); // 25 % of 10 = 2.5
        Assert.Contains(1.0, split.Train.Labels);
        // Labels travel with their rows: x = 3, 7, 11, ... are the ones.
        foreach (var part in new[] { split.Train, split.Test })
            for (int i = 0; i < part.Count; i++)
                Assert.Equal(part.Features[i, 0] % 4 == 3 ? 1.0 : 0.0, part.Labels[i]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        string path = Table();
        var a = DataSources.Resolve(path, new DataOptions { Seed = 5 });
        var b = DataSources.Resolve(path, new DataOptions { Seed = 5 });
        var c = DataSources.Resolve(path, new DataOptions { Seed = 6 });
        Assert.Equal(Xs(a.Test), Xs(b.Test));
        Assert.NotEqual(Xs(a.Test), Xs(c.Test));
    }

    [Fact]
    public void A_separate_test_csv_is_used_as_is()
    {
        string train = Table();
        string test = _folder.Write("test.csv", "x,noise,label\n100,1,1\n101,2,0\n");
        var split = DataSources.Resolve(train, new DataOptions { TestPath = test });
        Assert.Equal(40, split.Train.Count);
        Assert.Equal([100.0, 101.0], Xs(split.Test));
    }

    [Fact]
    public void A_test_csv_with_other_features_is_rejected()
    {
        string test = _folder.Write("test.csv", "x,other,label\n100,1,1\n101,2,0\n");
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve(Table(), new DataOptions { TestPath = test }));
        Assert.Contains("has features (x, other) but", e.Message);
    }

    [Fact]
    public void The_label_option_reaches_the_csv_reader()
    {
        string path = _folder.Write("named.csv", "y,a,b\n0,1,2\n1,3,4\n0,5,6\n1,7,8\n");
        var split = DataSources.Resolve(path, new DataOptions { LabelColumn = "y", TestFraction = 0.5 });
        Assert.Equal(["a", "b"], split.Train.FeatureNames);
    }

    [Fact]
    public void A_mat_file_resolves_to_its_own_train_and_test()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "course_plain.mat");
        var split = DataSources.Resolve(path, new DataOptions());
        Assert.Equal((7, 5), (split.Train.Count, split.Test.Count));
    }

    [Theory]
    [InlineData("data.mat")]
    [InlineData("circles")]
    public void The_label_option_is_for_csv_only(string spec)
    {
        // Rejected before anything is read, so neither the file nor the built-in data is needed.
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve(spec, new DataOptions { LabelColumn = "y" }));
        Assert.Contains($"LabelColumn applies to CSV files only; '{spec}' is", e.Message);
    }

    [Fact]
    public void A_test_file_is_for_csv_only()
    {
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve("data.mat", new DataOptions { TestPath = "t.csv" }));
        Assert.Contains("applies to CSV files only", e.Message);
    }

    [Theory]
    [InlineData("data.txt")]
    [InlineData("spirals")]
    public void Other_specs_list_the_accepted_forms(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve(spec, new DataOptions()));
        Assert.Contains($"data '{spec}' is not recognised; expected a built-in dataset (circles, football, fraud, moons), a .csv file", e.Message);
        Assert.Contains(".mat file", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_test_fraction_outside_0_to_1_is_rejected(double fraction)
    {
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve(Table(), new DataOptions { TestFraction = fraction }));
        Assert.Contains("must be between 0 and 1", e.Message);
    }

    static double[] Row(Dataset d, int i) => Enumerable.Range(0, d.FeatureCount).Select(j => d.Features[i, j]).Append(d.Labels[i]).ToArray();
    static string[] Rows(Dataset d) => Enumerable.Range(0, d.Count).Select(i => string.Join(",", Row(d, i))).ToArray();

    [Fact]
    public void A_dev_fraction_carves_dev_out_of_a_csvs_training_part_as_train_test_split_twice()
    {
        string path = Table();
        var split = DataSources.Resolve(path, new DataOptions { Seed = 5, TestFraction = 0.25, DevFraction = 0.2 });
        var reference = Splitting.TrainDevTest(CsvFile.Load(path), 0.2, 0.25, 5, stratified: true);
        Assert.Equal(Rows(reference.Train), Rows(split.Train));
        Assert.Equal(Rows(reference.Dev!), Rows(split.Dev!));
        Assert.Equal(Rows(reference.Test), Rows(split.Test));
        // The test part is the one the two-way split gives: carving dev changes nothing about it.
        Assert.Equal(Xs(DataSources.Resolve(path, new DataOptions { Seed = 5, TestFraction = 0.25 }).Test), Xs(split.Test));
        Assert.Equal(6, split.Dev!.Count); // ceil(0.2 · 30)
    }

    [Theory]
    [InlineData("football")]
    [InlineData("circles")]
    [InlineData("fraud")]
    public void A_dev_fraction_carves_dev_out_of_built_in_training_data_and_keeps_its_test_set(string name)
    {
        var plain = DataSources.Resolve(name, new DataOptions());
        Assert.Null(plain.Dev); // the default: the notebooks' train and test, untouched
        var split = DataSources.Resolve(name, new DataOptions { DevFraction = 0.2 });
        Assert.Equal(Rows(plain.Test), Rows(split.Test));
        Assert.Equal(Rows(plain.Train).Order(), Rows(split.Train).Concat(Rows(split.Dev!)).Order());
        Assert.Equal((int)Math.Ceiling(0.2 * plain.Train.Count), split.Dev!.Count);
    }

    [Fact]
    public void A_dev_fraction_on_a_mat_file_carves_dev_out_of_X_y_and_keeps_Xval_yval_as_the_test_set()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", "course_plain.mat");
        var plain = DataSources.Resolve(path, new DataOptions());
        Assert.Null(plain.Dev);
        var split = DataSources.Resolve(path, new DataOptions { DevFraction = 0.25, Seed = 2 });
        Assert.Equal(Rows(plain.Test), Rows(split.Test));
        Assert.Equal(Rows(Splitting.TrainTest(plain.Train, 0.25, 2, stratified: true).Test), Rows(split.Dev!));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_dev_fraction_outside_0_to_1_is_rejected(double fraction)
    {
        var e = Assert.Throws<ArgumentException>(() => DataSources.Resolve("football", new DataOptions { DevFraction = fraction }));
        Assert.Contains("dev fraction", e.Message);
    }

    [Fact]
    public void A_missing_csv_says_not_found()
    {
        string path = Path.Combine(_folder.Root, "missing.csv");
        Assert.Throws<FileNotFoundException>(() => DataSources.Resolve(path, new DataOptions()));
    }

    [Fact]
    public void A_feature_count_mismatch_names_the_data_and_the_layers_option()
    {
        var three = new Dataset("t", new double[1, 3], [0]);
        var split = new DataSplit(three, three);
        DataSources.CheckFeatureCount(split, 3, "x.csv"); // matching: no error
        var e = Assert.Throws<ArgumentException>(() => DataSources.CheckFeatureCount(split, 2, "x.csv"));
        Assert.StartsWith("data 'x.csv' has 3 features but the model's first layer expects 2 (Layers starts with 2)", e.Message);
        Assert.Equal("Layers", e.ParamName);
    }

    [Fact]
    public void Progress_reaches_the_caller_for_the_table_and_a_separate_test_file()
    {
        string train = Table(), test = Table("test.csv");
        var seen = new List<DataLoadProgress>();
        DataSources.Resolve(train, new DataOptions { TestPath = test, Progress = new Collect(seen) });
        Assert.Equal([(train, 40L), (test, 40L)], seen.Select(p => (p.Path, p.Rows)));
    }

    sealed class Collect(List<DataLoadProgress> into) : IProgress<DataLoadProgress>
    {
        public void Report(DataLoadProgress value) => into.Add(value);
    }
}
