using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The course's dictionary_to_vector / vector_to_dictionary, lossless and typed: named tensors
/// (W1, b1, W2, b2, W3, b3 in the set's order, each row-major) as one float64 vector, with every
/// entry's name and position kept so a difference can be traced back to the tensor it came from.
/// </summary>
public sealed class ParameterVector
{
    ParameterVector(IReadOnlyList<ParameterSegment> segments, double[] values)
    {
        Segments = segments;
        Values = values;
        var entries = new ParameterEntry[values.Length];
        foreach (var s in segments)
        {
            long cols = s.Shape.Length > 1 ? s.Shape[^1] : 1;
            for (int i = 0; i < s.Length; i++) entries[s.Offset + i] = new(s.Name, i, (int)(i / cols), (int)(i % cols));
        }
        Entries = entries;
    }

    /// <summary>Where each tensor lies in <see cref="Values"/>, in W1, b1, … order.</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }
    /// <summary>θ; the vector owns this array (copy before changing it).</summary>
    public double[] Values { get; }
    /// <summary>What each position of <see cref="Values"/> is: tensor, index, row, column.</summary>
    public IReadOnlyList<ParameterEntry> Entries { get; }
    /// <summary>The number of parameters.</summary>
    public int Count => Values.Length;

    /// <summary>The segment of a tensor by name; <see cref="KeyNotFoundException"/> when there is none.</summary>
    public ParameterSegment Segment(string name) => Segments.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"no tensor '{name}' in the vector (have {string.Join(", ", Segments.Select(s => s.Name))})");

    /// <summary>A layout of named blocks with these shapes (values zero), e.g. the blocks of a Jacobian, (rows, columns) each.</summary>
    public static ParameterVector FromShapes(IEnumerable<(string Name, long[] Shape)> blocks)
    {
        var segments = new List<ParameterSegment>();
        int offset = 0;
        foreach (var (name, shape) in blocks)
        {
            int length = checked((int)shape.Aggregate(1L, (a, b) => a * b));
            segments.Add(new(name, shape, offset, length));
            offset = checked(offset + length);
        }
        return new(segments, new double[offset]);
    }

    /// <summary>Flattens a parameter (or gradient) set in its own order.</summary>
    public static ParameterVector From(ParameterSet set)
    {
        var segments = new List<ParameterSegment>();
        var values = new List<double>();
        foreach (var name in set.Names)
        {
            var v = set.ToArray(name);
            segments.Add(new(name, set[name].shape, values.Count, v.Length));
            values.AddRange(v);
        }
        return new(segments, values.ToArray());
    }

    /// <summary>Flattens <paramref name="set"/> in this vector's layout; names and shapes must match.</summary>
    public double[] Flatten(ParameterSet set)
    {
        var values = new double[Count];
        foreach (var s in Segments)
        {
            if (!set[s.Name].shape.SequenceEqual(s.Shape))
                throw new ArgumentException($"{s.Name} has shape ({string.Join(", ", set[s.Name].shape)}); the vector has ({string.Join(", ", s.Shape)})");
            set.ToArray(s.Name).CopyTo(values, s.Offset);
        }
        return values;
    }

    /// <summary>Back to named tensors of the original shapes, with these values (e.g. θ + ε·e_i).</summary>
    public ParameterSet ToParameters(double[] values, Device device, ScalarType dtype)
    {
        if (values.Length != Count) throw new ArgumentException($"vector has {values.Length} values; the layout needs {Count}");
        return new ParameterSet(Segments.Select(s =>
        {
            using var scope = NewDisposeScope();
            var t = tensor(values.AsSpan(s.Offset, s.Length).ToArray(), dtype: float64).reshape(s.Shape).to(dtype, device);
            return (s.Name, t.MoveToOuterDisposeScope());
        }));
    }

    /// <summary>The parameters this vector was made from.</summary>
    public ParameterSet ToParameters(Device device, ScalarType dtype) => ToParameters(Values, device, dtype);
}
