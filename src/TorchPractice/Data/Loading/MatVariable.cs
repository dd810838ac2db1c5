namespace TorchPractice.Data.Loading;

/// <summary>
/// One variable of a MAT-file. Numeric arrays (real, any numeric class) carry their values as doubles;
/// other kinds (cell, struct, char, sparse, complex) are listed by name but their values are not read.
/// </summary>
public sealed class MatVariable
{
    readonly double[]? _columnMajor;
    readonly string? _unsupported;

    internal MatVariable(string path, string name, MatClass matClass, int[] dimensions, bool isLogical, bool isComplex,
                         long byteOffset, double[]? columnMajor, string? unsupported)
    {
        IsComplex = isComplex;
        Path = path;
        Name = name;
        Class = matClass;
        Dimensions = dimensions;
        IsLogical = isLogical;
        ByteOffset = byteOffset;
        _columnMajor = columnMajor;
        _unsupported = unsupported;
    }

    /// <summary>The file it came from, for error messages.</summary>
    public string Path { get; }
    /// <summary>The variable's name in the file.</summary>
    public string Name { get; }
    /// <summary>Its MATLAB class.</summary>
    public MatClass Class { get; }
    /// <summary>MATLAB's size(): at least two entries, rows first.</summary>
    public IReadOnlyList<int> Dimensions { get; }
    /// <summary>True for a logical array (stored as uint8 0/1).</summary>
    public bool IsLogical { get; }
    /// <summary>True for a complex array (its values are not read).</summary>
    public bool IsComplex { get; }
    /// <summary>Where the variable's data element starts in the file.</summary>
    public long ByteOffset { get; }
    /// <summary>True when the values were read (a real numeric array).</summary>
    public bool IsNumeric => _columnMajor is not null;

    /// <summary>"211×2 double" (MATLAB's whos style).</summary>
    public override string ToString() =>
        $"{Name} ({string.Join("×", Dimensions)} {(IsComplex ? "complex " : "")}{(IsLogical ? "logical" : MatFile.ClassName(Class))})";

    /// <summary>All values in MATLAB's storage order: column by column.</summary>
    public IReadOnlyList<double> ColumnMajor => _columnMajor ?? throw Unsupported();

    /// <summary>A 2-D array as [row, column] (MATLAB's A(i,j) is result[i-1, j-1]).</summary>
    public double[,] ToMatrix()
    {
        var data = _columnMajor ?? throw Unsupported();
        if (Dimensions.Count != 2)
            throw DataError.Create($"{Path}: variable '{Name}' has {Dimensions.Count} dimensions; expected a matrix (2)", Path, byteOffset: ByteOffset);
        int rows = Dimensions[0], cols = Dimensions[1];
        var m = new double[rows, cols];
        // Column-major: element (i, j) sits at i + j * rows.
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++)
                m[i, j] = data[i + j * rows];
        return m;
    }

    /// <summary>A row (1×m) or column (m×1) vector as m values.</summary>
    public double[] ToVector()
    {
        var data = _columnMajor ?? throw Unsupported();
        if (Dimensions.Count(d => d != 1) > 1)
            throw DataError.Create($"{Path}: variable '{Name}' is {string.Join("×", Dimensions)}; expected a vector (m×1 or 1×m)", Path, byteOffset: ByteOffset);
        return (double[])data.Clone();
    }

    InvalidDataException Unsupported() =>
        DataError.Create($"{Path}: variable '{Name}' is {_unsupported}, which is not supported; only real numeric arrays are read", Path, byteOffset: ByteOffset);
}
