using Microsoft.ML;
using Microsoft.ML.Data;

namespace TorchPractice.Data.Loading;

/// <summary>
/// Converts between <see cref="Dataset"/> and ML.NET's <see cref="IDataView"/>, using ML.NET's default column
/// names for binary classification: "Features" (a fixed-size vector) and "Label" (Boolean).
/// </summary>
public static class DataViews
{
    /// <summary>ML.NET's default name of the features column.</summary>
    public const string FeaturesColumn = "Features";
    /// <summary>ML.NET's default name of the label column.</summary>
    public const string LabelColumn = "Label";
    // ML.NET's annotation kind for the names of a vector's slots (AnnotationUtils.Kinds.SlotNames is internal).
    internal const string SlotNamesKind = "SlotNames";

    /// <summary>
    /// A view with "Features" (vector of Double, one slot per feature, slot names = feature names) and
    /// "Label" (Boolean: true for 1). The view reads copies, so later changes to the dataset do not show.
    /// Any ML.NET pipeline reads it (it is a plain <see cref="IDataView"/>).
    /// </summary>
    public static IDataView ToDataView(Dataset data)
    {
        int n = data.FeatureCount;
        if (n == 0) throw new ArgumentException($"{data.Name}: no features; a Features vector needs at least one slot", nameof(data));
        var features = new double[data.Count][];
        var labels = new bool[data.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            var x = new double[n];
            for (int j = 0; j < n; j++) x[j] = data.Features[i, j];
            features[i] = x;
            labels[i] = data.Labels[i] switch
            {
                0 => false,
                1 => true,
                var other => throw new ArgumentException($"{data.Name}: sample {i + 1} has label {other}; expected 0 or 1", nameof(data)),
            };
        }
        return new DatasetView(features, labels, data.FeatureNames);
    }

    /// <summary>
    /// Reads a view into a dataset named <paramref name="name"/>. Features: a fixed-size vector of Single or Double,
    /// or one numeric scalar column (one feature). Labels: Boolean, or a numeric column holding only 0 and 1.
    /// Feature names come from the vector's slot names when it has them (the scalar column's name otherwise).
    /// </summary>
    public static Dataset FromDataView(IDataView view, string name, string featuresColumn = FeaturesColumn, string labelColumn = LabelColumn)
    {
        var features = Column(view, name, featuresColumn, "features");
        var label = Column(view, name, labelColumn, "label");
        int n = FeatureCount(name, features);
        var featureNames = FeatureNames(features, n);

        var rows = new List<double[]>();
        var labels = new List<double>();
        using (var cursor = view.GetRowCursor([features, label]))
        {
            var readFeatures = FeatureReader(cursor, features, n);
            var readLabel = NumberReader(cursor, label)
                ?? throw DataError.Create($"{name}: label column '{labelColumn}' is {label.Type}; expected Boolean or a numeric type holding 0 and 1", name);
            while (cursor.MoveNext())
            {
                int row = rows.Count + 1;
                var x = new double[n];
                readFeatures(x);
                for (int j = 0; j < n; j++)
                    if (!double.IsFinite(x[j]))
                        throw DataError.Create($"{name}: row {row}, feature '{featureNames[j]}' is {x[j]}; features must be finite numbers", name, line: row);
                double y = 0;
                readLabel(ref y);
                if (y is not (0 or 1))
                    throw DataError.Create($"{name}: row {row}, column '{labelColumn}' has label {y}; expected 0 or 1 (or false/true)", name, line: row);
                rows.Add(x);
                labels.Add(y == 0 ? 0.0 : 1.0);
            }
        }
        if (rows.Count == 0) throw DataError.Create($"{name}: the data view has no rows", name);

        var matrix = new double[rows.Count, n];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < n; j++)
                matrix[i, j] = rows[i][j];
        return new Dataset(name, matrix, labels.ToArray(), featureNames);
    }

    static DataViewSchema.Column Column(IDataView view, string name, string column, string role) =>
        view.Schema.GetColumnOrNull(column) ?? throw DataError.Create(
            $"{name}: no {role} column '{column}'; the data view has {string.Join(", ", view.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"))}",
            name);

    static int FeatureCount(string name, DataViewSchema.Column features) => features.Type switch
    {
        VectorDataViewType { IsKnownSize: true } v when IsSingleOrDouble(v.ItemType) => v.Size,
        VectorDataViewType v => throw DataError.Create(
            $"{name}: features column '{features.Name}' is {v}; expected a fixed-size vector of Single or Double", name),
        var t when IsNumber(t) => 1,
        var t => throw DataError.Create(
            $"{name}: features column '{features.Name}' is {t}; expected a vector of Single or Double (or one numeric column)", name),
    };

    static string[] FeatureNames(DataViewSchema.Column features, int n)
    {
        if (features.Type is not VectorDataViewType) return [features.Name];
        var kind = features.Annotations.Schema.GetColumnOrNull(SlotNamesKind);
        if (kind is { Type: VectorDataViewType { ItemType: TextDataViewType } t } && t.Size == n)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            features.Annotations.GetValue(SlotNamesKind, ref names);
            var result = names.DenseValues().Select(m => m.ToString()).ToArray();
            if (result.All(s => s.Length > 0)) return result;
        }
        return Enumerable.Range(1, n).Select(j => $"x{j}").ToArray();
    }

    /// <summary>Fills a row's features from a vector (dense or sparse) or a scalar column.</summary>
    static Action<double[]> FeatureReader(DataViewRowCursor cursor, DataViewSchema.Column column, int n)
    {
        if (column.Type is VectorDataViewType { ItemType: var item })
        {
            if (item == NumberDataViewType.Double)
            {
                var get = cursor.GetGetter<VBuffer<double>>(column);
                VBuffer<double> buffer = default;
                return x => { get(ref buffer); buffer.CopyTo(x); };
            }
            var getSingle = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> singles = default;
            return x =>
            {
                getSingle(ref singles);
                int j = 0;
                foreach (float f in singles.DenseValues()) x[j++] = f; // float -> double is exact
            };
        }
        var scalar = NumberReader(cursor, column)!;
        return x => scalar(ref x[0]);
    }

    /// <summary>A getter that reads a Boolean or numeric scalar column as a double; null for other types.</summary>
    static ValueGetter<double>? NumberReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        Type t = column.Type.RawType;
        if (t == typeof(double)) return cursor.GetGetter<double>(column);
        if (t == typeof(bool)) return Via<bool>(cursor, column, b => b ? 1 : 0);
        if (t == typeof(float)) return Via<float>(cursor, column, v => v);
        if (t == typeof(sbyte)) return Via<sbyte>(cursor, column, v => v);
        if (t == typeof(byte)) return Via<byte>(cursor, column, v => v);
        if (t == typeof(short)) return Via<short>(cursor, column, v => v);
        if (t == typeof(ushort)) return Via<ushort>(cursor, column, v => v);
        if (t == typeof(int)) return Via<int>(cursor, column, v => v);
        if (t == typeof(uint)) return Via<uint>(cursor, column, v => v);
        if (t == typeof(long)) return Via<long>(cursor, column, v => v);
        if (t == typeof(ulong)) return Via<ulong>(cursor, column, v => v);
        return null;
    }

    static ValueGetter<double> Via<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, double> convert)
    {
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        return (ref double d) => { get(ref value); d = convert(value); };
    }

    static bool IsSingleOrDouble(DataViewType t) => t == NumberDataViewType.Single || t == NumberDataViewType.Double;
    static bool IsNumber(DataViewType t) => t is NumberDataViewType;
}
