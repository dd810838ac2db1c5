using System.Collections;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// Keeps a .NET exception thrown by a custom autograd Function's backward from ending the process. TorchSharp 0.107
/// calls <c>backward</c> from libtorch's autograd engine through a native callback; an exception leaving that callback
/// cannot cross the native frames and the runtime ends the process. So before autograd runs, every custom Function
/// node the checked code created (TorchSharp's list of live nodes, read by reflection) has its backward called once
/// from managed code, with grad_outputs of ones, under no_grad, where its exception is caught; TorchSharp's own
/// checks of the result (the number of gradients, gradients for non-tensor arguments), which throw inside the
/// callback as well, are made here too. A backward that throws only for some grad_output values still cannot be caught.
/// </summary>
static class CustomBackwardProbe
{
    const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic;
    static readonly FieldInfo? AliveNodes =
        typeof(torch.autograd).GetNestedType("Node", Any)?.GetField("AliveNodes", Any | BindingFlags.Static);

    /// <summary>Whether the probe can see TorchSharp's nodes (it can in 0.107; pinned by a test).</summary>
    public static bool Available => AliveNodes is not null;

    /// <summary>The custom Function nodes alive now (compare with <see cref="Failure"/> after running the code).</summary>
    public static object[] Snapshot()
    {
        if (AliveNodes?.GetValue(null) is not IList list) return [];
        lock (list) return list.Cast<object>().ToArray();
    }

    /// <summary>
    /// Runs the backward of every custom Function node created since <paramref name="before"/>; the first that throws
    /// (or returns what TorchSharp would refuse inside the callback) is described, else null.
    /// </summary>
    public static string? Failure(object[] before)
    {
        var old = new HashSet<object>(before, ReferenceEqualityComparer.Instance);
        foreach (var node in Snapshot())
        {
            if (old.Contains(node)) continue;
            var type = node.GetType();
            if (!type.IsGenericType) continue;
            var fn = type.GetGenericArguments()[0];
            var outputs = type.GetField("_outputCache", Any | BindingFlags.Instance)?.GetValue(node) as List<Tensor>;
            var isTensor = type.GetField("_isVariableInput", Any | BindingFlags.Instance)?.GetValue(node) as List<bool>;
            var context = type.GetField("_context", Any | BindingFlags.Instance)?.GetValue(node);
            var mutex = type.GetField("_mutex", Any | BindingFlags.Instance)?.GetValue(node);
            var function = typeof(torch.autograd.Function<>).MakeGenericType(fn);
            var instance = function.GetProperty("Instance", Any | BindingFlags.Static)?.GetValue(null);
            var backward = function.GetMethod("backward_internal", Any | BindingFlags.Instance);
            // Not executable (built under no_grad, or no input requires grad), disposed, or a TorchSharp we do not know.
            if (outputs is null || outputs.Count == 0 || outputs.Any(o => o is null || o.IsInvalid) || isTensor is null ||
                context is null || mutex is null || instance is null || backward is null) continue;
            string name = (function.GetProperty("Name")?.GetValue(instance) as string) ?? fn.Name;
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var grads = outputs.Select(o => ones_like(o)).ToList();
            List<Tensor>? result;
            try
            {
                lock (mutex) result = backward.Invoke(instance, [context, grads]) as List<Tensor>;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                return $"the backward of custom Function '{name}' threw {e.InnerException.GetType().Name}: {SafeAutograd.FirstLine(e.InnerException.Message)}";
            }
            if (result is null) return $"the backward of custom Function '{name}' returned null";
            if (result.Count > isTensor.Count && result.Skip(isTensor.Count).All(t => t is null || t.IsInvalid)) result = result.GetRange(0, isTensor.Count);
            if (result.Count != isTensor.Count)
                return $"the backward of custom Function '{name}' returned {result.Count} gradients; its forward took {isTensor.Count} arguments";
            for (int i = 0; i < result.Count; i++)
                if (!isTensor[i] && result[i] is not null && !result[i].IsInvalid)
                    return $"the backward of custom Function '{name}' returned a gradient at position {i + 1}, whose forward argument is not a tensor";
        }
        return null;
    }
}
