using System.Text.Json;
using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Comparison.Peers;

/// <summary>The files a peer script reads (config JSON, .npy data, .npz parameters) and the JSON it prints.</summary>
static class PeerProtocol
{
    /// <summary>Writes the data, the initial parameters and config.json into <paramref name="directory"/>; returns the config's path.</summary>
    public static string WriteInputs(PeerKind kind, PeerRequest request, string directory)
    {
        string Data(string name, double[,] array)
        {
            var path = Path.Combine(directory, name + ".npy");
            Npy.Write(path, array);
            return path;
        }

        var configPath = Path.Combine(directory, "config.json");
        using var stream = File.Create(configPath);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("train_x", Data("train_x", request.TrainX));
        json.WriteString("train_y", Data("train_y", request.TrainY));
        if (request.TestX is not null && request.TestY is not null)
        {
            json.WriteString("test_x", Data("test_x", request.TestX));
            json.WriteString("test_y", Data("test_y", request.TestY));
        }
        json.WriteStartArray("layers");
        foreach (var n in request.Layers)
            json.WriteNumberValue(n);
        json.WriteEndArray();
        json.WriteString("init", request.Init.ToString().ToLowerInvariant());
        json.WriteNumber("init_scale", request.InitScale);
        json.WriteNumber("seed", request.Seed);
        json.WriteNumber("lambd", request.Lambd);
        json.WriteNumber("keep_prob", request.KeepProb);
        json.WriteNumber("learning_rate", request.LearningRate);
        json.WriteNumber("iterations", request.Iterations);
        json.WriteNumber("print_every", request.PrintEvery);
        json.WriteBoolean("course_dropout", request.CourseDropout);
        json.WriteBoolean("course_cost", request.CourseCost);
        json.WriteNumber("repeat", request.Repeat);
        if (request.InitialParameters is not null)
        {
            var path = Path.Combine(directory, "initial_params.npz");
            Npy.WriteNpz(path, request.InitialParameters);
            json.WriteString("initial_params", path);
        }
        if (request.ReturnFinalParameters)
            json.WriteString("save_params", FinalParametersPath(directory));
        if (kind == PeerKind.NumPy) // the torch peers know neither field (and run ReLU only: see PeerRequest.Validate)
        {
            json.WriteString("activation", request.Activation.Name()); // relu, tanh, sigmoid, leaky_relu: the peer's names too
            if (request.ReturnInitialGradients)
                json.WriteString("save_grads", InitialGradientsPath(directory));
            if (request.IsWeek2)
                WriteWeek2(json, request);
        }
        if (request.Sweep is not null)
        {
            json.WriteStartArray("sweep");
            foreach (var entry in request.Sweep)
            {
                json.WriteStartObject();
                json.WriteNumber("lambd", entry.Lambd);
                json.WriteNumber("keep_prob", entry.KeepProb);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        if (kind != PeerKind.NumPy)
        {
            json.WriteString("impl", kind == PeerKind.TorchManual ? "manual" : "autograd");
            json.WriteString("device", request.Device);
            json.WriteString("dtype", request.DType);
        }
        json.WriteEndObject();
        return configPath;
    }

    /// <summary>The NumPy peer's week-2 fields: mini-batches, update rule, decay (names as numpy_model.py and the assignment write them).</summary>
    static void WriteWeek2(Utf8JsonWriter json, PeerRequest request)
    {
        if (request.MiniBatchSize is int size) json.WriteNumber("mini_batch_size", size);
        else json.WriteNull("mini_batch_size");
        json.WriteNumber("mini_batch_seed", request.MiniBatchSeed);
        var o = request.Optimizer;
        json.WriteString("optimizer", o.Kind.Name()); // gd, momentum, rmsprop, adam: the peer's names too
        json.WriteNumber("beta", o.Beta);
        json.WriteNumber("beta1", o.Beta1);
        json.WriteNumber("beta2", o.Beta2);
        json.WriteNumber("epsilon", o.Epsilon);
        json.WriteString("decay", request.Decay.Kind.ToString().ToLowerInvariant()); // none, inverse, scheduled
        json.WriteNumber("decay_rate", request.Decay.Rate);
        json.WriteNumber("time_interval", request.Decay.TimeInterval);
    }

    public static string FinalParametersPath(string directory) => Path.Combine(directory, "final_params.npz");

    public static string InitialGradientsPath(string directory) => Path.Combine(directory, "initial_grads.npz");

    /// <summary>Parses the script's stdout; throws <see cref="FormatException"/> naming what is missing or wrong.</summary>
    public static PeerResult ParseResult(PeerKind kind, string stdout, IReadOnlyDictionary<string, double[,]>? finalParameters,
        IReadOnlyDictionary<string, double[,]>? initialGradients = null)
    {
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        var seconds = Property(root, "seconds");
        var blas = Property(root, "blas");
        return new PeerResult(
            kind,
            Costs(Property(root, "costs")),
            NullableNumber(Property(root, "train_accuracy")),
            NullableNumber(Property(root, "test_accuracy")),
            seconds.ValueKind == JsonValueKind.Array ? seconds.EnumerateArray().Select(Number).ToArray() : [Number(seconds)],
            Number(Property(root, "seconds_per_iteration")),
            root.TryGetProperty("sweep", out var sweep) ? sweep.EnumerateArray().Select(SweepResult).ToArray() : [],
            Strings(Property(root, "versions")),
            blas.TryGetProperty("summary", out var summary) ? summary.GetString() ?? "" : "",
            blas.GetRawText(),
            Strings(Property(root, "threads")),
            Property(root, "peak_rss_bytes").GetInt64(),
            root.TryGetProperty("device", out var device) ? device.GetString() ?? "cpu" : "cpu",
            root.TryGetProperty("dtype", out var dtype) ? dtype.GetString() ?? "float64" : "float64",
            root.TryGetProperty("cuda_peak_bytes", out var cuda) && cuda.ValueKind == JsonValueKind.Number ? cuda.GetInt64() : null,
            finalParameters,
            initialGradients);
    }

    static PeerSweepResult SweepResult(JsonElement run) => new(
        Number(Property(run, "lambd")), Number(Property(run, "keep_prob")), Costs(Property(run, "costs")),
        Number(Property(run, "train_accuracy")), NullableNumber(Property(run, "test_accuracy")), Number(Property(run, "seconds")));

    static PeerCost[] Costs(JsonElement costs) =>
        costs.EnumerateArray().Select(c => new PeerCost(Property(c, "iteration").GetInt32(), Number(Property(c, "cost")))).ToArray();

    /// <summary>Non-null strings and numbers of an object, as text; nulls (unset variables) left out.</summary>
    static Dictionary<string, string> Strings(JsonElement obj) =>
        obj.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null)
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());

    static JsonElement Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"peer output has no '{name}' in {Abbreviate(obj.GetRawText())}");

    static double? NullableNumber(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : Number(value);

    /// <summary>A number, or one of the strings the scripts write for values JSON lacks: Infinity, -Infinity, NaN.</summary>
    static double Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when value.GetString() is "Infinity" => double.PositiveInfinity,
        JsonValueKind.String when value.GetString() is "-Infinity" => double.NegativeInfinity,
        JsonValueKind.String when value.GetString() is "NaN" => double.NaN,
        _ => throw new FormatException($"peer output: expected a number, got {Abbreviate(value.GetRawText())}"),
    };

    static string Abbreviate(string text) =>
        text.Length <= 80 ? text : text[..77] + "...";
}
