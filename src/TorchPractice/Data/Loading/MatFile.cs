using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TorchPractice.Data.Loading;

/// <summary>
/// A reader for MATLAB Level 5 MAT-files (what MATLAB's -v6 and default -v7 write, and scipy.io.savemat),
/// limited to what the course needs: real numeric arrays, plain or zlib-compressed, either byte order.
/// Layout (MathWorks, "MAT-File Format"): a 128-byte header, then data elements, each an 8-byte tag
/// (type, byte count) and its data padded to 8 bytes; small elements (≤ 4 bytes) pack tag and data in 8 bytes.
/// </summary>
public sealed class MatFile
{
    const int HeaderSize = 128;
    // Data element types (miTYPE codes).
    const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7,
              MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16;
    const int ComplexFlag = 0x08, LogicalFlag = 0x02;
    // "\x89HDF\r\n\x1a\n": v7.3 files are HDF5, with the signature after a 512-byte MATLAB header.
    static readonly byte[] Hdf5Signature = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];

    readonly Dictionary<string, MatVariable> _byName;

    MatFile(string path, string headerText, bool bigEndian, List<MatVariable> variables)
    {
        Path = path;
        HeaderText = headerText;
        IsBigEndian = bigEndian;
        Variables = variables;
        _byName = new Dictionary<string, MatVariable>(StringComparer.Ordinal);
        foreach (var v in variables) _byName.TryAdd(v.Name, v);
    }

    /// <summary>The file as the caller named it.</summary>
    public string Path { get; }
    /// <summary>The descriptive text at the start of the header, e.g. "MATLAB 5.0 MAT-file, Platform: GLNXA64, ...".</summary>
    public string HeaderText { get; }
    /// <summary>True when the file was written big-endian ("MI" read as "IM").</summary>
    public bool IsBigEndian { get; }
    /// <summary>In file order.</summary>
    public IReadOnlyList<MatVariable> Variables { get; }

    /// <summary>True when the file has a variable of that name.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The variable of that name; <see cref="InvalidDataException"/> listing the file's variables when there is none.</summary>
    public MatVariable this[string name] => _byName.TryGetValue(name, out var v) ? v
        : throw DataError.Create($"{Path}: no variable '{name}'; the file has {Describe()}", Path);

    /// <summary>"X (211×2 double), y (211×1 uint8)" or "no variables".</summary>
    public string Describe() => Variables.Count == 0 ? "no variables" : string.Join(", ", Variables);

    /// <summary>MATLAB's name for a class ("double", "uint8", "sparse", …).</summary>
    public static string ClassName(MatClass c) => c switch
    {
        MatClass.Sparse => "sparse",
        MatClass.Function => "function handle",
        _ => Enum.IsDefined(c) ? c.ToString().ToLowerInvariant() : $"class {(int)c}",
    };

    /// <summary>
    /// Reads the whole file. Throws <see cref="FileNotFoundException"/> (absent or a directory), <see cref="UnauthorizedAccessException"/>
    /// (not readable) and <see cref="InvalidDataException"/> (see <see cref="DataError"/>) naming the byte offset of any problem.
    /// </summary>
    /// <param name="path">The .mat file.</param>
    /// <param name="memoryLimitBytes">
    /// The most memory the file's bytes, their decompressed form and its values as doubles may take (default
    /// <see cref="DataLimits.DefaultMemoryBytes"/>): a larger, endless (a device) or decompression-bomb file is refused
    /// with the limit named, before the memory is taken.
    /// </param>
    public static MatFile Read(string path, long? memoryLimitBytes = null)
    {
        var budget = new MemoryBudget(path, memoryLimitBytes ?? DataLimits.DefaultMemoryBytes);
        byte[] bytes;
        using (var file = DataFiles.OpenRead(path, "MAT-file"))
        {
            // The header first, so that a device or a file of another kind is refused before the rest is read.
            var start = new byte[HeaderSize + 512 + 8];
            int startLength = DataFiles.ReadBlock(file, start);
            CheckHeader(path, start.AsSpan(0, startLength).ToArray());
            bytes = ReadRest(file, start, startLength, budget);
        }
        bool bigEndian = CheckHeader(path, bytes);
        string text = Encoding.ASCII.GetString(bytes, 0, 116).TrimEnd(' ', '\0');
        var reader = new ElementReader(path, bytes, bigEndian, compressedAt: null, budget);
        var variables = new List<MatVariable>();
        int pos = HeaderSize;
        while (pos < bytes.Length)
        {
            var tag = reader.Tag(pos, bytes.Length);
            if (tag.Type == MiCompressed)
            {
                // The compressed data is itself a sequence of (uncompressed) data elements.
                var inner = new ElementReader(path, Inflate(path, bytes, tag, budget), bigEndian, compressedAt: pos, budget);
                for (int p = 0; p < inner.Length;)
                {
                    var t = inner.Tag(p, inner.Length);
                    inner.ReadTopLevel(t, variables);
                    p = t.Next;
                }
            }
            else reader.ReadTopLevel(tag, variables);
            pos = tag.Next;
        }
        return new MatFile(path, text, bigEndian, variables);
    }

    /// <summary>The whole file: its size is checked against the budget first; a stream of unknown size is read only up to it.</summary>
    static byte[] ReadRest(Stream file, byte[] start, int startLength, MemoryBudget budget)
    {
        if (DataFiles.KnownLength(file) is long length and > 0)
        {
            budget.Take(length, $"reading the file's {length} bytes", 0);
            if (length > Array.MaxLength) throw Error(budget.Path, 0, $"the file has {length} bytes; a MAT-file is read whole, and at most {Array.MaxLength} bytes fit");
            var all = new byte[length];
            start.AsSpan(0, startLength).CopyTo(all);
            int read = startLength + DataFiles.ReadBlock(file, all.AsSpan(startLength));
            return read == all.Length ? all : all[..read];
        }
        using var buffer = new MemoryStream();
        buffer.Write(start, 0, startLength);
        budget.Take(startLength, "reading the file", 0);
        CopyBounded(file, buffer, budget, "reading the file (a device or pipe, of no known size)", 0);
        return buffer.ToArray();
    }

    /// <summary>Copies to the end of <paramref name="from"/>, taking every chunk from the budget before it is kept.</summary>
    static void CopyBounded(Stream from, MemoryStream to, MemoryBudget budget, string what, long offset)
    {
        var chunk = new byte[81920];
        for (int n; (n = from.Read(chunk, 0, chunk.Length)) > 0;)
        {
            budget.Take(n, what, offset);
            if (to.Length + n > Array.MaxLength)
                throw Error(budget.Path, offset, $"{what} gives more than {Array.MaxLength} bytes, the most one buffer holds");
            to.Write(chunk, 0, n);
        }
    }

    /// <summary>
    /// What reading one file may allocate: the file, its decompressed data and the values as doubles together.
    /// </summary>
    sealed class MemoryBudget(string path, long limitBytes)
    {
        readonly long _limit = limitBytes;
        long _taken;

        public string Path => path;

        public void Take(long bytes, string what, long offset)
        {
            _taken += bytes;
            if (_taken > _limit)
                throw Error(path, offset,
                    $"{what} would take the memory read from this file past the loader's limit of {DataLimits.Bytes(_limit)} " +
                    "(a quarter of the memory available to the process); is this the right file?");
        }
    }

    /// <summary>Checks the 128-byte header and returns whether the file is big-endian.</summary>
    static bool CheckHeader(string path, byte[] b)
    {
        bool HasHdf5At(int at) => b.Length >= at + 8 && b.AsSpan(at, 8).SequenceEqual(Hdf5Signature);
        string start = Encoding.ASCII.GetString(b, 0, Math.Min(b.Length, 10));
        if (HasHdf5At(0) || HasHdf5At(512) || start == "MATLAB 7.3")
            throw Error(path, 0, "this is a MATLAB v7.3 MAT-file (HDF5), which is not supported; " +
                                 "in MATLAB re-save it with save(..., '-v7'), or load it in Python and use scipy.io.savemat");
        if (LooksLikeLevel4(b))
            throw Error(path, 0, "this looks like a MATLAB v4 MAT-file (no 128-byte Level 5 header), which is not supported; " +
                                 "re-save it with save(..., '-v7') or scipy.io.savemat(..., format='5')");
        if (b.Length < HeaderSize)
            throw Error(path, b.Length, $"not a MAT v5 file: truncated header (the file ends at byte {b.Length}; a MAT v5 header has {HeaderSize} bytes)");
        bool bigEndian = (b[126], b[127]) switch
        {
            ((byte)'I', (byte)'M') => false,
            ((byte)'M', (byte)'I') => true,
            _ => throw Error(path, 126, $"not a MAT v5 file: the endian indicator at bytes 126-127 should be 'IM' or 'MI' (found 0x{b[126]:X2} 0x{b[127]:X2})"),
        };
        int version = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(124)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(124));
        if (version == 0x0200)
            throw Error(path, 124, "this is a MATLAB v7.3 MAT-file (HDF5), which is not supported; re-save it with save(..., '-v7')");
        if (version != 0x0100)
            throw Error(path, 124, $"not a MAT v5 file: header version 0x{version:X4} (expected 0x0100)");
        return bigEndian;
    }

    /// <summary>
    /// Level 4 files start with five int32 (type MOPT, rows, columns, imaginary flag, name length) instead of text.
    /// MATLAB itself tells the levels apart by a zero among the first four bytes; we also check MOPT's digits.
    /// </summary>
    static bool LooksLikeLevel4(byte[] b)
    {
        if (b.Length < 20 || !b.AsSpan(0, 4).Contains((byte)0)) return false;
        foreach (bool big in new[] { false, true })
        {
            int I(int at) => big ? BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(at)) : BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));
            int mopt = I(0), rows = I(4), cols = I(8), imag = I(12), nameLength = I(16);
            int m = mopt / 1000, o = mopt / 100 % 10, p = mopt / 10 % 10, t = mopt % 10;
            if (mopt is >= 0 and < 5000 && m <= 4 && o == 0 && p <= 5 && t <= 2
                && rows >= 0 && cols >= 0 && imag is 0 or 1 && nameLength is > 0 and < 4096)
                return true;
        }
        return false;
    }

    static byte[] Inflate(string path, byte[] bytes, Tag tag, MemoryBudget budget)
    {
        try
        {
            using var z = new ZLibStream(new MemoryStream(bytes, tag.DataStart, tag.Size, writable: false), CompressionMode.Decompress);
            using var output = new MemoryStream();
            CopyBounded(z, output, budget, $"decompressing the data element at byte {tag.Start}", tag.Start);
            return output.ToArray();
        }
        catch (InvalidDataException e) when (!e.Data.Contains(DataError.PathKey))
        {
            throw Error(path, tag.Start, $"the compressed data element at byte {tag.Start} could not be decompressed (zlib: {e.Message})");
        }
    }

    static InvalidDataException Error(string path, long offset, string problem) => DataError.Create($"{path}: {problem}", path, byteOffset: offset);

    /// <summary>A data element's tag: where it starts, its type and byte count, where its data starts and the next element begins.</summary>
    readonly record struct Tag(int Start, int Type, int Size, int DataStart, int Next);

    /// <summary>
    /// Reads data elements from one buffer: the file itself, or the inflated content of a compressed element
    /// (then offsets in messages are given inside it, and ByteOffset points at the compressed element).
    /// </summary>
    sealed class ElementReader(string path, byte[] bytes, bool bigEndian, int? compressedAt, MemoryBudget budget)
    {
        public int Length => bytes.Length;

        // Positions come first, as in "data.mat, byte 408: truncated: ...".
        InvalidDataException Error(int pos, string problem) => compressedAt is int c
            ? DataError.Create($"{path}, byte {pos} of the data decompressed from the element at byte {c}: {problem}", path, byteOffset: c)
            : DataError.Create($"{path}, byte {pos}: {problem}", path, byteOffset: pos);

        uint U32(int at) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        int I32(int at) => unchecked((int)U32(at));

        /// <summary>The tag at pos; the element must end by 'end' (the buffer, or its enclosing matrix).</summary>
        public Tag Tag(int pos, int end)
        {
            string where = end == bytes.Length ? (compressedAt is null ? "the file ends" : "the decompressed data ends") : "its enclosing array ends";
            if (pos + 8 > end)
                throw Error(pos, $"truncated: a data element tag needs 8 bytes but {where} at byte {end}");
            uint first = U32(pos);
            if (first >> 16 != 0)
            {
                // Small data element: the upper 16 bits are the byte count, the data sits in the tag's second word.
                int smallSize = (int)(first >> 16);
                if (smallSize > 4) throw Error(pos, $"malformed small data element: {smallSize} bytes (at most 4 fit)");
                return new Tag(pos, (int)(first & 0xFFFF), smallSize, pos + 4, pos + 8);
            }
            uint size = U32(pos + 4);
            long dataEnd = (long)pos + 8 + size;
            if (dataEnd > end)
                throw Error(pos, $"truncated: the data element there declares {size} bytes (through byte {dataEnd}) but {where} at byte {end}");
            // Elements are padded to 8 bytes, except that a compressed element's byte count already covers it all.
            long next = (int)first == MiCompressed ? dataEnd : Math.Min(end, (dataEnd + 7) & ~7L);
            return new Tag(pos, (int)first, (int)size, pos + 8, (int)next);
        }

        public void ReadTopLevel(Tag tag, List<MatVariable> into)
        {
            if (tag.Type != MiMatrix)
                throw Error(tag.Start, $"unexpected data element type {tag.Type} at the top level (expected miMATRIX {MiMatrix} or miCOMPRESSED {MiCompressed})");
            if (tag.Size == 0) return; // an empty array element carries no name: nothing to list
            var variable = ReadMatrix(tag);
            if (variable.Name.Length > 0) into.Add(variable); // the nameless one is MATLAB's subsystem data
        }

        MatVariable ReadMatrix(Tag matrix)
        {
            int end = matrix.DataStart + matrix.Size;
            long fileOffset = compressedAt ?? matrix.Start;

            var flags = Tag(matrix.DataStart, end);
            if (flags.Type != MiUInt32 || flags.Size != 8)
                throw Error(flags.Start, $"malformed array: expected array flags (miUINT32, 8 bytes), found type {flags.Type} with {flags.Size} bytes");
            uint flagWord = U32(flags.DataStart);
            var matClass = (MatClass)(flagWord & 0xFF);
            int flagBits = (int)(flagWord >> 8) & 0xFF;

            var dimsTag = Tag(flags.Next, end);
            if (dimsTag.Type != MiInt32 || dimsTag.Size < 8 || dimsTag.Size % 4 != 0)
                throw Error(dimsTag.Start, $"malformed array: expected dimensions (miINT32, at least 2), found type {dimsTag.Type} with {dimsTag.Size} bytes");
            var dims = new int[dimsTag.Size / 4];
            for (int k = 0; k < dims.Length; k++)
            {
                dims[k] = I32(dimsTag.DataStart + 4 * k);
                if (dims[k] < 0) throw Error(dimsTag.Start, $"malformed array: dimension {k + 1} is {dims[k]}");
            }

            var nameTag = Tag(dimsTag.Next, end);
            if (nameTag.Type is not (MiInt8 or MiUInt8 or MiUtf8))
                throw Error(nameTag.Start, $"malformed array: expected the array name (miINT8), found type {nameTag.Type}");
            string name = Encoding.UTF8.GetString(bytes, nameTag.DataStart, nameTag.Size);

            string? unsupported = matClass switch
            {
                < MatClass.Double or > MatClass.UInt64 => $"a {ClassName(matClass)} array (mx{matClass.ToString().ToUpperInvariant()}_CLASS {(int)matClass})",
                _ when (flagBits & ComplexFlag) != 0 => $"a complex {ClassName(matClass)} array",
                _ => null,
            };
            bool isLogical = (flagBits & LogicalFlag) != 0, isComplex = (flagBits & ComplexFlag) != 0;
            if (unsupported is not null)
                return new MatVariable(path, name, matClass, dims, isLogical, isComplex, fileOffset, null, unsupported);

            long count = dims.Aggregate(1L, (a, d) => a * d);
            var real = Tag(nameTag.Next, end);
            var values = ReadNumbers(real, name, count, dims);
            return new MatVariable(path, name, matClass, dims, isLogical, isComplex, fileOffset, values, null);
        }

        /// <summary>
        /// The values of a numeric data element as doubles. The storage type may be narrower than the array's
        /// class (MATLAB stores integer-valued doubles as miUINT8 etc.); every type listed converts exactly,
        /// except 64-bit integers beyond 2^53.
        /// </summary>
        double[] ReadNumbers(Tag t, string name, long count, int[] dims)
        {
            var span = bytes.AsSpan(t.DataStart, t.Size);
            (int Width, Func<ReadOnlySpan<byte>, double> Read) format = (t.Type, bigEndian) switch
            {
                (MiInt8, _) => (1, s => (sbyte)s[0]),
                (MiUInt8, _) => (1, s => s[0]),
                (MiInt16, false) => (2, s => BinaryPrimitives.ReadInt16LittleEndian(s)),
                (MiInt16, true) => (2, s => BinaryPrimitives.ReadInt16BigEndian(s)),
                (MiUInt16, false) => (2, s => BinaryPrimitives.ReadUInt16LittleEndian(s)),
                (MiUInt16, true) => (2, s => BinaryPrimitives.ReadUInt16BigEndian(s)),
                (MiInt32, false) => (4, s => BinaryPrimitives.ReadInt32LittleEndian(s)),
                (MiInt32, true) => (4, s => BinaryPrimitives.ReadInt32BigEndian(s)),
                (MiUInt32, false) => (4, s => BinaryPrimitives.ReadUInt32LittleEndian(s)),
                (MiUInt32, true) => (4, s => BinaryPrimitives.ReadUInt32BigEndian(s)),
                (MiSingle, false) => (4, s => BinaryPrimitives.ReadSingleLittleEndian(s)),
                (MiSingle, true) => (4, s => BinaryPrimitives.ReadSingleBigEndian(s)),
                (MiDouble, false) => (8, s => BinaryPrimitives.ReadDoubleLittleEndian(s)),
                (MiDouble, true) => (8, s => BinaryPrimitives.ReadDoubleBigEndian(s)),
                (MiInt64, false) => (8, s => BinaryPrimitives.ReadInt64LittleEndian(s)),
                (MiInt64, true) => (8, s => BinaryPrimitives.ReadInt64BigEndian(s)),
                (MiUInt64, false) => (8, s => BinaryPrimitives.ReadUInt64LittleEndian(s)),
                (MiUInt64, true) => (8, s => BinaryPrimitives.ReadUInt64BigEndian(s)),
                _ => throw Error(t.Start, $"variable '{name}': unsupported data type {t.Type} for numeric values"),
            };
            var (width, read) = format;
            if (t.Size % width != 0)
                throw Error(t.Start, $"variable '{name}': {t.Size} bytes is not a whole number of {width}-byte values");
            // Checked before allocating: the values come from the element's bytes, never from the declared dimensions.
            if (t.Size / width != count)
                throw Error(t.Start, $"variable '{name}': {t.Size / width} values for a {string.Join("×", dims)} array ({count} expected)");
            budget.Take((long)count * sizeof(double), $"reading variable '{name}' ({count} values as doubles)", compressedAt ?? t.Start);
            var values = new double[count];
            for (int k = 0; k < values.Length; k++) values[k] = read(span.Slice(k * width, width));
            return values;
        }
    }
}
