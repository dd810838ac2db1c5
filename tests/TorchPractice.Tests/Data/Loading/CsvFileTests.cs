using System.Globalization;
using System.Numerics;
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

    [Fact]
    public void A_file_whose_first_block_holds_NUL_bytes_is_refused_as_not_text()
    {
        var e = Fails("x,label\n1,0\0\0\0\n2,1\n");
        Assert.Contains("not a text file (byte 11 is NUL)", e.Message);
        Assert.Equal(11L, e.Data[DataError.ByteOffsetKey]);
    }

    [Fact]
    public void An_endless_device_is_refused_without_reading_on()
    {
        // ln -s /dev/zero z.csv: today's loader read it to "Out of memory".
        if (!File.Exists("/dev/zero")) Assert.Skip("no /dev/zero here");
        string link = Path.Combine(_folder.Root, "z.csv");
        File.CreateSymbolicLink(link, "/dev/zero");
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.Load(link));
        Assert.StartsWith($"{link}: not a text file (byte 0 is NUL)", e.Message);
    }

    [Fact]
    public void An_endless_line_stops_at_the_line_limit()
    {
        using var endless = new EndlessStream("x,label\n", "1");
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.Load(endless, "endless.csv"));
        Assert.StartsWith("endless.csv, line 2: ", e.Message);
        Assert.Contains($"longer than {DataLimits.MaxLineCharacters} characters", e.Message);
        Assert.Equal(2, e.Data[DataError.LineKey]);
        Assert.InRange(endless.BytesRead, DataLimits.MaxLineCharacters, 4L * DataLimits.MaxLineCharacters);
    }

    [Fact]
    public void An_endless_table_stops_at_the_memory_limit_naming_the_line()
    {
        using var endless = new EndlessStream("x,label\n", "1.5,0\n2.5,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.Load(endless, "endless.csv", new CsvLoadOptions { MemoryLimitBytes = 1 << 20 }));
        // 1 MiB holds 65 536 rows of 2 float64; the next row, on line 65 538, passes it.
        Assert.StartsWith("endless.csv, line 65538: the table passes the loader's memory limit of 1 MiB (65537 rows × 2 columns of float64 so far)", e.Message);
        Assert.Equal(65538, e.Data[DataError.LineKey]);
    }

    [Fact]
    public void An_error_is_reported_as_soon_as_its_line_is_read()
    {
        // An error on line 3 of an endless (or 95 MB) table: reported after reading one buffer, not the whole input.
        using var endless = new EndlessStream("x,label\n1,0\n2,maybe\n", "3,1\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.Load(endless, "big.csv"));
        Assert.StartsWith("big.csv, line 3, column 2 ('label'): ", e.Message);
        Assert.Contains("found 'maybe'", e.Message);
        Assert.Equal(3, e.Data[DataError.LineKey]);
        Assert.True(endless.BytesRead < 1 << 20, $"{endless.BytesRead} bytes read");
    }

    [Fact]
    public void Progress_is_reported_while_reading_and_at_the_end()
    {
        var text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 200_000; i++) text.Append(CultureInfo.InvariantCulture, $"{i * 0.25},{-i},{i % 2}\n");
        string path = _folder.Write("big.csv", text.ToString());
        var reports = new List<DataLoadProgress>();
        var data = CsvFile.Load(path, new CsvLoadOptions { Progress = new Collect(reports) });
        Assert.Equal(200_000, data.Count);
        long size = new FileInfo(path).Length;
        Assert.True(reports.Count >= 3, $"{reports.Count} reports for {size} bytes");
        Assert.All(reports, r => { Assert.Equal(path, r.Path); Assert.Equal(size, r.TotalBytes); });
        Assert.Equal(reports.Select(r => r.BytesRead).Order(), reports.Select(r => r.BytesRead));
        Assert.Equal((size, 200_000L, 1.0), (reports[^1].BytesRead, reports[^1].Rows, reports[^1].Fraction!.Value));
    }

    sealed class Collect(List<DataLoadProgress> into) : IProgress<DataLoadProgress>
    {
        public void Report(DataLoadProgress value) => into.Add(value);
    }

    [Fact]
    public void A_header_of_200001_columns_is_read()
    {
        const int columns = 200_001;
        string header = string.Join(",", Enumerable.Range(0, columns - 1).Select(i => $"c{i}")) + ",label";
        string row0 = string.Concat(Enumerable.Repeat("0.5,", columns - 1)) + "0", row1 = string.Concat(Enumerable.Repeat("1,", columns - 1)) + "1";
        string path = _folder.Write("wide.csv", $"{header}\n{row0}\n{row1}\n");
        var data = CsvFile.Load(path);
        Assert.Equal((2, columns - 1), (data.Count, data.FeatureCount));
        Assert.Equal("c199999", data.FeatureNames[^1]);
        Assert.Equal((0.5, 1.0), (data.Features[0, columns - 2], data.Features[1, 0]));
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(200_001)]
    public void The_repeated_name_check_compares_each_name_a_bounded_number_of_times(int columns)
    {
        // An earlier check compared every pair of names: 2·10^10 comparisons (31 s) for 200 001 columns. Counted, not timed.
        var names = Enumerable.Range(0, columns - 1).Select(i => $"c{i}").Append("label").ToArray();
        var counting = new CountingComparer();
        CsvFile.CheckHeader("wide.csv", 1, names, labelled: true, counting);
        Assert.InRange(counting.Calls, columns, 3L * columns);
    }

    [Fact]
    public void The_counted_check_still_finds_a_repeated_name()
    {
        var counting = new CountingComparer();
        var e = Assert.Throws<InvalidDataException>(() => CsvFile.CheckHeader("h.csv", 1, ["a", "b", "a", "label"], labelled: true, counting));
        Assert.Contains("column 3: the name 'a' repeats column 1", e.Message);
    }

    sealed class CountingComparer : IEqualityComparer<string>
    {
        public long Calls { get; private set; }
        public bool Equals(string? x, string? y) { Calls++; return string.Equals(x, y, StringComparison.Ordinal); }
        public int GetHashCode(string s) { Calls++; return StringComparer.Ordinal.GetHashCode(s); }
    }

    [Fact]
    public void Numbers_are_bit_identical_to_double_Parse_on_many_random_decimal_strings()
    {
        var random = new System.Random(20261201);
        var cells = new List<string>();
        for (int i = 0; i < 40_000; i++) cells.Add(RandomDecimal(random));
        for (int i = 0; i < 4_000; i++) cells.AddRange(NearHalfway(random));
        for (int i = 0; i < 4_000; i++)
        {
            double d = BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x7FF0000000000000));
            cells.Add(d.ToString("R", CultureInfo.InvariantCulture));
            cells.Add(d.ToString("E16", CultureInfo.InvariantCulture));
        }
        cells.RemoveAll(c => !double.IsFinite(double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)));
        var text = new StringBuilder("x,label\n");
        for (int i = 0; i < cells.Count; i++) text.Append(cells[i]).Append(',').Append(i % 2).Append('\n');
        var data = CsvFile.Load(_folder.Write("random.csv", text.ToString()));
        Assert.Equal(cells.Count, data.Count);
        for (int i = 0; i < cells.Count; i++)
        {
            long expected = BitConverter.DoubleToInt64Bits(double.Parse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture));
            long actual = BitConverter.DoubleToInt64Bits(data.Features[i, 0]);
            if (expected != actual) Assert.Fail($"'{cells[i]}': double.Parse gives 0x{expected:X16}, the loader 0x{actual:X16}");
        }
    }

    [Theory]
    [InlineData("1.e5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+.5e-3")]
    [InlineData("-0")]
    [InlineData("+0.0e-0")]
    [InlineData("00000000000000000000001.5")]
    [InlineData("1e0000000000000000000000000000001")]
    [InlineData("4.9406564584124654e-324")]
    [InlineData("2.4703282292062328e-324")]
    [InlineData("2.4703282292062327e-324")]
    [InlineData("1.7976931348623158e308")]
    [InlineData("9007199254740993")]
    [InlineData("1e")]
    [InlineData("e5")]
    [InlineData(".")]
    [InlineData("-.e1")]
    [InlineData("1e+")]
    [InlineData("1..2")]
    [InlineData("1-2")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("1,5")]
    [InlineData("１")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("∞")]
    public void A_cell_is_accepted_or_refused_exactly_as_double_TryParse_does(string cell)
    {
        bool accepted = double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected) && double.IsFinite(expected);
        string path = _folder.Write("edge.csv", $"x;label\n{cell};0\n1;1\n");
        if (accepted)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(CsvFile.Load(path).Features[0, 0]));
        else
            Assert.Throws<InvalidDataException>(() => CsvFile.Load(path));
    }

    /// <summary>Signs, 1–40 digits, a point anywhere (or none, or leading or trailing), exponents with leading zeros, e or E.</summary>
    static string RandomDecimal(System.Random r)
    {
        var s = new StringBuilder();
        s.Append(r.Next(4) switch { 0 => "-", 1 => "+", _ => "" });
        int digits = r.Next(4) == 0 ? r.Next(18, 41) : r.Next(1, 18);
        int point = r.Next(-1, digits + 1);
        for (int k = 0; k < digits; k++)
        {
            if (k == point) s.Append('.');
            s.Append((char)('0' + r.Next(10)));
        }
        if (point == digits) s.Append('.');
        if (r.Next(3) > 0)
            s.Append(r.Next(2) == 0 ? 'e' : 'E').Append(r.Next(3) switch { 0 => "-", 1 => "+", _ => "" })
             .Append(r.Next(2) == 0 ? "0" : "").Append(r.Next(0, 330));
        return s.ToString();
    }

    /// <summary>The exact midpoint between a random double and the next one up, and the decimals one unit either side of it.</summary>
    static IEnumerable<string> NearHalfway(System.Random r)
    {
        long bits = r.NextInt64(1, 0x7FEFFFFFFFFFFFFF);
        int biased = (int)(bits >> 52);
        long mantissa = bits & 0xFFFFFFFFFFFFF;
        if (biased > 0) mantissa |= 1L << 52;
        int exponent = (biased > 0 ? biased : 1) - 1075; // value = mantissa · 2^exponent
        var twiceMidpoint = new BigInteger(2 * mantissa + 1); // midpoint = (2m + 1) · 2^(exponent − 1)
        int e = exponent - 1;
        BigInteger digits = e >= 0 ? twiceMidpoint << e : twiceMidpoint * BigInteger.Pow(5, -e);
        string suffix = e >= 0 ? "" : $"e-{-e}";
        return [$"{digits}{suffix}", $"{digits + 1}{suffix}", $"{digits - 1}{suffix}"];
    }

    [Fact]
    public void Lines_may_end_with_CR_alone()
    {
        // Old Mac line ends: today's loader saw one line and said "only a header".
        var data = CsvFile.Load(_folder.Write("cr.csv", "x,label\r1.5,0\r2.5,1\r"));
        Assert.Equal(new double[,] { { 1.5 }, { 2.5 } }, data.Features);
        var e = Fails("x,label\r1,0\r\r2,x\r");
        AssertAt(e, 4, 2);
    }

    [Fact]
    public void Line_numbers_count_blank_lines_and_mixed_line_ends()
    {
        var e = Fails("\n\r\nx,label\r\n1,0\n\n2,1\r3,oops\n");
        AssertAt(e, 7, 2);
        Assert.Contains("header (line 3)", Fails("\n\r\nx,label\r\n1,0\n\n2,1,3\n").Message);
    }

    [Fact]
    public void A_NUL_byte_past_the_first_block_is_shown_escaped_never_raw()
    {
        var text = new StringBuilder("x,label\n");
        while (text.Length < 70_000) text.Append("1.25,0\n2.5,1\n");
        int line = text.ToString().Count(c => c == '\n') + 1;
        var e = Fails(text.Append("3\0,1\n").ToString());
        AssertAt(e, line, 1);
        Assert.Contains(@"expected a number, found '3\0'", e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public void UTF16_with_a_byte_order_mark_is_still_text()
    {
        var data = CsvFile.Load(_folder.WriteBytes("utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("x,label\n1.5,0\n2,1\n")]));
        Assert.Equal(new double[,] { { 1.5 }, { 2 } }, data.Features);
    }

    [Fact]
    public void A_long_cell_is_cut_in_the_message()
    {
        var e = Fails($"x,label\n1,0\n{new string('a', 5000)},1\n");
        Assert.Contains($"found '{new string('a', 60)}… (5000 characters)'", e.Message);
    }
}
