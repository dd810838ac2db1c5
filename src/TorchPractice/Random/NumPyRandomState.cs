using System.Numerics;

namespace TorchPractice.Random;

/// <summary>
/// NumPy's legacy <c>RandomState</c> (what <c>np.random.seed</c>, <c>np.random.rand</c>, <c>randn</c>,
/// <c>normal</c>, <c>shuffle</c> and <c>permutation</c> use), reproduced bit for bit: the MT19937 generator,
/// NumPy's integer seeding, 53-bit doubles, the polar Box–Muller normal with its cached second value,
/// and the mask-and-reject bounded integers behind shuffles. Port of numpy/random/src/mt19937 and
/// numpy/random/src/legacy + distributions (NumPy 1.x, unchanged since 1.17). Arrays come back flat,
/// in row-major (C) order, as NumPy fills them. Not thread-safe (NumPy locks; we leave that to callers).
/// </summary>
public sealed class NumPyRandomState
{
    const int N = 624;           // MT19937 state length
    const int M = 397;
    const uint MatrixA = 0x9908b0dfU;
    const uint UpperMask = 0x80000000U;
    const uint LowerMask = 0x7fffffffU;

    readonly uint[] _key = new uint[N];
    int _pos;
    // The polar method makes two normals at a time; NumPy keeps the second for the next call,
    // even across calls of other kinds (rand in between does not discard it). Seeding clears it.
    bool _hasGauss;
    double _gauss;

    /// <summary>A state seeded as np.random.seed(seed).</summary>
    /// <param name="seed">0 ≤ seed &lt; 2³².</param>
    public NumPyRandomState(long seed) => Seed(seed);

    /// <summary>Restarts the stream exactly as <c>np.random.seed(seed)</c> with a Python int (0 ≤ seed &lt; 2³²).</summary>
    public void Seed(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be between 0 and 2**32 - 1 (as in NumPy)");
        // mt19937_seed: Knuth's linear initialisation (same as the reference init_genrand).
        uint s = (uint)seed;
        for (int i = 0; i < N; i++)
        {
            _key[i] = s;
            s = unchecked(1812433253U * (s ^ (s >> 30)) + (uint)i + 1);
        }
        _pos = N; // forces a full regeneration before the first draw
        _hasGauss = false;
        _gauss = 0.0;
    }

    /// <summary>The next raw 32-bit output of MT19937 (NumPy's next_uint32).</summary>
    public uint NextUInt32()
    {
        if (_pos == N) Regenerate();
        return Temper(_key[_pos++]);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    static uint Temper(uint y)
    {
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Two 32-bit outputs, high word first (NumPy's mt19937_next64).</summary>
    public ulong NextUInt64()
    {
        ulong hi = NextUInt32();
        return (hi << 32) | NextUInt32();
    }

    // The twist: every word of the next block from three words of the state (MT19937's genrand block step).
    void Regenerate()
    {
        var key = _key.AsSpan();
        int i = 0, w = Vector<uint>.Count;
        // Whole vectors at once give the same words as the scalar loop: in the first stretch the words at i + 1
        // and i + M are read before they are rewritten, and in the second the word at i + M − N was rewritten
        // more than a vector earlier (M − N = −227).
        for (; i + w <= N - M; i += w) TwistVector(key, i, i + M);
        for (; i < N - M; i++) key[i] = Twist(key[i], key[i + 1], key[i + M]);
        for (; i + w <= N - 1; i += w) TwistVector(key, i, i + (M - N));
        for (; i < N - 1; i++) key[i] = Twist(key[i], key[i + 1], key[i + (M - N)]);
        key[N - 1] = Twist(key[N - 1], key[0], key[M - 1]);
        _pos = 0;
    }

    static uint Twist(uint current, uint next, uint far)
    {
        uint y = (current & UpperMask) | (next & LowerMask);
        return far ^ (y >> 1) ^ (0U - (y & 1) & MatrixA);
    }

    static void TwistVector(Span<uint> key, int i, int far)
    {
        var y = (new Vector<uint>(key[i..]) & new Vector<uint>(UpperMask)) | (new Vector<uint>(key[(i + 1)..]) & new Vector<uint>(LowerMask));
        var odd = (Vector<uint>.Zero - (y & Vector<uint>.One)) & new Vector<uint>(MatrixA);
        (new Vector<uint>(key[far..]) ^ Vector.ShiftRightLogical(y, 1) ^ odd).CopyTo(key[i..]);
    }

    /// <summary>One uniform double in [0, 1) with 53 random bits: <c>np.random.random_sample()</c>.</summary>
    public double RandomSample() => Sample53(NextUInt32(), NextUInt32());

    // 27 + 26 bits → [0, 1). NumPy divides by 2^53; multiplying by 2^-53 is exact, so the same bits, and faster.
    static double Sample53(uint high, uint low) => ((high >> 5) * 67108864.0 + (low >> 6)) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// <see cref="RandomSample"/> for every element, in order. Dropout draws ~5 000 of these per training step,
    /// so the words of a block are tempered a vector at a time (3× faster than calling RandomSample).
    /// </summary>
    public void FillRandomSample(Span<double> values)
    {
        Span<uint> tempered = stackalloc uint[N];
        int i = 0;
        while (i < values.Length)
        {
            if (_pos == N) Regenerate();
            int pairs = Math.Min(values.Length - i, (N - _pos) / 2);
            if (pairs == 0) { values[i++] = RandomSample(); continue; } // one word left: the pair spans two blocks
            var words = tempered[..(2 * pairs)];
            TemperAll(_key.AsSpan(_pos, words.Length), words);
            _pos += words.Length;
            for (int j = 0; j < pairs; j++) values[i + j] = Sample53(words[2 * j], words[2 * j + 1]);
            i += pairs;
        }
    }

    static void TemperAll(ReadOnlySpan<uint> source, Span<uint> destination)
    {
        int i = 0, w = Vector<uint>.Count;
        for (; i + w <= source.Length; i += w)
        {
            var y = new Vector<uint>(source[i..]);
            y ^= Vector.ShiftRightLogical(y, 11);
            y ^= Vector.ShiftLeft(y, 7) & new Vector<uint>(0x9d2c5680U);
            y ^= Vector.ShiftLeft(y, 15) & new Vector<uint>(0xefc60000U);
            y ^= Vector.ShiftRightLogical(y, 18);
            y.CopyTo(destination[i..]);
        }
        for (; i < source.Length; i++) destination[i] = Temper(source[i]);
    }

    /// <summary><c>np.random.rand(*shape)</c>, flattened row-major. No shape gives one value.</summary>
    public double[] Rand(params int[] shape)
    {
        var values = new double[Count(shape)];
        FillRandomSample(values);
        return values;
    }

    /// <summary>One standard normal value: <c>np.random.standard_normal()</c> (legacy polar method).</summary>
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            double cached = _gauss;
            _gauss = 0.0;
            return cached;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * RandomSample() - 1.0;
            x2 = 2.0 * RandomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // Math.Log and Math.Sqrt are the C library's log and the IEEE square root, as in NumPy.
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary><c>np.random.randn(*shape)</c>, flattened row-major. No shape gives one value.</summary>
    public double[] Randn(params int[] shape)
    {
        var values = new double[Count(shape)];
        for (int i = 0; i < values.Length; i++) values[i] = StandardNormal();
        return values;
    }

    /// <summary>One value of <c>np.random.normal(loc, scale)</c>: loc + scale * gauss, in that order.</summary>
    public double Normal(double loc, double scale)
    {
        if (!(scale >= 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale < 0");
        return loc + scale * StandardNormal();
    }

    /// <summary><c>np.random.normal(loc, scale, size)</c>, flattened row-major.</summary>
    public double[] Normal(double loc, double scale, params int[] size)
    {
        if (!(scale >= 0)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale < 0");
        var values = new double[Count(size)];
        for (int i = 0; i < values.Length; i++) values[i] = loc + scale * StandardNormal();
        return values;
    }

    /// <summary>
    /// A uniform integer in [0, max] (inclusive): NumPy's legacy <c>random_interval</c>. Draws are masked
    /// to the smallest all-ones bit pattern covering max and rejected until they fall in range; 32-bit
    /// draws when max fits in 32 bits, 64-bit draws otherwise. max = 0 draws nothing.
    /// </summary>
    public ulong RandomInterval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
            while ((value = NextUInt32() & mask) > max) { }
        else
            while ((value = NextUInt64() & mask) > max) { }
        return value;
    }

    /// <summary>In-place Fisher–Yates shuffle exactly as <c>np.random.shuffle</c> on a 1-D array.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)RandomInterval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <inheritdoc cref="Shuffle{T}(Span{T})"/>
    public void Shuffle<T>(T[] items) => Shuffle(items.AsSpan());

    /// <summary><c>np.random.permutation(n)</c>: a shuffled 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "negative length");
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = i;
        Shuffle(result);
        return result;
    }

    static int Count(int[] shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentOutOfRangeException(nameof(shape), $"negative dimension {d} in shape ({string.Join(", ", shape)})");
            count *= d;
            if (count > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(shape), $"shape ({string.Join(", ", shape)}) is too large");
        }
        return (int)count;
    }
}
