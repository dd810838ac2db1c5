using System.Globalization;
using System.Text;

namespace TorchPractice.Data.Loading;

/// <summary>
/// Reads a labelled CSV table: a header row of column names, then one sample per line; every column is a
/// numeric feature except the label column (the last one unless named). Every cell is checked, and the
/// first bad one is reported with file, line, column number and name, and what was expected.
/// </summary>
/// <remarks>
/// <para>Format: UTF-8 (a byte-order mark is skipped); fields may be quoted ("a, b", with "" for a quote) but
/// may not span lines; blank lines are skipped; numbers use the invariant culture ('.' decimal point,
/// exponents allowed). The separator is taken from the header: a comma if it has one (outside quotes),
/// otherwise a tab, otherwise a semicolon. Labels: 0 or 1 (any numeric spelling, e.g. 1.0) or false/true.</para>
/// <para>ML.NET's TextLoader is deliberately not used to parse: it turns bad cells into NaN without a word,
/// and its number parser is not correctly rounded (ML.NET 5.0.1 reads "4.90151277373239E-220" one ulp away
/// from .NET's and NumPy's value), while runs here must match the course notebook bit for bit. The parsed
/// table reaches ML.NET through <see cref="DataViews.ToDataView"/>.</para>
/// </remarks>
public static class CsvFile
{
    /// <summary>Reads the file; <paramref name="labelColumn"/> names the label column (default: the last).</summary>
    public static Dataset Load(string path, string? labelColumn = null)
    {
        if (Directory.Exists(path)) throw new FileNotFoundException($"data file '{path}' is a directory, not a CSV file", path);
        if (!File.Exists(path)) throw new FileNotFoundException($"data file '{path}' not found", path);

        string[] lines;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            lines = reader.ReadToEnd().Split('\n');

        int headerIndex = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (headerIndex < 0)
            throw DataError.Create($"{path}: the file is empty; expected a header row of column names, then one sample per line", path, line: 1);
        string headerLine = lines[headerIndex].TrimEnd('\r');
        char separator = DetectSeparator(headerLine);
        var header = SplitRecord(path, headerIndex + 1, headerLine, separator);
        var names = header.Select(n => n.Trim()).ToArray();
        CheckHeader(path, headerIndex + 1, names);
        int label = LabelIndex(path, headerIndex + 1, names, labelColumn);

        var features = new List<double[]>();
        var labels = new List<double>();
        for (int li = headerIndex + 1; li < lines.Length; li++)
        {
            string line = lines[li].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            int lineNumber = li + 1;
            var cells = SplitRecord(path, lineNumber, line, separator);
            if (cells.Count != names.Length)
                throw DataError.Create(
                    $"{path}, line {lineNumber}: {cells.Count} {(cells.Count == 1 ? "cell" : "cells")} but the header (line {headerIndex + 1}) has {names.Length} columns " +
                    $"(separator '{Show(separator)}')", path, line: lineNumber);

            var row = new double[names.Length - 1];
            for (int c = 0, f = 0; c < cells.Count; c++)
            {
                if (c == label) labels.Add(ParseLabel(path, lineNumber, c, names[c], cells[c]));
                else row[f++] = ParseFeature(path, lineNumber, c, names[c], cells[c], separator);
            }
            features.Add(row);
        }

        if (features.Count == 0)
            throw DataError.Create($"{path}, line {headerIndex + 1}: only a header, no data rows; expected one sample per line after it", path, line: headerIndex + 1);
        if (labels.Distinct().Count() < 2)
            throw DataError.Create(
                $"{path}: all {labels.Count} samples have label {labels[0]} in column {label + 1} ('{names[label]}'); " +
                "a binary classifier needs samples of both classes 0 and 1", path, column: label + 1);

        var matrix = new double[features.Count, names.Length - 1];
        for (int i = 0; i < features.Count; i++)
            for (int j = 0; j < names.Length - 1; j++)
                matrix[i, j] = features[i][j];
        var featureNames = names.Where((_, c) => c != label).ToArray();
        return new Dataset(System.IO.Path.GetFileName(path), matrix, labels.ToArray(), featureNames);
    }

    /// <summary>A comma if the header has one outside quotes, else a tab, else a semicolon, else a comma.</summary>
    static char DetectSeparator(string header)
    {
        var seen = new HashSet<char>();
        bool quoted = false;
        foreach (char ch in header)
        {
            if (ch == '"') quoted = !quoted;
            else if (!quoted) seen.Add(ch);
        }
        return seen.Contains(',') ? ',' : seen.Contains('\t') ? '\t' : seen.Contains(';') ? ';' : ',';
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
                        $"{path}, line {lineNumber}, column {fields.Count + 1}: expected '{Show(separator)}' or the end of the line after a closing quote, found '{line[i]}'",
                        path, lineNumber, fields.Count + 1);
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

    static void CheckHeader(string path, int lineNumber, string[] names)
    {
        // A file without a header would silently lose its first sample to the column names.
        if (names.All(n => double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw DataError.Create(
                $"{path}, line {lineNumber}: the first row holds only numbers; expected a header row of column names (e.g. x1,x2,label)",
                path, lineNumber);
        for (int c = 0; c < names.Length; c++)
        {
            if (names[c].Length == 0)
                throw DataError.Create(
                    $"{path}, line {lineNumber}, column {c + 1}: empty column name; the first row must name every column" +
                    (c == 0 ? " (a pandas index column? save with index=False)" : ""), path, lineNumber, c + 1);
            int first = Array.IndexOf(names, names[c]);
            if (first < c)
                throw DataError.Create(
                    $"{path}, line {lineNumber}, column {c + 1}: the name '{names[c]}' repeats column {first + 1}; column names must be unique",
                    path, lineNumber, c + 1);
        }
        if (names.Length < 2)
            throw DataError.Create(
                $"{path}, line {lineNumber}: the header has 1 column ('{names[0]}'); expected at least one feature column and a label column " +
                "separated by ',' (or tab or ';')", path, lineNumber);
    }

    static int LabelIndex(string path, int lineNumber, string[] names, string? labelColumn)
    {
        if (labelColumn is null) return names.Length - 1;
        int index = Array.IndexOf(names, labelColumn.Trim());
        if (index < 0)
            throw DataError.Create(
                $"{path}, line {lineNumber}: no column named '{labelColumn}' for the label; the header has {string.Join(", ", names.Select(n => $"'{n}'"))}",
                path, lineNumber);
        return index;
    }

    static double ParseFeature(string path, int line, int c, string name, string cell, char separator)
    {
        string where = $"{path}, line {line}, column {c + 1} ('{name}')";
        if (cell.Length == 0)
            throw DataError.Create($"{where}: empty cell; expected a number", path, line, c + 1);
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            string hint = separator != ',' && cell.Contains(',') ? " (use '.' as the decimal point)" : "";
            throw DataError.Create($"{where}: expected a number, found '{cell}'{hint}", path, line, c + 1);
        }
        if (!double.IsFinite(value))
            throw DataError.Create($"{where}: expected a finite number, found '{cell}'", path, line, c + 1);
        return value;
    }

    static double ParseLabel(string path, int line, int c, string name, string cell)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is 0 or 1) return v == 0 ? 0.0 : 1.0; // -0 reads as 0
        if (cell.Equals("false", StringComparison.OrdinalIgnoreCase)) return 0;
        if (cell.Equals("true", StringComparison.OrdinalIgnoreCase)) return 1;
        throw DataError.Create(
            $"{path}, line {line}, column {c + 1} ('{name}'): expected a label 0 or 1 (also 0.0/1.0 or false/true), found '{cell}'",
            path, line, c + 1);
    }

    static string Show(char separator) => separator == '\t' ? "\\t" : separator.ToString();
}
