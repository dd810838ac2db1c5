using System.Globalization;
using System.Text;
using TorchPractice.Data.Loading;

namespace TorchPractice.Tests.Data.Loading;

public sealed class CsvFileTests : IDisposable
{
    readonly TempFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    InvalidDataException Fails(string csv, string? label = null, string name = "bad.csv")
    {
        string path = _folder.Write(name, csv);
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.Load(path, label));
        Assert.StartsWith(path, e.Message); // every message names the file first
        Assert.Equal(path, e.Data[DataError.PathKey]);
        return e;
    }

    static void AssertAt(InvalidDataException e, int line, int? column = null)
    {
        Assert.Equal(line, e.Data[DataError.LineKey]);
        Assert.Contains($"line {line}", e.Message);
        if (column is not null)
        {
            Assert.Equal(column, e.Data[DataError.ColumnKey]);
            Assert.Contains($"column {column}", e.Message);
        }
    }

    [Fact]
    public void A_good_file_gives_features_names_and_labels_with_the_label_last()
    {
        var data = CsvFile.Load(_folder.Write("ok.csv", "x1,x2,label\n0.5,-1.25,1\n2,3e-2,0\n-0.0,7,1\n"));
        Assert.Equal("ok.csv", data.Name);
        Assert.Equal(["x1", "x2"], data.FeatureNames);
        Assert.Equal(new double[,] { { 0.5, -1.25 }, { 2, 0.03 }, { -0.0, 7 } }, data.Features);
        Assert.Equal([1.0, 0.0, 1.0], data.Labels);
    }

    [Fact]
    public void A_named_label_column_may_be_anywhere()
    {
        var data = CsvFile.Load(_folder.Write("ok.csv", "a,y,b\n1,0,2\n3,1,4\n"), labelColumn: "y");
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(new double[,] { { 1, 2 }, { 3, 4 } }, data.Features);
        Assert.Equal([0.0, 1.0], data.Labels);
    }

    [Fact]
    public void Numbers_are_read_bit_exactly_like_numpy_does()
    {
        // ML.NET 5.0.1's TextLoader reads the first value one ulp off; NumPy and .NET round correctly.
        string[] cells = ["4.90151277373239E-220", "3.655689811274797E+142", "0.1", "5e-324", "1.7976931348623157e308", "-2.2250738585072014e-308"];
        var data = CsvFile.Load(_folder.Write("exact.csv", "x,label\n" + string.Concat(cells.Select((c, i) => $"{c},{i % 2}\n"))));
        for (int i = 0; i < cells.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(cells[i], CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(data.Features[i, 0]));
        // The first value's correctly rounded bits (Python: float('4.90151277373239E-220').hex() == '0x1.625a8a8c8c836p-729').
        Assert.Equal(0x126625a8a8c8c836L, BitConverter.DoubleToInt64Bits(data.Features[0, 0]));
    }

    [Fact]
    public void Labels_may_be_spelled_as_integers_decimals_or_booleans()
    {
        var data = CsvFile.Load(_folder.Write("ok.csv", "x,label\n1,0\n2,1\n3,0.0\n4,1.0\n5,false\n6,TRUE\n7,-0\n"));
        Assert.Equal([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0], data.Labels);
        Assert.False(double.IsNegative(data.Labels[6])); // -0 becomes a plain 0
    }

    [Fact]
    public void Quoted_fields_a_byte_order_mark_crlf_and_blank_lines_are_handled()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        string text = "\"width, cm\",\"say \"\"hi\"\"\",label\r\n\"1.5\", 2 ,1\r\n\r\n  \r\n3,\"4\",0\r\n";
        string path = _folder.WriteBytes("quoted.csv", [.. bom, .. Encoding.UTF8.GetBytes(text)]);
        var data = CsvFile.Load(path);
        Assert.Equal(["width, cm", "say \"hi\""], data.FeatureNames);
        Assert.Equal(new double[,] { { 1.5, 2 }, { 3, 4 } }, data.Features);
        Assert.Equal([1.0, 0.0], data.Labels);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void Semicolon_or_tab_separators_are_detected_from_the_header(char separator)
    {
        var data = CsvFile.Load(_folder.Write("sep.csv", $"a{separator}b{separator}label\n1.5{separator}2{separator}1\n3{separator}4{separator}0\n"));
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(new double[,] { { 1.5, 2 }, { 3, 4 } }, data.Features);
    }

    [Fact]
    public void A_decimal_comma_in_a_semicolon_file_gets_a_hint()
    {
        var e = Fails("a;label\n1,5;1\n2;0\n");
        AssertAt(e, 2, 1);
        Assert.Contains("expected a number, found '1,5'", e.Message);
        Assert.Contains("use '.' as the decimal point", e.Message);
    }

    [Fact]
    public void A_missing_file_says_not_found()
    {
        string path = Path.Combine(_folder.Root, "nope.csv");
        var e = Assert.Throws<FileNotFoundException>(() => CsvFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\r\n")]
    public void An_empty_file_asks_for_a_header(string text)
    {
        var e = Fails(text);
        Assert.Contains("the file is empty; expected a header row", e.Message);
    }

    [Fact]
    public void A_header_without_rows_is_an_error()
    {
        var e = Fails("x1,x2,label\n\n");
        AssertAt(e, 1);
        Assert.Contains("only a header, no data rows", e.Message);
    }

    [Fact]
    public void A_ragged_row_names_its_line_and_both_counts()
    {
        var e = Fails("x1,x2,label\n1,2,0\n3,1\n5,6,1\n");
        AssertAt(e, 3);
        Assert.Contains("2 cells but the header (line 1) has 3 columns", e.Message);
    }

    [Fact]
    public void A_non_numeric_cell_names_line_column_and_header()
    {
        var e = Fails("x1,x2,label\n1,2,0\n3,abc,1\n");
        AssertAt(e, 3, 2);
        Assert.Contains("column 2 ('x2'): expected a number, found 'abc'", e.Message);
    }

    [Fact]
    public void An_empty_feature_cell_is_an_error()
    {
        var e = Fails("x1,x2,label\n1,,0\n3,4,1\n");
        AssertAt(e, 2, 2);
        Assert.Contains("empty cell; expected a number", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void Non_finite_features_are_rejected(string cell)
    {
        var e = Fails($"x1,x2,label\n1,2,0\n{cell},4,1\n");
        AssertAt(e, 3, 1);
        Assert.Contains($"column 1 ('x1'): expected a finite number, found '{cell}'", e.Message);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0.5")]
    [InlineData("yes")]
    [InlineData("")]
    public void A_label_outside_0_and_1_is_rejected(string cell)
    {
        var e = Fails($"x,label\n1,0\n2,{cell}\n3,1\n");
        AssertAt(e, 3, 2);
        Assert.Contains($"column 2 ('label'): expected a label 0 or 1 (also 0.0/1.0 or false/true), found '{cell}'", e.Message);
    }

    [Fact]
    public void A_single_class_is_rejected()
    {
        var e = Fails("x,label\n1,1\n2,1.0\n3,true\n");
        Assert.Contains("all 3 samples have label 1 in column 2 ('label')", e.Message);
        Assert.Contains("needs samples of both classes", e.Message);
    }

    [Fact]
    public void A_label_name_missing_from_the_header_lists_the_columns()
    {
        var e = Fails("x1,x2,label\n1,2,0\n3,4,1\n", label: "target");
        AssertAt(e, 1);
        Assert.Contains("no column named 'target' for the label; the header has 'x1', 'x2', 'label'", e.Message);
    }

    [Fact]
    public void A_repeated_column_name_is_rejected_so_the_label_is_never_ambiguous()
    {
        var e = Fails("x1,label,label\n1,0,0\n3,1,1\n", label: "label");
        AssertAt(e, 1, 3);
        Assert.Contains("the name 'label' repeats column 2", e.Message);
    }

    [Fact]
    public void An_unnamed_first_column_hints_at_a_pandas_index()
    {
        var e = Fails(",x,label\n0,1,0\n1,2,1\n");
        AssertAt(e, 1, 1);
        Assert.Contains("empty column name", e.Message);
        Assert.Contains("index=False", e.Message);
    }

    [Fact]
    public void A_file_without_a_header_is_not_read_as_one()
    {
        var e = Fails("0.5,1.5,0\n2,3,1\n");
        AssertAt(e, 1);
        Assert.Contains("the first row holds only numbers; expected a header row of column names", e.Message);
    }

    [Fact]
    public void A_one_column_header_asks_for_features_and_a_label()
    {
        var e = Fails("label\n0\n1\n");
        AssertAt(e, 1);
        Assert.Contains("expected at least one feature column and a label column", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_names_where_it_opened()
    {
        var e = Fails("x,label\n\"1,0\n2,1\n");
        AssertAt(e, 2, 1);
        Assert.Contains("the quote at character 1 is not closed on this line", e.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var e = Fails("x,label\n\"1\"2,0\n2,1\n");
        AssertAt(e, 2, 1);
        Assert.Contains("after a closing quote, found '2'", e.Message);
    }

    [Fact]
    public void A_failed_load_leaves_the_folder_untouched()
    {
        string path = _folder.Write("bad.csv", "x,label\n1,0\n2,7\n");
        string before = _folder.Snapshot();
        Assert.Throws<InvalidDataException>(() => CsvFile.Load(path));
        Assert.Equal(before, _folder.Snapshot());
    }
}
