namespace TorchPractice.Models;

/// <summary>The shapes a model's layers need of its parameters.</summary>
public static class ParameterShapes
{
    /// <summary>Throws unless every tensor has the shape the model's layers need.</summary>
    public static void Check(ModelOptions o, ParameterSet p)
    {
        var expected = ParameterSet.NamesFor(o.Layers.Length - 1).ToArray();
        var missing = expected.Where(n => !p.Names.Contains(n)).ToList();
        if (missing.Count > 0 || p.Names.Count != expected.Length)
            throw new ArgumentException($"parameters have {string.Join(", ", p.Names)}; layers {string.Join(",", o.Layers)} need {string.Join(", ", expected)}");
        for (int l = 1; l < o.Layers.Length; l++)
        {
            Check(ParameterSet.W(l), [o.Layers[l], o.Layers[l - 1]]);
            Check(ParameterSet.B(l), [o.Layers[l], 1]);
        }
        void Check(string name, long[] shape)
        {
            var actual = p[name].shape;
            if (!actual.SequenceEqual(shape))
                throw new ArgumentException($"parameter {name} has shape ({string.Join(", ", actual)}) but layers {string.Join(",", o.Layers)} need ({string.Join(", ", shape)})");
        }
    }
}
