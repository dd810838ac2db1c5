using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Named tensors in the course's order and layout: W1 (h1, n_x), b1 (h1, 1), W2, b2, W3, b3.
/// Used for parameters and for their gradients (dW1 is stored under "W1"). Owns its tensors.
/// </summary>
public sealed class ParameterSet : IDisposable
{
    readonly Dictionary<string, Tensor> _tensors;

    /// <summary>Takes ownership of the tensors, in the order given.</summary>
    /// <param name="tensors">Name and tensor, in W1, b1, W2, … order.</param>
    public ParameterSet(IEnumerable<(string Name, Tensor Value)> tensors)
    {
        var list = tensors.ToList();
        Names = list.Select(t => t.Name).ToArray();
        _tensors = list.ToDictionary(t => t.Name, t => t.Value);
    }

    /// <summary>The order W1, b1, W2, b2, ...: the order of every flattening and file.</summary>
    public IReadOnlyList<string> Names { get; }
    /// <summary>The tensor of that name; <see cref="KeyNotFoundException"/> listing the names when there is none.</summary>
    public Tensor this[string name] => _tensors.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"no parameter '{name}' (have {string.Join(", ", Names)})");
    /// <summary>The number of layers (pairs W_l, b_l).</summary>
    public int LayerCount => Names.Count / 2;
    /// <summary>The number of parameters (elements of all tensors).</summary>
    public long Count => Names.Sum(n => _tensors[n].numel());

    /// <summary>The name of layer <paramref name="layer"/>'s weights: "W1", "W2", ….</summary>
    public static string W(int layer) => $"W{layer}";
    /// <summary>The name of layer <paramref name="layer"/>'s biases: "b1", "b2", ….</summary>
    public static string B(int layer) => $"b{layer}";
    /// <summary>W1, b1, …, W_L, b_L for <paramref name="layerCount"/> layers.</summary>
    public static IEnumerable<string> NamesFor(int layerCount) =>
        Enumerable.Range(1, layerCount).SelectMany(l => new[] { W(l), B(l) });

    /// <summary>A deep copy (detached, on the same device).</summary>
    public ParameterSet Clone()
    {
        // In a scope: a temporary no scope holds (detach()) can be freed by its finalizer during the next call (README "Known limits").
        using var scope = NewDisposeScope();
        return new(Names.Select(n => (n, _tensors[n].detach().clone().MoveToOuterDisposeScope())));
    }

    /// <summary>A deep copy on another device / dtype.</summary>
    public ParameterSet To(Device device, ScalarType dtype)
    {
        using var scope = NewDisposeScope(); // as Clone
        return new(Names.Select(n => (n, _tensors[n].detach().to(dtype, device).clone().MoveToOuterDisposeScope())));
    }

    /// <summary>Values as float64 arrays (row-major), for files, reports and tests.</summary>
    public double[] ToArray(string name)
    {
        using var scope = NewDisposeScope(); // as Clone
        return _tensors[name].detach().cpu().to(float64).contiguous().data<double>().ToArray();
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
