using System.IO.Compression;
using System.Text;
using TorchPractice.Data;
using TorchPractice.Data.Loading;

namespace TorchPractice.Tests.Data.Loading;

/// <summary>
/// Reads the fixtures written by Fixtures/generate_mat_fixtures.py (scipy.io.savemat, plus hand-written
/// big-endian and v7.3-like files). Expected values are the generator's formulas, in the same double arithmetic.
/// </summary>
public sealed class MatFileTests
{
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "data", name);

    static double TrainX(int i, int j) => (i - 3) * 0.1 + 10 * j;
    static double TestX(int i, int j) => (i + 0.5) * -0.3 + 100 * j;

    static void AssertCourseValues(DataSplit split)
    {
        Assert.Equal(7, split.Train.Count);
        Assert.Equal(5, split.Test.Count);
        Assert.Equal(2, split.Train.FeatureCount);
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 2; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(TrainX(i, j)), BitConverter.DoubleToInt64Bits(split.Train.Features[i, j]));
            Assert.Equal(i % 2, split.Train.Labels[i]);
        }
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 2; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(TestX(i, j)), BitConverter.DoubleToInt64Bits(split.Test.Features[i, j]));
            Assert.Equal((i + 1) % 2, split.Test.Labels[i]);
        }
    }

    static InvalidDataException Fails(string fixture)
    {
        string path = Fixture(fixture);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path));
        Assert.StartsWith(path, e.Message);
        return e;
    }

    [Theory]
    [InlineData("course_compressed.mat")] // miCOMPRESSED, uint8 column-vector labels
    [InlineData("course_plain.mat")] // uncompressed, double row-vector y, uint8 column-vector yval
    [InlineData("big_endian_matlab_style.mat")] // big-endian; y is double stored as miUINT8; yval logical
    public void The_course_layout_loads_with_exact_values_in_row_major_order(string fixture)
    {
        var split = CourseMat.Load(Fixture(fixture));
        AssertCourseValues(split);
        Assert.Equal($"{fixture} (X, y)", split.Train.Name);
        Assert.Equal($"{fixture} (Xval, yval)", split.Test.Name);
    }

    [Fact]
    public void Classes_shapes_and_orientation_are_reported_as_stored()
    {
        var plain = MatFile.Read(Fixture("course_plain.mat"));
        Assert.False(plain.IsBigEndian);
        Assert.StartsWith("MATLAB 5.0 MAT-file", plain.HeaderText);
        Assert.Equal(MatClass.Double, plain["y"].Class);
        Assert.Equal([1, 7], plain["y"].Dimensions);
        Assert.Equal(MatClass.UInt8, plain["yval"].Class);
        Assert.Equal([5, 1], plain["yval"].Dimensions);
        Assert.Equal("X (7×2 double), y (1×7 double), Xval (5×2 double), yval (5×1 uint8), w_single (2×3 single), w_int32 (2×3 int32)", plain.Describe());

        var big = MatFile.Read(Fixture("big_endian_matlab_style.mat"));
        Assert.True(big.IsBigEndian);
        Assert.Equal(MatClass.Double, big["y"].Class);
        Assert.True(big["yval"].IsLogical);
        Assert.Equal("yval (1×5 logical)", big["yval"].ToString());
    }

    [Theory]
    [InlineData("w_single", MatClass.Single)]
    [InlineData("w_int32", MatClass.Int32)]
    public void Storage_is_column_major_and_converts_to_row_major(string name, MatClass expectedClass)
    {
        var w = MatFile.Read(Fixture("course_plain.mat"))[name];
        Assert.Equal(expectedClass, w.Class);
        Assert.Equal([0.0, 10, 1, 11, 2, 12], w.ColumnMajor); // w[i, j] = 10 i + j, column by column
        Assert.Equal(new double[,] { { 0, 1, 2 }, { 10, 11, 12 } }, w.ToMatrix());
        var e = Assert.Throws<InvalidDataException>(() => w.ToVector());
        Assert.Contains("is 2×3; expected a vector", e.Message);
    }

    [Theory]
    [InlineData("note", "a char array (mxCHAR_CLASS 4)")]
    [InlineData("c", "a cell array (mxCELL_CLASS 1)")]
    [InlineData("z", "a complex double array")]
    public void Other_kinds_are_listed_but_reading_them_names_the_class(string name, string kind)
    {
        var mat = MatFile.Read(Fixture("course_compressed.mat"));
        Assert.Contains(mat.Variables, v => v.Name == name);
        Assert.False(mat[name].IsNumeric);
        var e = Assert.Throws<InvalidDataException>(() => mat[name].ToMatrix());
        Assert.Contains($"variable '{name}' is {kind}, which is not supported", e.Message);
    }

    [Fact]
    public void Missing_variables_are_named_with_what_the_file_has()
    {
        string path = Fixture("missing_yval.mat");
        var e = Assert.Throws<InvalidDataException>(() => CourseMat.Load(path));
        Assert.Contains($"{path}: missing variable yval;", e.Message);
        Assert.Contains("the file has X (7×2 double), y (7×1 uint8), Xval (5×2 double)", e.Message);
    }

    [Fact]
    public void A_label_outside_0_and_1_names_its_matlab_index()
    {
        var e = Assert.Throws<InvalidDataException>(() => CourseMat.Load(Fixture("bad_label.mat")));
        Assert.Contains("y(5) is 2; labels must be 0 or 1", e.Message);
    }

    [Fact]
    public void A_truncated_file_says_where_it_ended()
    {
        long length = new FileInfo(Fixture("truncated_plain.mat")).Length;
        var e = Fails("truncated_plain.mat");
        long offset = (long)e.Data[DataError.ByteOffsetKey]!;
        Assert.InRange(offset, 128, length);
        Assert.Contains($", byte {offset}: truncated: the data element there declares", e.Message);
        Assert.Contains($"the file ends at byte {length}", e.Message);
    }

    [Fact]
    public void A_truncated_compressed_file_says_where_it_ended()
    {
        long length = new FileInfo(Fixture("truncated_compressed.mat")).Length;
        var e = Fails("truncated_compressed.mat");
        Assert.Contains("truncated: the data element there declares", e.Message);
        Assert.Contains($"the file ends at byte {length}", e.Message);
    }

    [Fact]
    public void A_truncated_header_is_reported()
    {
        var e = Fails("truncated_header.mat");
        Assert.Contains("truncated header (the file ends at byte 100", e.Message);
    }

    [Fact]
    public void A_v4_file_is_named_as_such()
    {
        var e = Fails("v4.mat");
        Assert.Contains("looks like a MATLAB v4 MAT-file", e.Message);
        Assert.Contains("-v7", e.Message);
    }

    [Fact]
    public void A_v73_hdf5_file_is_named_as_such()
    {
        var e = Fails("v73.mat");
        Assert.Contains("this is a MATLAB v7.3 MAT-file (HDF5), which is not supported", e.Message);
    }

    [Fact]
    public void Random_bytes_are_not_a_mat_file()
    {
        var e = Fails("random.mat");
        Assert.Contains("not a MAT v5 file: the endian indicator at bytes 126-127 should be 'IM' or 'MI'", e.Message);
        Assert.Equal(126L, e.Data[DataError.ByteOffsetKey]);
    }

    [Fact]
    public void A_missing_file_says_not_found()
    {
        string path = Fixture("no-such.mat");
        var e = Assert.Throws<FileNotFoundException>(() => CourseMat.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void The_course_data_file_has_the_published_shapes()
    {
        string? path = Environment.GetEnvironmentVariable("TORCHPRACTICE_COURSE_DATA");
        Assert.SkipWhen(string.IsNullOrEmpty(path), "TORCHPRACTICE_COURSE_DATA is not set (it points at the course's data.mat)");
        var split = CourseMat.Load(path!);
        Assert.Equal((211, 2), (split.Train.Count, split.Train.FeatureCount));
        Assert.Equal((200, 2), (split.Test.Count, split.Test.FeatureCount));
        Assert.All(split.Train.Labels.Concat(split.Test.Labels), y => Assert.True(y is 0 or 1));
        Assert.Contains(0.0, split.Train.Labels);
        Assert.Contains(1.0, split.Train.Labels);
    }

    /// <summary>A little-endian MAT v5 file: the 128-byte header, then the given data elements.</summary>
    static byte[] MatBytes(params byte[][] elements)
    {
        var header = Encoding.ASCII.GetBytes("MATLAB 5.0 MAT-file, written by TorchPractice's tests".PadRight(116)).Concat(new byte[8]).ToList();
        header.AddRange([0x00, 0x01, (byte)'I', (byte)'M']);
        return [.. header, .. elements.SelectMany(e => e)];
    }

    /// <summary>A data element of the given type: its 8-byte tag, then the data (not padded).</summary>
    static byte[] Element(int type, byte[] data) => [.. BitConverter.GetBytes(type), .. BitConverter.GetBytes(data.Length), .. data];

    [Fact]
    public void A_decompression_bomb_is_stopped_at_the_memory_limit()
    {
        var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(new byte[8 << 20]);
        using var folder = new TempFolder();
        string path = folder.WriteBytes("bomb.mat", MatBytes(Element(15, packed.ToArray())));
        Assert.True(new FileInfo(path).Length < 64 << 10);
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path, memoryLimitBytes: 1 << 20));
        Assert.StartsWith($"{path}: decompressing the data element at byte 128 would take the memory read from this file past the loader's limit of 1 MiB", e.Message);
        Assert.Equal(128L, e.Data[DataError.ByteOffsetKey]);
    }

    [Fact]
    public void A_file_larger_than_the_memory_limit_is_refused_before_it_is_read()
    {
        string path = Fixture("course_plain.mat");
        long length = new FileInfo(path).Length;
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(path, memoryLimitBytes: 500));
        Assert.StartsWith($"{path}: reading the file's {length} bytes would take the memory read from this file past the loader's limit of 500 bytes", e.Message);
    }

    [Fact]
    public void An_endless_device_is_refused_after_its_header()
    {
        // ln -s /dev/zero z.mat: today's reader reads it whole before looking at it.
        if (!File.Exists("/dev/zero")) Assert.Skip("no /dev/zero here");
        using var folder = new TempFolder();
        string link = Path.Combine(folder.Root, "z.mat");
        File.CreateSymbolicLink(link, "/dev/zero");
        var e = Assert.Throws<InvalidDataException>(() => MatFile.Read(link));
        Assert.StartsWith($"{link}: not a MAT v5 file: the endian indicator at bytes 126-127", e.Message);
    }
}
