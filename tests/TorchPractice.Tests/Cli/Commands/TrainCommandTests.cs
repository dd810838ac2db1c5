using System.Diagnostics;
using System.Text.Json.Nodes;
using TorchPractice.Comparison.Report;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>`torchpractice train`: output paths checked before training, saves that cannot cost the results, --load errors, any depth and activation.</summary>
public sealed class TrainCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("torchpractice-train-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (int Code, string Out, string Err) Train(params string[] args) =>
        CliProcess.InProcess(null, ["train", "--iterations", "3", "--print-every", "1", .. args]);

    static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("symlink")]
    [InlineData("directory")]
    public void Save_refuses_anything_but_a_new_or_regular_file_before_training(string kind)
    {
        var path = Path.Combine(_dir, "target");
        var victim = Path.Combine(_dir, "victim.txt");
        File.WriteAllText(victim, "keep me");
        switch (kind)
        {
            case "fifo": MakeFifo(path); break;
            case "symlink": File.CreateSymbolicLink(path, victim); break;
            case "directory": Directory.CreateDirectory(path); break;
        }
        var before = UnixFiles.KindOf(path);

        var (code, output, error) = Train("--save", path);

        Assert.Equal(2, code);
        Assert.DoesNotContain("Cost after iteration", output);
        Assert.Equal($"torchpractice: error: --save {path}: it is {UnixFiles.Describe(before)}; give the path of a new or regular file", error.Trim());
        Assert.Equal(before, UnixFiles.KindOf(path));
        Assert.Equal("keep me", File.ReadAllText(victim));
    }

    [Fact]
    public void Save_replaces_a_regular_file_atomically_with_force_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "p.json");
        File.WriteAllText(path, "old");
        var (code, _, error) = Train("--save", path, "--force");
        Assert.True(code == 0, error);
        Assert.Equal("torchpractice-parameters", JsonNode.Parse(File.ReadAllText(path))!["format"]!.GetValue<string>());
        Assert.Equal(["p.json"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    /// <summary>Stderr that runs an action at its first write: the first progress report, i.e. during training.</summary>
    sealed class DuringTraining(Action action) : StringWriter
    {
        bool _done;
        void Once() { if (!_done) { _done = true; action(); } }
        public override void Write(char value) { Once(); base.Write(value); }
        public override void Write(string? value) { Once(); base.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Once(); base.Write(buffer, index, count); }
        public override void Write(ReadOnlySpan<char> buffer) { Once(); base.Write(buffer); }
        public override void WriteLine(string? value) { Once(); base.WriteLine(value); }
        public override void WriteLine(ReadOnlySpan<char> buffer) { Once(); base.WriteLine(buffer); }
    }

    [Fact]
    public void A_save_that_fails_after_training_keeps_the_printed_results()
    {
        // The target was fine when checked; during training a directory appears there.
        var path = Path.Combine(_dir, "p.json");
        var error = new DuringTraining(() => Directory.CreateDirectory(path));

        var (code, output, err) = CliProcess.InProcess(error, "train", "--iterations", "3", "--print-every", "1", "--save", path);

        Assert.True(code == 1, $"exit {code}: {err}");
        Assert.Contains("Cost after iteration 2:", output);
        Assert.Contains($"torchpractice: error: the parameters were not saved: --save {path}: it is a directory", err);
        Assert.DoesNotContain("   at ", err);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Layers_beyond_the_machines_memory_are_refused_with_the_estimate_before_allocating()
    {
        var (code, output, error) = Train("--layers", "2,2000000000,2000000000,1");
        Assert.Equal(2, code);
        Assert.DoesNotContain("Cost after iteration", output);
        Assert.Matches(@"^torchpractice: error: train: layers 2,2000000000,2000000000,1 on 300 \+ 100 samples needs about [\d.]+ EiB \(parameters [\d.]+ EiB, activations [\d.]+ TiB\); this machine has [\d.]+ \w+ available", error.Trim());
    }

    [Theory]
    [InlineData("""{"format":"torchpractice-parameters","version":99,"layers":[2,10,5,1],"tensors":[]}""", "parameter file version 99 is newer than this TorchPractice reads (up to 1); update TorchPractice")]
    [InlineData("""{"format":"torchpractice-parameters","version":1,"layers":[2,1,1,1],"tensors":[{"name":"W1","shape":[1,2],"values":[1,2]},{"name":"W1","shape":[1,2],"values":[1,2]}]}""", "tensor W1 appears twice")]
    [InlineData("""{"format":"torchpractice-parameters","layers":[2,10,5,1],"tensors":[]}""", "\"version\" must be a whole number from 1 to 1; got none")]
    [InlineData("""{"format":"torchpractice-parameters","version":1,"layers":[2,1,1,1],"tensors":[{"name":"W1","shape":[-1,-2],"values":[1,2]}]}""", "tensor W1 has a negative size in its shape (-1, -2)")]
    public void Load_errors_are_one_clear_line(string contents, string message)
    {
        var path = Path.Combine(_dir, "p.json");
        File.WriteAllText(path, contents);
        var (code, _, error) = Train("--load", path);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: {path}: {message}", error.Trim());
    }

    [Theory]
    [InlineData("train: --activation expects relu, tanh, sigmoid or leaky_relu; got 'elu'", "--activation", "elu")]
    [InlineData("train: --activation expects relu, tanh, sigmoid or leaky_relu; got ''", "--activation", "")]
    [InlineData("train: --layers expects a comma-separated list of integers such as 2,10,5,1; got '2,x,1'", "--layers", "2,x,1")]
    [InlineData("--layers must have at least 2 entries [n_x, …, 1] (2 is logistic regression); got 1 (2)", "--layers", "2")]
    [InlineData("--layers must end in 1 (one sigmoid output for binary classification); got 3", "--layers", "2,4,3")]
    [InlineData("--layers entries must be positive; got 2,0,1", "--layers", "2,0,1")]
    public void Bad_activation_or_layers_are_one_line_naming_the_flag_and_exit_2(string message, params string[] args)
    {
        var (code, output, error) = Train(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"torchpractice: error: {message}", error.Trim());
    }

    [Theory]
    [InlineData("scratch", "2,1", "relu")]
    [InlineData("autograd", "2,1", "sigmoid")]
    [InlineData("scratch", "2,7,1", "tanh")]
    [InlineData("autograd", "2,7,1", "leaky_relu")]
    [InlineData("scratch", "2,10,5,1", "relu")]
    [InlineData("autograd", "2,6,5,4,1", "sigmoid")]
    [InlineData("scratch", "2,6,5,4,3,1", "leaky_relu")]
    [InlineData("autograd", "2,6,5,4,3,3,1", "tanh")]
    public void Any_depth_and_activation_trains_and_says_so_in_json(string impl, string layers, string activation)
    {
        var (code, output, error) = Train("--impl", impl, "--layers", layers, "--activation", activation, "--json");
        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!;
        Assert.Equal(layers, string.Join(",", json["layers"]!.AsArray().Select(n => n!.GetValue<int>())));
        Assert.Equal(activation, json["activation"]!.GetValue<string>());
        Assert.All(json["costs"]!.AsArray(), c => Assert.True(double.IsFinite(c!["cost"]!.GetValue<double>())));
    }

    [Fact]
    public void Scratch_and_autograd_train_a_deep_tanh_net_to_the_same_costs()
    {
        double[] Costs(string impl)
        {
            var (code, output, error) = CliProcess.InProcess(null, "train", "--impl", impl, "--layers", "2,8,8,8,1", "--activation", "tanh",
                "--iterations", "200", "--print-every", "20", "--lambd", "0.3", "--keep-prob", "0.9", "--json");
            Assert.True(code == 0, error);
            return JsonNode.Parse(output)!["costs"]!.AsArray().Select(c => c!["cost"]!.GetValue<double>()).ToArray();
        }
        var (scratch, autograd) = (Costs("scratch"), Costs("autograd"));
        Assert.Equal(scratch.Length, autograd.Length);
        foreach (var (s, a) in scratch.Zip(autograd))
            Assert.True(Math.Abs(s - a) <= 1e-12 * Math.Abs(s), $"{s:R} vs {a:R}");
    }

    [Fact]
    public void Save_stores_the_activation_and_load_takes_layers_and_activation_from_the_file()
    {
        var path = Path.Combine(_dir, "p.json");
        var (code, _, error) = Train("--impl", "autograd", "--layers", "2,6,4,3,1", "--activation", "tanh", "--save", path);
        Assert.True(code == 0, error);
        Assert.Equal("tanh", JsonNode.Parse(File.ReadAllText(path))!["activation"]!.GetValue<string>());

        var (loadCode, output, loadError) = Train("--load", path, "--json");
        Assert.True(loadCode == 0, loadError);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("tanh", json["activation"]!.GetValue<string>());
        Assert.Equal([2, 6, 4, 3, 1], json["layers"]!.AsArray().Select(n => n!.GetValue<int>()));

        Assert.Equal(0, Train("--load", path, "--activation", "tanh", "--layers", "2,6,4,3,1").Code);
        var (c1, o1, e1) = Train("--load", path, "--activation", "relu");
        Assert.Equal(2, c1);
        Assert.DoesNotContain("Cost after", o1);
        Assert.Equal($"torchpractice: error: train: --activation relu differs from the activation of {path} (tanh); leave --activation out", e1.Trim());
        var (c2, _, e2) = Train("--load", path, "--layers", "2,10,5,1");
        Assert.Equal(2, c2);
        Assert.Equal($"torchpractice: error: train: --layers 2,10,5,1 differs from the layers of {path} (2,6,4,3,1); leave --layers out", e2.Trim());
    }

    [Fact]
    public void A_file_saved_before_activations_were_stored_loads_as_relu()
    {
        var path = Path.Combine(_dir, "old.json");
        Assert.Equal(0, Train("--save", path).Code);
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(doc.Remove("activation"));
        File.WriteAllText(path, doc.ToJsonString());

        var (code, output, error) = Train("--load", path, "--json");
        Assert.True(code == 0, error);
        Assert.Equal("relu", JsonNode.Parse(output)!["activation"]!.GetValue<string>());
        var (c, _, e) = Train("--load", path, "--activation", "leaky_relu");
        Assert.Equal(2, c);
        Assert.Equal($"torchpractice: error: train: --activation leaky_relu differs from the activation of {path} (relu); leave --activation out", e.Trim());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task An_unreadable_load_file_is_one_line_and_exit_2()
    {
        var path = Path.Combine(_dir, "p.json");
        File.WriteAllText(path, """{"format":"torchpractice-parameters","version":1,"layers":[2,10,5,1],"tensors":[]}""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        (int Code, string Out, string Err) run;
        if (Environment.IsPrivilegedProcess)
        {
            // Root reads every file: drop to nobody, for whom the file (mode 600, owned by root) is unreadable.
            if (!File.Exists("/usr/bin/setpriv")) Assert.Skip("running as root without setpriv to drop privileges");
            using var cli = CliProcess.Start(_dir, ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"],
                "train", "--iterations", "1", "--load", path);
            run = await cli.ExitAsync();
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
            run = Train("--load", path);
        }
        Assert.True(run.Code == 2, $"exit {run.Code}: {run.Err}");
        Assert.Equal($"torchpractice: error: {path}: cannot read the parameter file (permission denied)", run.Err.Trim());
    }
}
