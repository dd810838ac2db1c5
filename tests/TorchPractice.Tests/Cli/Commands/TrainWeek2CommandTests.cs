using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TorchPractice.Tests.Cli.Commands;

/// <summary>
/// `train --optimizer … --mini-batch … --decay …`: week 2's assignment run from the command line, in both
/// implementations, against the assignment's code run in NumPy (Fixtures/week2/runs.json, from
/// generate_week2_fixtures.py): every epoch's cost to 1e-12 relative and the accuracy equal.
/// </summary>
public sealed class TrainWeek2CommandTests
{
    static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(CliRun.Fixture("week2", "runs.json"))).RootElement;

    static JsonElement FixtureRun(int index) => Fixture.GetProperty("runs")[index];

    /// <summary>Every fixture run × implementation, except torch.optim's momentum (another formula: the next test).</summary>
    public static TheoryData<int, string> Runs()
    {
        var data = new TheoryData<int, string>();
        for (int i = 0; i < Fixture.GetProperty("runs").GetArrayLength(); i++)
            foreach (var impl in new[] { "scratch", "autograd" })
                if (impl == "scratch" || FixtureRun(i).GetProperty("optimizer").GetString() != "momentum") data.Add(i, impl);
        return data;
    }

    /// <summary>The command line of a fixture run: the assignment's data, model and settings.</summary>
    static string[] Args(JsonElement run, string impl)
    {
        var settings = run.GetProperty("settings");
        string Get(string name, string fallback) => settings.TryGetProperty(name, out var v) ? v.GetDouble().ToString("R", CultureInfo.InvariantCulture) : fallback;
        var args = new List<string>
        {
            "train", "--impl", impl, "--data", "moons", "--layers", "2,5,2,1", "--mini-batch", Fixture.GetProperty("mini_batch_size").GetInt32().ToString(CultureInfo.InvariantCulture),
            "--epochs", run.GetProperty("costs").GetArrayLength().ToString(CultureInfo.InvariantCulture), "--print-every", "1",
            "--optimizer", run.GetProperty("optimizer").GetString()!, "--lr", Get("learning_rate", "0.0007"), "--json",
        };
        if (run.GetProperty("decay").GetString() is { } decay && decay != "none")
            args.AddRange(["--decay", decay, "--decay-rate", Get("decay_rate", "1")]);
        return [.. args];
    }

    static (double[] Costs, double Accuracy, JsonNode Json) Train(JsonElement run, string impl)
    {
        var (code, stdout, stderr) = CliRun.Run(Args(run, impl));
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        return (json["costs"]!.AsArray().Select(c => c!["cost"]!.GetValue<double>()).ToArray(), json["train_accuracy"]!.GetValue<double>(), json);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Train_reproduces_the_assignment_s_numpy_run(int index, string impl)
    {
        var run = FixtureRun(index);
        var (costs, accuracy, json) = Train(run, impl);
        var expected = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        string name = $"{impl} {run.GetProperty("optimizer").GetString()} (decay {run.GetProperty("decay").GetString()})";
        Assert.Equal(expected.Length, costs.Length);
        for (int e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(costs[e] - expected[e]) <= 1e-12 * expected[e], $"{name}, epoch {e}: {costs[e]:R} vs NumPy {expected[e]:R}");
        Assert.Equal(run.GetProperty("accuracy").GetDouble(), accuracy);
        Assert.Equal(3, json["data_seed"]!.GetValue<long>()); // the moons' course seed, without --data-seed
        if (run.GetProperty("decay").GetString() == "inverse") // the last epoch (n − 1) ran with update_lr(α0, n − 2)
        {
            var settings = run.GetProperty("settings");
            double lr0 = settings.GetProperty("learning_rate").GetDouble(), rate = settings.GetProperty("decay_rate").GetDouble();
            Assert.Equal(1 / (1 + rate * (expected.Length - 2)) * lr0, json["final_learning_rate"]!.GetValue<double>());
        }
    }

    [Fact]
    public void Torch_optim_momentum_trains_otherwise_than_the_course_s()
    {
        int index = Enumerable.Range(0, Fixture.GetProperty("runs").GetArrayLength())
            .First(i => FixtureRun(i).GetProperty("optimizer").GetString() == "momentum" && FixtureRun(i).GetProperty("decay").GetString() == "none");
        var (course, _, _) = Train(FixtureRun(index), "scratch");
        var (torch, _, _) = Train(FixtureRun(index), "autograd");
        // Epoch 0's cost already differs: it weighs each batch's cost before its step, and torch.optim's first step is
        // 1/(1 − β) = 10× the course's (its buffer starts at g, the course's v at (1 − β)·g).
        for (int e = 0; e < course.Length; e++)
            Assert.True(Math.Abs(course[e] - torch[e]) > 1e-9 * course[e], $"epoch {e}: {course[e]:R} vs torch.optim {torch[e]:R}");
    }

    /// <summary>
    /// torch.optim.SGD with dampening 0 keeps b = Σ β^(t−k)·g_k = v / (1 − β) from the first step, so at lr α·(1 − β)
    /// `train --impl autograd --optimizer momentum --dampening 0` reproduces the course's momentum run.
    /// </summary>
    [Fact]
    public void Torch_optim_momentum_with_dampening_0_at_alpha_times_one_minus_beta_reproduces_the_course_s()
    {
        var run = FixtureRun(Enumerable.Range(0, Fixture.GetProperty("runs").GetArrayLength())
            .First(i => FixtureRun(i).GetProperty("optimizer").GetString() == "momentum" && FixtureRun(i).GetProperty("decay").GetString() == "none"));
        var args = Args(run, "autograd").ToList();
        int lr = args.IndexOf("--lr") + 1;
        args[lr] = (double.Parse(args[lr], CultureInfo.InvariantCulture) * (1 - 0.9)).ToString("R", CultureInfo.InvariantCulture);
        var (code, stdout, stderr) = CliRun.Run([.. args, "--dampening", "0"]);
        Assert.True(code == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        var costs = json["costs"]!.AsArray().Select(c => c!["cost"]!.GetValue<double>()).ToArray();
        var expected = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        Assert.Equal(expected.Length, costs.Length);
        for (int e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(costs[e] - expected[e]) <= 1e-12 * expected[e], $"epoch {e}: {costs[e]:R} vs NumPy {expected[e]:R}");
        Assert.Equal(run.GetProperty("accuracy").GetDouble(), json["train_accuracy"]!.GetValue<double>());
        Assert.Equal(0, json["dampening"]!.GetValue<double>());
    }

    [Fact]
    public void The_epoch_cost_is_printed_as_the_assignment_prints_it()
    {
        var (code, stdout, stderr) = CliRun.Run("train", "--data", "moons", "--layers", "2,5,2,1", "--lr", "0.0007", "--mini-batch", "64", "--epochs", "2",
            "--optimizer", "adam");
        Assert.True(code == 0, stderr);
        // The assignment's first Adam line: print("Cost after epoch %i: %f" % (i, cost_avg)).
        Assert.Equal("Cost after epoch 0: 0.702166", stdout.Split('\n')[0].TrimEnd('\r'));
    }

    /// <summary>
    /// The assignment's own printouts (week 2, "Optimization methods": its model() with num_epochs 5000, printed every
    /// 1000 epochs; the last line of each is epoch 4000), as published with the notebook.
    /// </summary>
    public static TheoryData<string, string> Published() => new()
    {
        { "--optimizer gd --lr 0.0007", "0:0.702405 1000:0.668101 2000:0.635288 3000:0.600491 4000:0.573367" },
        { "--optimizer momentum --beta 0.9 --lr 0.0007", "0:0.702413 1000:0.668167 2000:0.635388 3000:0.600591 4000:0.573444" },
        { "--optimizer adam --lr 0.0007", "0:0.702166 1000:0.167845 2000:0.141316 3000:0.138788 4000:0.136066" },
        { "--optimizer gd --lr 0.1 --decay inverse", "0:0.701091:0.100000 1000:0.661884:0.000100 2000:0.658620:0.000050 3000:0.656765:0.000033 4000:0.655486:0.000025" },
        { "--optimizer gd --lr 0.1 --decay scheduled", "0:0.701091:0.100000 1000:0.127161:0.050000 2000:0.120304:0.033333 3000:0.117033:0.025000 4000:0.117512:0.020000" },
        { "--optimizer momentum --lr 0.1 --decay scheduled", "0:0.702226:0.100000 1000:0.128974:0.050000 2000:0.125965:0.033333 3000:0.123375:0.025000 4000:0.123218:0.020000" },
        { "--optimizer adam --lr 0.01 --decay scheduled", "0:0.699346:0.010000 1000:0.130074:0.005000 2000:0.129826:0.003333 3000:0.129282:0.002500 4000:0.128361:0.002000" },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Train_prints_what_the_assignment_printed(string settings, string printed)
    {
        var (code, stdout, stderr) = CliRun.Run(["train", "--data", "moons", "--layers", "2,5,2,1", "--mini-batch", "64", "--epochs", "4001", .. settings.Split(' ')]);
        Assert.True(code == 0, stderr);
        var expected = printed.Split(' ').SelectMany(entry =>
        {
            var parts = entry.Split(':');
            return parts.Length == 2
                ? new[] { $"Cost after epoch {parts[0]}: {parts[1]}" }
                : [$"Cost after epoch {parts[0]}: {parts[1]}", $"learning rate after epoch {parts[0]}: {parts[2]}"];
        });
        Assert.Equal(expected, stdout.Split('\n').Select(l => l.TrimEnd('\r')).TakeWhile(l => l.StartsWith("Cost after", StringComparison.Ordinal) || l.StartsWith("learning rate", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("train: --beta is used only by --optimizer momentum; leave it out", "--optimizer", "adam", "--beta", "0.8")]
    [InlineData("train: --beta1 is used only by --optimizer adam; leave it out", "--optimizer", "rmsprop", "--beta1", "0.8")]
    [InlineData("train: --epsilon-adam is used only by --optimizer rmsprop or adam; leave it out", "--epsilon-adam", "1e-7")]
    [InlineData("train: --time-interval is used only by --decay scheduled; leave it out", "--decay", "inverse", "--time-interval", "10")]
    [InlineData("train: --decay-rate is used only by --decay inverse or scheduled; leave it out", "--decay-rate", "0.5")]
    [InlineData("train: --dampening is used only by --impl autograd --optimizer momentum (torch.optim.SGD; the course's momentum has none); leave it out", "--optimizer", "momentum", "--dampening", "0")]
    [InlineData("train: --dampening must be in [0, 1]; got 2", "--impl", "autograd", "--optimizer", "momentum", "--dampening", "2")]
    [InlineData("train: --epochs and --iterations count the same passes; give one of them", "--epochs", "5", "--iterations", "5")]
    [InlineData("train: --mini-batch must be ≥ 1; got 0", "--mini-batch", "0")]
    [InlineData("train: --beta2 must be in [0, 1); got 1", "--optimizer", "adam", "--beta2", "1")]
    [InlineData("train: --optimizer expects gd, momentum, rmsprop or adam; got 'sgd'", "--optimizer", "sgd")]
    [InlineData("train: --decay expects none, inverse or scheduled; got 'step'", "--decay", "step")]
    public void A_setting_out_of_place_or_range_is_one_line_naming_the_flag(string message, params string[] args)
    {
        Assert.Equal($"torchpractice: error: {message}", CliRun.OneLineError(["train", .. args]));
    }
}
