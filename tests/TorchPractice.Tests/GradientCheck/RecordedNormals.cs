using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>Replays recorded standard-normal values in order (row-major fill); anything else is an error.</summary>
public sealed class RecordedNormals(IReadOnlyList<double> values) : IRandomSource
{
    int _next;
    public string Kind => "recorded";
    public void Reseed(long seed) => _next = 0;

    public Tensor StandardNormal(long[] shape, Device device, ScalarType dtype)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (_next + n > values.Count)
            throw new InvalidOperationException($"the recording holds {values.Count} values; {_next + n} were asked for");
        var v = values.Skip(_next).Take((int)n).ToArray();
        _next += (int)n;
        using var scope = NewDisposeScope();
        return tensor(v, dtype: float64).reshape(shape).to(dtype, device).MoveToOuterDisposeScope();
    }

    public Tensor Uniform(long[] shape, Device device, ScalarType dtype) =>
        throw new NotSupportedException("a recording of normal values has no uniform values");
}
