using System.Globalization;
using TorchPractice.Comparison.Peers;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;

namespace TorchPractice.Tests.Comparison.Peers;

public sealed class NpyTests
{
    /// <summary>Values whose bits are easy to lose: signed zero, subnormal, extremes, infinities, a NaN with a payload.</summary>
    static readonly double[] Awkward =
    [
        0.0, -0.0, 1.0 / 3, Math.PI, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue,
        double.PositiveInfinity, double.NegativeInfinity, BitConverter.UInt64BitsToDouble(0x7ff8_0000_0000_0123), 1e-300,
    ];

    static double[,] AwkwardMatrix() => Matrix(3, 4, (r, c) => Awkward[r * 4 + c]);

    static double[,] Pseudorandom(int rows, int cols) =>
        Matrix(rows, cols, (r, c) => Math.Sin(r * 12.9898 + c * 78.233) * 43758.5453);

    static void AssertBitsEqual(double[,] expected, double[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int r = 0; r < expected.GetLength(0); r++)
            for (int c = 0; c < expected.GetLength(1); c++)
                Assert.Equal(BitConverter.DoubleToUInt64Bits(expected[r, c]), BitConverter.DoubleToUInt64Bits(actual[r, c]));
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 257)]
    [InlineData(12345, 2)]
    public void The_header_is_numpy_1_0_and_the_data_starts_on_a_64_byte_boundary(int rows, int cols)
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, new double[rows, cols]);
        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith($"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + rows * cols * 8, bytes.Length);
    }

    [Fact]
    public void What_is_written_reads_back_bit_for_bit()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, AwkwardMatrix());
        stream.Position = 0;
        AssertBitsEqual(AwkwardMatrix(), Npy.Read(stream, "memory"));
    }

    [Fact]
    public void A_truncated_file_or_another_dtype_is_rejected_with_the_reason()
    {
        using var full = new MemoryStream();
        Npy.Write(full, Pseudorandom(4, 4));
        var truncated = new MemoryStream(full.ToArray()[..^8]);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Npy.Read(truncated, "t.npy")).Message);

        var float32 = full.ToArray();
        var text = System.Text.Encoding.ASCII.GetBytes("'<f4'");
        text.CopyTo(float32, 10 + "{'descr': ".Length);
        Assert.Contains("'<f8'", Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(float32), "f.npy")).Message);
    }

    [Fact]
    public async Task NumPy_reads_the_file_bit_for_bit_and_would_write_the_same_bytes()
    {
        await RequireNumPy();
        using var temp = new TempDirectory();
        foreach (var (name, matrix) in new[] { ("awkward", AwkwardMatrix()), ("tall", Pseudorandom(12345, 2)), ("wide", Pseudorandom(1, 257)) })
        {
            var path = temp.File(name + ".npy");
            Npy.Write(path, matrix);
            var lines = RunPython(
                """
                import io, sys, numpy as np
                a = np.load(sys.argv[1], allow_pickle=False)
                print(a.dtype.str, a.shape[0], a.shape[1], a.flags.c_contiguous)
                print(' '.join('%016x' % v for v in a.view('<u8').ravel()))
                b = io.BytesIO(); np.save(b, a); print(b.getvalue() == open(sys.argv[1], 'rb').read())
                """, path).Split('\n');
            Assert.Equal($"<f8 {matrix.GetLength(0)} {matrix.GetLength(1)} True", lines[0]);
            var bits = lines[1].Split(' ').Select(h => ulong.Parse(h, NumberStyles.HexNumber)).ToArray();
            Assert.Equal(matrix.Cast<double>().Select(BitConverter.DoubleToUInt64Bits).ToArray(), bits);
            Assert.Equal("True", lines[2]);
        }
    }

    [Fact]
    public async Task Npz_files_go_both_ways_with_numpy()
    {
        await RequireNumPy();
        using var temp = new TempDirectory();
        var arrays = new Dictionary<string, double[,]> { ["W1"] = AwkwardMatrix(), ["b1"] = Pseudorandom(5, 1) };
        Npy.WriteNpz(temp.File("mine.npz"), arrays);
        // NumPy checks what it reads, then writes a compressed, Fortran-order copy for us to read.
        var output = RunPython(
            """
            import sys, numpy as np
            with np.load(sys.argv[1], allow_pickle=False) as z:
                print(sorted(z.files), z['W1'].view('<u8').ravel().tolist() == [int(x) for x in sys.argv[3:]])
                np.savez_compressed(sys.argv[2], W1=np.asfortranarray(z['W1']), b1=z['b1'])
            """,
            [temp.File("mine.npz"), temp.File("theirs.npz"), .. arrays["W1"].Cast<double>().Select(v => BitConverter.DoubleToUInt64Bits(v).ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal("['W1', 'b1'] True", output.Trim());
        var back = Npy.ReadNpz(temp.File("theirs.npz"));
        Assert.Equal(["W1", "b1"], back.Keys.Order(StringComparer.Ordinal));
        AssertBitsEqual(arrays["W1"], back["W1"]);
        AssertBitsEqual(arrays["b1"], back["b1"]);
    }
}
