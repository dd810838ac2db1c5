using Microsoft.ML;
using Microsoft.ML.Data;
using TorchPractice.Data;
using TorchPractice.Data.Loading;

namespace TorchPractice.Tests.Data.Loading;

public sealed class DataViewsTests
{
    static readonly MLContext Ml = new(seed: 1);

    // Values whose bits are easy to lose: negative zero, the smallest subnormal, the largest double, 0.1.
    static Dataset Awkward() => new("awkward",
        new double[,] { { -0.0, 5e-324, 0.1 }, { double.MaxValue, -1.0 / 3, 1e-300 }, { 2, 3, 4 } },
        [1, 0, 1], ["width", "height", "depth"]);

    [Fact]
    public void Dataset_to_view_and_back_is_bit_exact_with_names()
    {
        var original = Awkward();
        var back = DataViews.FromDataView(DataViews.ToDataView(original), "back");
        Assert.Equal("back", back.Name);
        Assert.Equal(original.FeatureNames, back.FeatureNames);
        Assert.Equal(original.Labels, back.Labels);
        Assert.Equal(original.Count, back.Count);
        for (int i = 0; i < original.Count; i++)
            for (int j = 0; j < original.FeatureCount; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(original.Features[i, j]), BitConverter.DoubleToInt64Bits(back.Features[i, j]));
    }

    [Fact]
    public void The_view_uses_ml_net_default_columns_and_types()
    {
        var view = DataViews.ToDataView(Awkward());
        var features = view.Schema["Features"];
        var vector = Assert.IsType<VectorDataViewType>(features.Type);
        Assert.Equal(NumberDataViewType.Double, vector.ItemType);
        Assert.Equal(3, vector.Size);
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        Assert.Equal(["width", "height", "depth"], names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(BooleanDataViewType.Instance, view.Schema["Label"].Type);
        Assert.Equal([true, false, true], view.GetColumn<bool>("Label"));
    }

    [Fact]
    public void Ml_net_reads_and_transforms_the_view()
    {
        // The view is the library's own (it needs only Microsoft.ML.DataView); ML.NET must read it like its own.
        var view = DataViews.ToDataView(Awkward());
        var rows = Ml.Data.CreateEnumerable<DoubleRow>(view, reuseRowObject: false).ToList();
        Assert.Equal([true, false, true], rows.Select(r => r.Label));
        Assert.Equal([2.0, 3.0, 4.0], rows[2].Features);
        var copied = Ml.Transforms.CopyColumns("Copy", "Features").Fit(view).Transform(view);
        Assert.Equal(rows.Select(r => r.Features), copied.GetColumn<double[]>("Copy"));
        Assert.Equal(3, Ml.Data.TakeRows(Ml.Data.Cache(view), 5).GetColumn<bool>("Label").Count());
    }

    public sealed class DoubleRow
    {
        [VectorType(3)] public double[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    [Fact]
    public void A_dataset_label_other_than_0_or_1_cannot_become_a_boolean()
    {
        var data = new Dataset("half", new double[,] { { 1 }, { 2 } }, [0, 0.5]);
        var e = Assert.Throws<ArgumentException>(() => DataViews.ToDataView(data));
        Assert.Contains("sample 2 has label 0.5; expected 0 or 1", e.Message);
    }

    public sealed class SingleRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public int Label { get; set; }
    }

    public sealed class ScalarRow
    {
        public double Size { get; set; }
        public double Target { get; set; }
    }

    [Fact]
    public void Single_vectors_and_integer_labels_are_accepted()
    {
        var view = Ml.Data.LoadFromEnumerable([new SingleRow { Features = [0.1f, 2], Label = 1 }, new SingleRow { Features = [3, -4], Label = 0 }]);
        var data = DataViews.FromDataView(view, "singles");
        Assert.Equal(new double[,] { { 0.1f, 2 }, { 3, -4 } }, data.Features); // widened exactly from float
        Assert.Equal([1.0, 0.0], data.Labels);
        Assert.Equal(["x1", "x2"], data.FeatureNames); // no slot names in this view
    }

    [Fact]
    public void A_scalar_feature_column_and_double_labels_are_accepted_under_other_names()
    {
        var view = Ml.Data.LoadFromEnumerable([new ScalarRow { Size = 1.5, Target = 0 }, new ScalarRow { Size = -2, Target = 1 }]);
        var data = DataViews.FromDataView(view, "scalars", featuresColumn: "Size", labelColumn: "Target");
        Assert.Equal(new double[,] { { 1.5 }, { -2 } }, data.Features);
        Assert.Equal([0.0, 1.0], data.Labels);
        Assert.Equal(["Size"], data.FeatureNames);
    }

    [Fact]
    public void A_label_other_than_0_or_1_names_the_row()
    {
        var view = Ml.Data.LoadFromEnumerable([new ScalarRow { Size = 1, Target = 0 }, new ScalarRow { Size = 2, Target = 1 }, new ScalarRow { Size = 3, Target = 2 }]);
        var e = Assert.Throws<InvalidDataException>(() => DataViews.FromDataView(view, "v", "Size", "Target"));
        Assert.Contains("v: row 3, column 'Target' has label 2; expected 0 or 1", e.Message);
        Assert.Equal(3, e.Data[DataError.LineKey]);
    }

    [Fact]
    public void A_nan_feature_names_the_row_and_feature()
    {
        var view = Ml.Data.LoadFromEnumerable([new SingleRow { Features = [1, 2], Label = 0 }, new SingleRow { Features = [1, float.NaN], Label = 1 }]);
        var e = Assert.Throws<InvalidDataException>(() => DataViews.FromDataView(view, "v"));
        Assert.Contains("v: row 2, feature 'x2' is NaN", e.Message);
    }

    [Fact]
    public void A_missing_column_lists_the_columns_there_are()
    {
        var view = Ml.Data.LoadFromEnumerable([new ScalarRow { Size = 1, Target = 0 }]);
        var e = Assert.Throws<InvalidDataException>(() => DataViews.FromDataView(view, "v"));
        Assert.Contains("v: no features column 'Features'; the data view has 'Size' (Double), 'Target' (Double)", e.Message);
    }

    [Fact]
    public void An_empty_view_is_an_error()
    {
        var view = Ml.Data.LoadFromEnumerable(Array.Empty<ScalarRow>());
        var e = Assert.Throws<InvalidDataException>(() => DataViews.FromDataView(view, "v", "Size", "Target"));
        Assert.Contains("v: the data view has no rows", e.Message);
    }
}
