using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using nietras.SeparatedValues;

namespace TorchPractice.Data.Loading;

/// <summary>
/// Reads a labelled CSV table: a header row of column names, then one sample per line; every column is a
/// numeric feature except the label column (the last one unless named). Every cell is checked, and the
/// first bad one is reported with file, line, column number and name, and what was expected.
/// </summary>
/// <remarks>
/// <para>Format: UTF-8 (a byte-order mark is skipped; UTF-16 with a byte-order mark is read too); fields may be quoted
/// ("a, b", with "" for a quote) but may not span lines; lines end with LF, CRLF or CR; blank lines are skipped; numbers
/// use the invariant culture ('.' decimal point, exponents allowed). The separator is taken from the header: a comma if
/// it has one (outside quotes), otherwise a tab, otherwise a semicolon. Labels: 0 or 1 (any numeric spelling, e.g. 1.0)
/// or false/true.</para>
/// <para>The file is streamed (Sep splits the lines): an error is reported as soon as its line is read, and memory
/// is bounded — a file whose first block holds NUL bytes is refused as not text, a line may hold at most
/// <see cref="DataLimits.MaxLineCharacters"/> characters, and the numbers at most
/// <see cref="CsvLoadOptions.MemoryLimitBytes"/>. Numbers are parsed by csFastFloat where a cell is a plain decimal
/// number and by <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>
/// otherwise; both round correctly, so every value is bit-identical to <c>double.Parse</c>'s (and NumPy's).</para>
/// <para>ML.NET's TextLoader is deliberately not used to parse: it turns bad cells into NaN without a word,
/// and its number parser is not correctly rounded (ML.NET 5.0.1 reads "4.90151277373239E-220" one ulp away
/// from .NET's and NumPy's value), while runs here must match the course notebook bit for bit. The parsed
/// table reaches ML.NET through <see cref="DataViews.ToDataView"/>.</para>
/// </remarks>
public static class CsvFile
{
    const int ProgressEveryBytes = 1 << 20;
    const int CellShownCharacters = 60;

    /// <summary>Reads the file; <paramref name="labelColumn"/> names the label column (default: the last).</summary>
    public static Dataset Load(string path, string? labelColumn = null) => Load(path, new CsvLoadOptions { LabelColumn = labelColumn });

    /// <summary>
    /// Reads the file. Throws <see cref="FileNotFoundException"/> (absent or a directory), <see cref="UnauthorizedAccessException"/>
    /// (not readable) and <see cref="InvalidDataException"/> (the content; see <see cref="DataError"/> for where).
    /// </summary>
    public static Dataset Load(string path, CsvLoadOptions options)
    {
        using var file = DataFiles.OpenRead(path, "data file");
        return Read(file, path, options);
    }

    /// <summary>
    /// Reads a table from a stream (read to its end, or to the first error; not disposed); <paramref name="name"/> stands
    /// for the file in messages, and its file-name part becomes the dataset's name.
    /// </summary>
    public static Dataset Load(Stream stream, string name, CsvLoadOptions? options = null) => Read(stream, name, options ?? new CsvLoadOptions());

    /// <summary>
    /// The column names of the file's header row (its first line that is not blank), label column included, checked as
    /// <see cref="Load(string, CsvLoadOptions)"/> checks them (named, unique, not all numbers); reads no further. Throws as Load does.
    /// </summary>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        using var file = DataFiles.OpenRead(path, "data file");
        var first = new byte[DataFiles.FirstBlockBytes];
        int firstLength = DataFiles.ReadBlock(file, first);
        RefuseBinary(path, first.AsSpan(0, firstLength));
        using var reader = new StreamReader(new ReplayStream(first, firstLength, file), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var (names, _, _) = Header(reader, path, labelled: false);
        return names;
    }

    /// <summary>The header row: its column names, line number and separator.</summary>
    static (string[] Names, int Line, char Separator) Header(StreamReader reader, string path, bool labelled)
    {
        // The header: the first line that is not blank. It is read here, not by Sep, to choose the separator.
        int headerLine = 0;
        string? headerText;
        var lineBuilder = new StringBuilder();
        do
        {
            headerLine++;
            headerText = ReadLine(reader, lineBuilder, path, headerLine);
            if (headerText is null)
                throw DataError.Create($"{path}: the file is empty; expected a header row of column names, then one sample per line", path, line: 1);
        } while (string.IsNullOrWhiteSpace(headerText));
        char separator = DetectSeparator(headerText);
        var names = SplitRecord(path, headerLine, headerText, separator).Select(n => n.Trim()).ToArray();
        CheckHeader(path, headerLine, names, labelled);
        return (names, headerLine, separator);
    }

    static Dataset Read(Stream stream, string path, CsvLoadOptions options)
    {
        long? totalBytes = DataFiles.KnownLength(stream) is long length ? length - stream.Position : null;
        var first = new byte[DataFiles.FirstBlockBytes];
        int firstLength = DataFiles.ReadBlock(stream, first);
        RefuseBinary(path, first.AsSpan(0, firstLength));
        var input = new ReplayStream(first, firstLength, stream);
        using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);

        if (options.Unlabelled && options.LabelColumn is not null)
            throw new ArgumentException($"{path}: a label column ('{options.LabelColumn}') was named for a table read without labels", nameof(options));
        var (names, headerLine, separator) = Header(reader, path, labelled: !options.Unlabelled);
        int label = options.Unlabelled ? -1 : LabelIndex(path, headerLine, names, options.LabelColumn);
        int width = options.Unlabelled ? names.Length : names.Length - 1;

        var values = new RowStore(width);
        var labels = new List<double>();
        long ones = 0;
        long bytesPerRow = (long)names.Length * sizeof(double);
        long lastReport = 0;
        int nextLine = headerLine + 1;
        // Sep throws NotSupportedException where a line passes its length limit (when it starts, too: it reads ahead).
        SepReader sep;
        try { sep = Sep.New(separator).Reader(o => o with { HasHeader = false, DisableColCountCheck = true, DisableQuotesParsing = true }).From(reader); }
        catch (NotSupportedException) { throw LineTooLong(path, nextLine); }
        using var _ = sep;
        while (true)
        {
            try { if (!sep.MoveNext()) break; }
            catch (NotSupportedException) { throw LineTooLong(path, nextLine); }
            var row = sep.Current;
            // Sep counts lines from where it started (after the header); its first row starts on its line 1.
            int line = headerLine + (row.RowIndex == 0 ? 1 : row.LineNumberFrom);
            nextLine = headerLine + row.LineNumberToExcl;
            var span = row.Span;
            if (row.ColCount == 1 && span.IsWhiteSpace()) continue;

            if (span.Contains('"'))
                ReadQuotedRow(path, line, span, separator, names, headerLine, label, values.Append(), labels);
            else
            {
                if (row.ColCount != names.Length) throw Ragged(path, line, row.ColCount, headerLine, names.Length, separator);
                var target = values.Append();
                for (int c = 0, f = 0; c < names.Length; c++)
                {
                    var cell = row[c].Span.Trim();
                    if (c == label) labels.Add(ParseLabel(path, line, c, names[c], cell));
                    else target[f++] = ParseFeature(path, line, c, names[c], cell, separator);
                }
            }
            if (label < 0) labels.Add(double.NaN);
            else if (labels[^1] == 1) ones++;

            if ((long)labels.Count * bytesPerRow > options.MemoryLimitBytes)
                throw DataError.Create(
                    $"{path}, line {line}: the table passes the loader's memory limit of {DataLimits.Bytes(options.MemoryLimitBytes)} " +
                    $"({labels.Count} rows × {names.Length} columns of float64 so far); the limit is a quarter of the memory available " +
                    "to the process (CsvLoadOptions.MemoryLimitBytes)", path, line);
            if (options.Progress is not null && (labels.Count & 1023) == 0 && input.BytesRead - lastReport >= ProgressEveryBytes)
            {
                lastReport = input.BytesRead;
                options.Progress.Report(new DataLoadProgress(path, input.BytesRead, totalBytes, labels.Count));
            }
        }
        options.Progress?.Report(new DataLoadProgress(path, input.BytesRead, totalBytes, labels.Count));

        if (labels.Count == 0)
            throw DataError.Create($"{path}, line {headerLine}: only a header, no data rows; expected one sample per line after it", path, line: headerLine);
        if (label >= 0 && options.RequireBothClasses && (ones == 0 || ones == labels.Count))
            throw DataError.Create(
                $"{path}: all {labels.Count} samples have label {labels[0]} in column {label + 1} ('{Show(names[label])}'); " +
                "a binary classifier needs samples of both classes 0 and 1", path, column: label + 1);

        var featureNames = names.Where((_, c) => c != label).ToArray();
        return new Dataset(Path.GetFileName(path), values.ToMatrix(), labels.ToArray(), featureNames);
    }

    static InvalidDataException LineTooLong(string path, int line) =>
        DataError.Create(
            $"{path}, line {line}: the line is longer than {DataLimits.MaxLineCharacters} characters (the most a row may hold); " +
            "not a CSV table with one sample per line?", path, line);

    /// <summary>A NUL byte in the first block means binary data (or UTF-16 without a byte-order mark): not a table.</summary>
    static void RefuseBinary(string path, ReadOnlySpan<byte> block)
    {
        bool utf16Or32 = block.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || block.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        int nul = block.IndexOf((byte)0);
        if (utf16Or32 || nul < 0) return;
        throw DataError.Create(
            $"{path}: not a text file (byte {nul} is NUL); expected CSV text in UTF-8 " +
            "(a header row of column names, then one sample per line)", path, byteOffset: nul);
    }

    /// <summary>One line without its end (LF, CRLF or CR), at most <see cref="DataLimits.MaxLineCharacters"/> long; null at the end of the input.</summary>
    static string? ReadLine(StreamReader reader, StringBuilder line, string path, int lineNumber)
    {
        line.Clear();
        int c = reader.Read();
        if (c < 0) return null;
        for (; c >= 0; c = reader.Read())
        {
            if (c == '\n') break;
            if (c == '\r')
            {
                if (reader.Peek() == '\n') reader.Read();
                break;
            }
            if (line.Length == DataLimits.MaxLineCharacters) throw LineTooLong(path, lineNumber);
            line.Append((char)c);
        }
        return line.ToString();
    }

    /// <summary>A row with a quote in it: split as the format says (quotes may hide separators; fields may not span lines).</summary>
    static void ReadQuotedRow(string path, int line, ReadOnlySpan<char> span, char separator, string[] names, int headerLine, int label,
                              Span<double> target, List<double> labels)
    {
        var cells = SplitRecord(path, line, span.ToString(), separator);
        if (cells.Count != names.Length) throw Ragged(path, line, cells.Count, headerLine, names.Length, separator);
        for (int c = 0, f = 0; c < names.Length; c++)
        {
            if (c == label) labels.Add(ParseLabel(path, line, c, names[c], cells[c]));
            else target[f++] = ParseFeature(path, line, c, names[c], cells[c], separator);
        }
    }

    static InvalidDataException Ragged(string path, int line, int cells, int headerLine, int columns, char separator) =>
        DataError.Create(
            $"{path}, line {line}: {cells} {(cells == 1 ? "cell" : "cells")} but the header (line {headerLine}) has {columns} columns " +
            $"(separator '{ShowSeparator(separator)}')", path, line: line);

    /// <summary>A comma if the header has one outside quotes, else a tab, else a semicolon, else a comma.</summary>
    static char DetectSeparator(string header)
    {
        bool quoted = false, comma = false, tab = false, semicolon = false;
        foreach (char ch in header)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted) { comma |= ch == ','; tab |= ch == '\t'; semicolon |= ch == ';'; }
        }
        return comma ? ',' : tab ? '\t' : semicolon ? ';' : ',';
    }

    /// <summary>Splits one line into fields (RFC 4180 quoting within the line); unquoted fields are trimmed.</summary>
    static List<string> SplitRecord(string path, int lineNumber, string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            while (i < line.Length && line[i] is ' ' or '\t' && line[i] != separator) i++;
            if (i < line.Length && line[i] == '"')
            {
                int open = i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw DataError.Create(
                            $"{path}, line {lineNumber}, column {fields.Count + 1}: the quote at character {open + 1} is not closed on this line " +
                            "(fields may not span lines)", path, lineNumber, fields.Count + 1);
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] is ' ' or '\t' && line[i] != separator) i++;
                if (i < line.Length && line[i] != separator)
                    throw DataError.Create(
                        $"{path}, line {lineNumber}, column {fields.Count + 1}: expected '{ShowSeparator(separator)}' or the end of the line after a closing quote, " +
                        $"found '{Show(line[i].ToString())}'", path, lineNumber, fields.Count + 1);
                fields.Add(field.ToString());
            }
            else
            {
                int start = i;
                while (i < line.Length && line[i] != separator) i++;
                fields.Add(line[start..i].Trim());
            }
            if (i >= line.Length) return fields;
            i++; // past the separator: another field follows, possibly empty
        }
    }

    /// <summary>Refuses a header of numbers, an empty name, a repeated name or a lone column.</summary>
    /// <param name="path">The file, for messages.</param>
    /// <param name="lineNumber">The header's 1-based line.</param>
    /// <param name="names">The header's column names.</param>
    /// <param name="labelled">Whether a label column is expected.</param>
    /// <param name="nameComparer">How names are compared (ordinal; tests pass a counting one to show the check is linear).</param>
    internal static void CheckHeader(string path, int lineNumber, string[] names, bool labelled, IEqualityComparer<string>? nameComparer = null)
    {
        // A file without a header would silently lose its first sample to the column names.
        if (names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw DataError.Create(
                $"{path}, line {lineNumber}: the first row holds only numbers; expected a header row of column names (e.g. x1,x2,label)",
                path, lineNumber);
        var firstColumn = new Dictionary<string, int>(names.Length, nameComparer ?? StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            if (names[c].Length == 0)
                throw DataError.Create(
                    $"{path}, line {lineNumber}, column {c + 1}: empty column name; the first row must name every column" +
                    (c == 0 ? " (a pandas index column? save with index=False)" : ""), path, lineNumber, c + 1);
            if (!firstColumn.TryAdd(names[c], c))
                throw DataError.Create(
                    $"{path}, line {lineNumber}, column {c + 1}: the name '{Show(names[c])}' repeats column {firstColumn[names[c]] + 1}; column names must be unique",
                    path, lineNumber, c + 1);
        }
        if (labelled && names.Length < 2)
            throw DataError.Create(
                $"{path}, line {lineNumber}: the header has 1 column ('{Show(names[0])}'); expected at least one feature column and a label column " +
                "separated by ',' (or tab or ';')", path, lineNumber);
    }

    static int LabelIndex(string path, int lineNumber, string[] names, string? labelColumn)
    {
        if (labelColumn is null) return names.Length - 1;
        int index = Array.IndexOf(names, labelColumn.Trim());
        if (index < 0)
            throw DataError.Create(
                $"{path}, line {lineNumber}: no column named '{labelColumn}' for the label; the header has " +
                (names.Length <= 50 ? string.Join(", ", names.Select(n => $"'{Show(n)}'")) : $"{names.Length} columns, from '{Show(names[0])}' to '{Show(names[^1])}'"),
                path, lineNumber);
        return index;
    }

    static double ParseFeature(string path, int line, int c, string name, ReadOnlySpan<char> cell, char separator)
    {
        bool parsed = TryParseNumber(cell, out double value);
        if (parsed && double.IsFinite(value)) return value;
        string where = $"{path}, line {line}, column {c + 1} ('{Show(name)}')";
        if (cell.Length == 0)
            throw DataError.Create($"{where}: empty cell; expected a number", path, line, c + 1);
        if (!parsed)
        {
            string hint = separator != ',' && cell.Contains(',') ? " (use '.' as the decimal point)" : "";
            throw DataError.Create($"{where}: expected a number, found '{Show(cell)}'{hint}", path, line, c + 1);
        }
        throw DataError.Create($"{where}: expected a finite number, found '{Show(cell)}'", path, line, c + 1);
    }

    static double ParseLabel(string path, int line, int c, string name, ReadOnlySpan<char> cell)
    {
        if (TryParseNumber(cell, out double v) && v is 0 or 1) return v == 0 ? 0.0 : 1.0; // -0 reads as 0
        if (cell.Equals("false", StringComparison.OrdinalIgnoreCase)) return 0;
        if (cell.Equals("true", StringComparison.OrdinalIgnoreCase)) return 1;
        throw DataError.Create(
            $"{path}, line {line}, column {c + 1} ('{Show(name)}'): expected a label 0 or 1 (also 0.0/1.0 or false/true), found '{Show(cell)}'",
            path, line, c + 1);
    }

    /// <summary>
    /// double.TryParse(cell, NumberStyles.Float, invariant), faster: a plain decimal number (sign, digits, point,
    /// exponent: what both parsers accept alike) goes to csFastFloat, which rounds correctly as .NET does, so the bits
    /// are the same; anything else (spaces, "Infinity", malformed text) goes to .NET itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool TryParseNumber(ReadOnlySpan<char> cell, out double value)
    {
        if (IsPlainDecimal(cell) && csFastFloat.FastDoubleParser.TryParseDouble(cell, out int used, out value) && used == cell.Length)
            return true;
        // .NET ignores trailing NUL characters ("3\0" reads as 3); a cell with a NUL is not a number.
        value = 0;
        return !cell.Contains('\0') && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?</summary>
    static bool IsPlainDecimal(ReadOnlySpan<char> s)
    {
        int i = 0, n = s.Length;
        if (i < n && s[i] is '+' or '-') i++;
        int digits = 0;
        while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < n && s[i] == '.')
        {
            i++;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < n && s[i] is 'e' or 'E')
        {
            i++;
            if (i < n && s[i] is '+' or '-') i++;
            int exponentDigits = 0;
            while (i < n && char.IsAsciiDigit(s[i])) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        return i == n;
    }

    /// <summary>Text from the file as a message shows it: control characters escaped (a NUL as \0), long text cut.</summary>
    static string Show(ReadOnlySpan<char> text)
    {
        var shown = new StringBuilder();
        foreach (char ch in text.Length > CellShownCharacters ? text[..CellShownCharacters] : text)
            shown.Append(ch switch
            {
                '\0' => "\\0",
                '\t' => "\\t",
                '\r' => "\\r",
                '\n' => "\\n",
                _ when char.IsControl(ch) => $"\\u{(int)ch:X4}",
                _ => ch.ToString(),
            });
        if (text.Length > CellShownCharacters) shown.Append($"… ({text.Length} characters)");
        return shown.ToString();
    }

    static string ShowSeparator(char separator) => separator == '\t' ? "\\t" : separator.ToString();

    /// <summary>
    /// The features, row after row, in blocks of about 1 MiB: growing never copies what was read, and the final matrix
    /// is the only second copy (a List would need up to three times the numbers while it doubles).
    /// </summary>
    sealed class RowStore(int width)
    {
        readonly List<double[]> _blocks = [];
        readonly int _rowsPerBlock = Math.Max(1, (1 << 17) / Math.Max(width, 1));
        double[] _current = [];
        int _rowsInCurrent;
        long _rows;

        public Span<double> Append()
        {
            if (_blocks.Count == 0 || _rowsInCurrent == _rowsPerBlock)
            {
                _current = new double[_rowsPerBlock * width];
                _blocks.Add(_current);
                _rowsInCurrent = 0;
            }
            _rows++;
            return _current.AsSpan(_rowsInCurrent++ * width, width);
        }

        public double[,] ToMatrix()
        {
            var matrix = new double[_rows, width];
            var flat = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(matrix)), matrix.Length);
            long at = 0;
            foreach (var block in _blocks)
            {
                int count = (int)Math.Min(block.Length, flat.Length - at);
                block.AsSpan(0, count).CopyTo(flat.Slice((int)at, count));
                at += count;
            }
            _blocks.Clear();
            return matrix;
        }
    }
}
