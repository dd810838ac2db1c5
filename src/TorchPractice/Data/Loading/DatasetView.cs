using Microsoft.ML;
using Microsoft.ML.Data;

namespace TorchPractice.Data.Loading;

/// <summary>
/// A <see cref="Dataset"/> as an in-memory <see cref="IDataView"/> (what <see cref="DataViews.ToDataView"/> returns):
/// "Features", a fixed-size vector of Double with the feature names as slot names, and "Label", Boolean. Built on
/// Microsoft.ML.DataView alone, so the library does not need all of ML.NET for it. Rows are read in order; cursors
/// are independent and the view is immutable (it holds copies).
/// </summary>
sealed class DatasetView : IDataView
{
    readonly double[][] _features;
    readonly bool[] _labels;

    public DatasetView(double[][] features, bool[] labels, IReadOnlyList<string> featureNames)
    {
        _features = features;
        _labels = labels;
        int n = featureNames.Count;
        var slotNames = new VBuffer<ReadOnlyMemory<char>>(n, featureNames.Select(s => s.AsMemory()).ToArray());
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add(DataViews.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, n),
            (ref VBuffer<ReadOnlyMemory<char>> value) => slotNames.CopyTo(ref value));
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(DataViews.FeaturesColumn, new VectorDataViewType(NumberDataViewType.Double, n), annotations.ToAnnotations());
        schema.AddColumn(DataViews.LabelColumn, BooleanDataViewType.Instance);
        Schema = schema.ToSchema();
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _labels.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, System.Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, System.Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    sealed class Cursor(DatasetView view, HashSet<int> active) : DataViewRowCursor
    {
        long _position = -1;
        bool _done;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_done) return false;
            if (++_position < view._labels.Length) return true;
            _done = true;
            _position = -1;
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Row(), 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"column '{column.Name}' was not asked for when the cursor was made");
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<VBuffer<double>>)((ref VBuffer<double> value) =>
                {
                    var row = view._features[Row()];
                    var editor = VBufferEditor.Create(ref value, row.Length);
                    row.CopyTo(editor.Values);
                    value = editor.Commit();
                }),
                1 => (ValueGetter<bool>)((ref bool value) => value = view._labels[Row()]),
                _ => throw new ArgumentOutOfRangeException(nameof(column), column.Index, "this view has two columns"),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"column '{column.Name}' is {column.Type}; asked for {typeof(TValue).Name}");
        }

        int Row() => _position >= 0 ? (int)_position
            : throw new InvalidOperationException("the cursor is not on a row (call MoveNext first)");
    }
}
