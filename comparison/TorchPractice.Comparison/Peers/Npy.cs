using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace TorchPractice.Comparison.Peers;

/// <summary>
/// NumPy's .npy (format 1.0) and .npz files for 2-D float64 matrices, the only kind the peers exchange.
/// Written byte for byte as np.save / np.savez write them (header dict, growth spaces, padding to 64 bytes).
/// </summary>
public static partial class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    const int Align = 64;
    // np.save leaves room after the header so the first axis can grow in place: len(str(8 * 2**64 - 1)).
    const int GrowthAxisMaxDigits = 21;

    /// <summary>Writes a C-order '&lt;f8' .npy of the matrix to the stream.</summary>
    public static void Write(Stream stream, double[,] array)
    {
        int rows = array.GetLength(0), cols = array.GetLength(1);
        var header = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}";
        header += new string(' ', Math.Max(0, GrowthAxisMaxDigits - rows.ToString(CultureInfo.InvariantCulture).Length));
        int preamble = Magic.Length + 2 + 2, headerLength = header.Length + 1;
        int padding = Align - (preamble + headerLength) % Align;
        header += new string(' ', padding) + "\n";

        var prefix = new byte[preamble];
        Magic.CopyTo(prefix, 0);
        prefix[6] = 1; // version 1.0
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), checked((ushort)header.Length));
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));

        var row = new byte[cols * sizeof(double)];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
                BinaryPrimitives.WriteDoubleLittleEndian(row.AsSpan(j * sizeof(double)), array[i, j]);
            stream.Write(row);
        }
    }

    /// <summary>Writes a C-order '&lt;f8' .npy of the matrix to <paramref name="path"/>.</summary>
    public static void Write(string path, double[,] array)
    {
        using var stream = File.Create(path);
        Write(stream, array);
    }

    /// <summary>Reads a 2-D '&lt;f8' .npy (format 1.0 to 3.0, C or Fortran order). <paramref name="name"/> is for errors.</summary>
    public static double[,] Read(Stream stream, string name)
    {
        var prefix = ReadExactly(stream, 8, name);
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (no \\x93NUMPY magic)");
        int headerLength = prefix[6] switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, name)),
            2 or 3 => checked((int)BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, name))),
            _ => throw new InvalidDataException($"{name}: .npy format version {prefix[6]}.{prefix[7]} is not supported"),
        };
        var header = Encoding.UTF8.GetString(ReadExactly(stream, headerLength, name));

        var descr = DescrPattern().Match(header);
        if (!descr.Success || descr.Groups[1].Value != "<f8")
            throw new InvalidDataException($"{name}: expected dtype '<f8' (float64), header is {header.Trim()}");
        var fortran = FortranPattern().Match(header);
        if (!fortran.Success)
            throw new InvalidDataException($"{name}: header has no fortran_order: {header.Trim()}");
        var shape = ShapePattern().Match(header);
        if (!shape.Success)
            throw new InvalidDataException($"{name}: expected a 2-D array, header is {header.Trim()}");
        int rows = int.Parse(shape.Groups[1].Value, CultureInfo.InvariantCulture);
        int cols = int.Parse(shape.Groups[2].Value, CultureInfo.InvariantCulture);
        bool fortranOrder = fortran.Groups[1].Value == "True";

        var data = ReadExactly(stream, checked(rows * cols * sizeof(double)), name);
        var array = new double[rows, cols];
        for (int k = 0; k < rows * cols; k++)
        {
            var value = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(k * sizeof(double)));
            if (fortranOrder)
                array[k % rows, k / rows] = value;
            else
                array[k / cols, k % cols] = value;
        }
        return array;
    }

    /// <summary>Reads a 2-D '&lt;f8' .npy from <paramref name="path"/>.</summary>
    public static double[,] Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Writes an .npz (a zip of NAME.npy entries, stored uncompressed as np.savez does).</summary>
    public static void WriteNpz(string path, IEnumerable<KeyValuePair<string, double[,]>> arrays)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, array) in arrays)
        {
            using var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
            Write(entry, array);
        }
    }

    /// <summary>Reads every NAME.npy entry of an .npz (compressed or not), keyed by NAME.</summary>
    public static IReadOnlyDictionary<string, double[,]> ReadNpz(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var arrays = new Dictionary<string, double[,]>();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            arrays[entry.FullName[..^4]] = Read(stream, $"{path}:{entry.FullName}");
        }
        return arrays;
    }

    static byte[] ReadExactly(Stream stream, int count, string name)
    {
        var buffer = new byte[count];
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{name}: file ends early (truncated .npy)");
        }
        return buffer;
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape':\s*\(\s*(\d+)\s*,\s*(\d+)\s*,?\s*\)")]
    private static partial Regex ShapePattern();
}
