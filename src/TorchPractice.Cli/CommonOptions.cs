using System.CommandLine;
using TorchPractice.Models;
using TorchPractice.Runtime;

namespace TorchPractice.Cli;

/// <summary>The options several commands share (--device, --json, --impl, --init, --activation, --layers), declared once.</summary>
public static class CommonOptions
{
    /// <summary>`--device cpu|cuda|auto` (default cpu); <paramref name="auto"/> false leaves auto out (bench must know which one it timed).</summary>
    public static Option<DeviceChoice> Device(bool auto = true) => Declare.Choice("--device",
        auto ? "where tensors live: cpu, cuda (fails if absent) or auto (cuda when available)" : "where ours and the torch peer run (cuda rows are skipped where there is none)",
        DeviceChoice.Cpu, auto ? [("cpu", DeviceChoice.Cpu), ("cuda", DeviceChoice.Cuda), ("auto", DeviceChoice.Auto)] : [("cpu", DeviceChoice.Cpu), ("cuda", DeviceChoice.Cuda)]);

    /// <summary>`--json`: one JSON object on stdout instead of tables.</summary>
    public static Option<bool> Json(string description = "one JSON object on stdout instead of tables") => Declare.Switch("--json", description);

    /// <summary>`--impl scratch|autograd` (default scratch).</summary>
    public static Option<Implementation> Implementation(string description) => Declare.Choice("--impl", description, Models.Implementation.Scratch,
        Enum.GetValues<Implementation>().Select(i => (i.ToString().ToLowerInvariant(), i)).ToArray());

    /// <summary>`--init zeros|random|he|lecun|xavier|uniform`.</summary>
    public static Option<Init> Init(string description, Init defaultValue) => Declare.Choice("--init", description, defaultValue,
        Enum.GetValues<Init>().Select(i => (i.ToString().ToLowerInvariant(), i)).ToArray());

    /// <summary>`--activation relu|tanh|sigmoid|leaky_relu`, null when not given (a loaded file's or the default's then).</summary>
    public static Option<Activation?> Activation(string description) => Declare.Choice<Activation?>("--activation", description, null,
        Enum.GetValues<Activation>().Select(a => (a.Name(), (Activation?)a)).ToArray());

    /// <summary>`--layers n_x,h_1,…,1`, null when not given; the model checks the shape (LibraryErrors names the flag).</summary>
    public static Option<int[]?> Layers(string description) => Declare.IntList("--layers", "N,H1,…,1", description);
}
