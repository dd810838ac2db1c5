using System.Text.Json;
using System.Text.Json.Nodes;
using TorchPractice.Data.Scaling;
using TorchPractice.IO;
using static TorchSharp.torch;

namespace TorchPractice.Models;

/// <summary>
/// Parameters on disk, readable by both implementations: JSON with each tensor's name, shape and
/// float64 values (round-trip exact), the layers, the hidden activation, the dtype, the standardization and the feature
/// names. Written to a temporary file and renamed, so a crash never leaves half a file. <see cref="Read"/> reads it all once.
/// </summary>
public static class ParameterFile
{
    const string Format = "torchpractice-parameters";
    /// <summary>The newest file version this build reads (and the one it writes).</summary>
    const int Version = 1;

    /// <summary>Writes the parameters and the model they belong to (its layers and hidden activation).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="p">The parameters.</param>
    /// <param name="options">The model they belong to.</param>
    /// <param name="standardization">The feature scaling the parameters were trained with, stored so that
    /// <see cref="Read"/> gives it back to whoever loads them (null: raw features).</param>
    /// <param name="featureNames">The names of the features the model was trained on, in input order (a CSV's header
    /// without the label; a .mat file's and the built-in datasets' x1, x2, … or their own names), stored so that
    /// <see cref="SavedModel.CheckFeatures"/> can refuse other data; null stores none (such files are checked by count only).</param>
    public static void Save(string path, ParameterSet p, ModelOptions options, Standardization? standardization = null,
        IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (featureNames is not null && featureNames.Count != options.Layers[0])
            throw new ArgumentException($"{featureNames.Count} feature names for a model of {options.Layers[0]} inputs", nameof(featureNames));
        var doc = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["layers"] = new JsonArray(options.Layers.Select(n => (JsonNode)n).ToArray()),
            ["activation"] = options.Activation.Name(),
            ["dtype"] = options.DType == ScalarType.Float32 ? "float32" : "float64",
            ["tensors"] = new JsonArray(p.Names.Select(n => (JsonNode)new JsonObject
            {
                ["name"] = n,
                ["shape"] = new JsonArray(p[n].shape.Select(s => (JsonNode)s).ToArray()),
                ["values"] = new JsonArray(p.ToArray(n).Select(v => (JsonNode)v).ToArray()),
            }).ToArray()),
        };
        if (featureNames is not null)
            doc["features"] = new JsonArray(featureNames.Select(n => (JsonNode)n).ToArray());
        if (standardization is not null)
            doc["standardization"] = new JsonObject
            {
                ["mean"] = new JsonArray(standardization.Mean.Select(v => (JsonNode)v).ToArray()),
                ["scale"] = new JsonArray(standardization.Scale.Select(v => (JsonNode)v).ToArray()),
            };
        AtomicFile.WriteAllText(path, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    /// <summary>
    /// Reads the whole file once: parameters, layers, activation, standardization, feature names and dtype. Throws
    /// <see cref="FileNotFoundException"/> (no such file), <see cref="UnauthorizedAccessException"/> (not readable) or
    /// <see cref="InvalidDataException"/> (not a parameter file, a newer version, a tensor twice, a non-finite value, …),
    /// each with a one-line message that names the file (and the tensor or field at fault).
    /// </summary>
    public static SavedModel Read(string path)
    {
        var root = ReadRoot(path);
        var parameters = ReadTensors(root, path);
        try
        {
            var layers = LayersOf(parameters, path);
            var activation = ActivationOf(root, path);
            var standardization = StandardizationOf(root, path);
            if (standardization is not null && standardization.FeatureCount != layers[0])
                throw new InvalidDataException($"{path}: its standardization is for {standardization.FeatureCount} features but W1 takes {layers[0]}");
            var names = FeatureNamesOf(root, path);
            if (names is not null && names.Count != layers[0])
                throw new InvalidDataException($"{path}: \"features\" names {names.Count} features but W1 takes {layers[0]}");
            return new SavedModel(path, parameters, layers, activation, standardization, names, DTypeOf(root, path));
        }
        catch { parameters.Dispose(); throw; }
    }

    /// <summary>
    /// Loads float64 CPU tensors; use <see cref="ParameterShapes.Check"/> (LoadParameters does) before use.
    /// Throws <see cref="FileNotFoundException"/> (no such file), <see cref="UnauthorizedAccessException"/> (not
    /// readable) or <see cref="InvalidDataException"/> (not a parameter file, a newer version, a tensor twice, a
    /// non-finite value, …), each with a one-line message that names the file. <see cref="Read"/> gives the rest of the file too.
    /// </summary>
    public static ParameterSet Load(string path) => ReadTensors(ReadRoot(path), path);

    /// <summary>True when <paramref name="path"/> is a file this library wrote (it starts with the parameter file's
    /// <c>format</c> marker): one that <c>--save</c> may replace. Reads only the file's first bytes.</summary>
    public static bool IsParameterFile(string path)
    {
        var marker = System.Text.Encoding.UTF8.GetBytes($"{{\"format\":\"{Format}\"");
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var head = new byte[marker.Length];
            int read = 0, n;
            while (read < head.Length && (n = file.Read(head, read, head.Length - read)) > 0) read += n;
            return read == head.Length && head.AsSpan().SequenceEqual(marker);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The file's JSON object after checking its format marker and version.</summary>
    static JsonObject ReadRoot(string path)
    {
        JsonNode? root = ReadJson(path);
        if (root is not JsonObject obj || (root["format"] as JsonValue)?.TryGetValue(out string? format) != true || format != Format)
            throw new InvalidDataException($"{path}: not a TorchPractice parameter file (no \"format\": \"{Format}\")");
        int? version = (root["version"] as JsonValue)?.TryGetValue(out int number) == true ? number : null;
        if (version is null or < 1)
            throw new InvalidDataException($"{path}: \"version\" must be a whole number from 1 to {Version}; got {root["version"]?.ToJsonString() ?? "none"}");
        if (version > Version)
            throw new InvalidDataException($"{path}: parameter file version {version} is newer than this TorchPractice reads (up to {Version}); update TorchPractice");
        return obj;
    }

    static ParameterSet ReadTensors(JsonObject root, string path)
    {
        var tensors = new List<(string, Tensor)>();
        try
        {
            foreach (var t in root["tensors"]!.AsArray())
            {
                var name = t!["name"]!.GetValue<string>();
                if (tensors.Any(e => e.Item1 == name))
                    throw new InvalidDataException($"{path}: tensor {name} appears twice");
                var shape = t["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
                if (shape.Any(d => d < 0))
                    throw new InvalidDataException($"{path}: tensor {name} has a negative size in its shape ({string.Join(", ", shape)})");
                var values = t["values"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
                if (values.LongLength != shape.Aggregate(1L, (a, b) => a * b))
                    throw new InvalidDataException($"{path}: tensor {name} has shape ({string.Join(", ", shape)}) but {values.Length} values");
                int bad = Array.FindIndex(values, v => !double.IsFinite(v));
                if (bad >= 0)
                    throw new InvalidDataException(
                        $"{path}: tensor {name} holds a non-finite value ({values[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)} " +
                        $"at entry {bad + 1} of {values.Length}); parameters must be finite numbers");
                using var flat = tensor(values, dtype: float64); // disposed here, not by a finalizer during reshape (README "Known limits")
                tensors.Add((name, flat.reshape(shape)));
            }
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or InvalidDataException)
        {
            foreach (var (_, t) in tensors) t.Dispose();
            if (e is InvalidDataException) throw;
            throw new InvalidDataException($"{path}: malformed parameter file ({e.Message})");
        }
        return new ParameterSet(tensors);
    }

    /// <summary>The file's JSON, with the same one-line errors for both readers (absent, unreadable, not JSON).</summary>
    static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such parameter file", path);
        try { return JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a parameter file ({e.Message})"); }
        catch (UnauthorizedAccessException e) { throw new UnauthorizedAccessException($"{path}: cannot read the parameter file (permission denied)", e); }
        catch (IOException e) { throw new InvalidDataException($"{path}: cannot read the parameter file ({e.Message})", e); }
    }

    /// <summary>
    /// The hidden activation the parameters in <paramref name="path"/> were trained with; <see cref="Activation.Relu"/>
    /// for files written before activations were stored (every model then used ReLU). <see cref="Read"/> reads it with the rest.
    /// </summary>
    public static Activation ReadActivation(string path) => ActivationOf(ReadJson(path), path);

    static Activation ActivationOf(JsonNode? root, string path)
    {
        JsonNode? node = root?["activation"];
        if (node is null) return Activation.Relu;
        string? name = (node as JsonValue)?.TryGetValue(out string? text) == true ? text : null;
        return ActivationNames.TryParse(name, out var activation) ? activation
            : throw new InvalidDataException($"{path}: \"activation\" must be {ActivationNames.Expected}; got {node.ToJsonString()}");
    }

    static IReadOnlyList<string>? FeatureNamesOf(JsonNode root, string path)
    {
        JsonNode? node = root["features"];
        if (node is null) return null;
        try { return node.AsArray().Select(v => v!.GetValue<string>()).ToArray(); }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        { throw new InvalidDataException($"{path}: \"features\" must be a list of feature names; got {node.ToJsonString()}"); }
    }

    static ScalarType DTypeOf(JsonNode root, string path)
    {
        JsonNode? node = root["dtype"];
        if (node is null) return ScalarType.Float64;
        string? name = (node as JsonValue)?.TryGetValue(out string? text) == true ? text : null;
        return name switch
        {
            "float64" => ScalarType.Float64,
            "float32" => ScalarType.Float32,
            _ => throw new InvalidDataException($"{path}: \"dtype\" must be float64 or float32; got {node.ToJsonString()}"),
        };
    }

    /// <summary>
    /// [n_x, h_1, …, 1] of loaded parameters, from W1, W2, … (the tensors say what they were trained with).
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="path"/> when there is no W1.
    /// </summary>
    public static int[] LayersOf(ParameterSet p, string path)
    {
        if (!p.Names.Contains(ParameterSet.W(1)))
            throw new InvalidDataException($"{path}: no W1 in the parameter file (have {string.Join(", ", p.Names)})");
        var layers = new List<int> { (int)p[ParameterSet.W(1)].shape[^1] };
        for (int l = 1; p.Names.Contains(ParameterSet.W(l)); l++) layers.Add((int)p[ParameterSet.W(l)].shape[0]);
        return layers.ToArray();
    }

    /// <summary>The feature standardization stored with the parameters in <paramref name="path"/>; null when they were trained on raw features.</summary>
    public static Standardization? ReadStandardization(string path) => StandardizationOf(ReadJson(path), path);

    static Standardization? StandardizationOf(JsonNode? root, string path)
    {
        JsonNode? node = root?["standardization"];
        if (node is null) return null;
        try
        {
            return new Standardization(
                node["mean"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray(),
                node["scale"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: malformed standardization ({e.Message})");
        }
    }
}
