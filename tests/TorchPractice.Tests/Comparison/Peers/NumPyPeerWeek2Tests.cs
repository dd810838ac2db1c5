using System.Text.Json;
using TorchPractice.Comparison.Peers;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Models;
using TorchPractice.Tests.Training;
using TorchPractice.Training;
using static TorchPractice.Tests.Comparison.Peers.PeerTestSupport;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Comparison.Peers;

/// <summary>
/// The NumPy peer's week 2 (the assignment's model(): random_mini_batches, momentum / RMSprop / Adam, update_lr and
/// schedule_lr_decay) on the committed fixtures' runs, held to their bar: every epoch's cost within 1e-12 (relative)
/// of the C# scratch model's and of the fixture generator's, the same accuracies; and the moons the peer builds itself
/// (dataset "moons", scikit-learn) are the library's bit for bit.
/// </summary>
public sealed class NumPyPeerWeek2Tests(ITestOutputHelper log)
{
    public static TheoryData<int> Runs() => Week2ReferenceTests.Runs();

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task The_peer_trains_each_fixture_run_as_the_scratch_model_does(int index)
    {
        await RequireNumPy();
        var run = Week2ReferenceTests.Run(index);
        var train = Week2ReferenceTests.Options(run);
        var split = Moons.Load(Moons.CourseSeed);
        var peer = await Run(PeerKind.NumPy, PeerRequest.FromSplit(split, Week2ReferenceTests.Model.Layers, train.LearningRate, train.Iterations).WithTraining(train));

        using var scope = NewDisposeScope();
        var (x, y) = split.Train.ToTensors(CPU, float64);
        var (xTest, yTest) = split.Test.ToTensors(CPU, float64);
        using var model = ModelFactory.Create(Implementation.Scratch, Week2ReferenceTests.Model, "numpy", 3, CPU);
        var scratch = Trainer.Train(model, x, y, train);
        var generator = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();

        string name = $"{run.GetProperty("optimizer").GetString()} (decay {run.GetProperty("decay").GetString()})";
        Assert.Equal(Enumerable.Range(0, train.Iterations), peer.Costs.Select(c => c.Iteration));
        double worst = 0;
        for (int e = 0; e < train.Iterations; e++)
        {
            double cost = peer.Costs[e].Cost, reference = scratch.Costs[e].Cost;
            worst = Math.Max(worst, Math.Abs(cost - reference) / reference);
            Assert.True(Math.Abs(cost - reference) <= 1e-12 * reference, $"{name}, epoch {e}: numpy {cost:R} vs scratch {reference:R}");
            Assert.True(Math.Abs(cost - generator[e]) <= 1e-12 * generator[e], $"{name}, epoch {e}: numpy {cost:R} vs the fixture {generator[e]:R}");
        }
        log.WriteLine($"{name}: largest relative difference of an epoch's cost from scratch over {train.Iterations} epochs: {worst:E2}");
        Assert.Equal(Metrics.Evaluate(model, x, y).Accuracy, peer.TrainAccuracy);
        Assert.Equal(Metrics.Evaluate(model, xTest, yTest).Accuracy, peer.TestAccuracy);
        Assert.Equal(run.GetProperty("accuracy").GetDouble(), peer.TrainAccuracy!.Value, 12);
    }

    [Fact]
    public async Task The_peer_s_own_moons_are_the_library_s_bit_for_bit()
    {
        await RequireNumPy();
        const string code = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            try:
                import sklearn
            except ImportError:
                print(json.dumps(None)); sys.exit(0)
            from peer_common import load_data, read_config
            c = read_config({"dataset": "moons", "layers": [2, 5, 2, 1], "learning_rate": 0.0007, "iterations": 1})
            (X, Y), (X_test, Y_test) = load_data(c)
            print(json.dumps([a.tolist() for a in (X, Y, X_test, Y_test)]))
            """;
        using var json = JsonDocument.Parse(RunPython(code, Runner.ScriptDirectory));
        Assert.SkipWhen(json.RootElement.ValueKind == JsonValueKind.Null, "scikit-learn is not installed for the peer's python");
        var arrays = json.RootElement.EnumerateArray().Select(a => a.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray()).ToArray();
        var split = Moons.Load(Moons.CourseSeed);
        var parts = new[] { PeerRequest.ToCourseLayout(split.Train), PeerRequest.ToCourseLayout(split.Test) };
        for (int p = 0; p < 2; p++)
        {
            var (x, y) = parts[p];
            foreach (var (ours, theirs) in new[] { (x, arrays[2 * p]), (y, arrays[2 * p + 1]) })
            {
                Assert.Equal(ours.GetLength(0), theirs.Length);
                for (int r = 0; r < theirs.Length; r++)
                {
                    Assert.Equal(ours.GetLength(1), theirs[r].Length);
                    for (int i = 0; i < theirs[r].Length; i++)
                        Assert.True(ours[r, i] == theirs[r][i], $"{(p == 0 ? "train" : "test")} [{r}, {i}]: library {ours[r, i]:R}, peer {theirs[r][i]:R}");
                }
            }
        }
        Assert.Equal(300, arrays[0][0].Length);
        Assert.Equal(100, arrays[2][0].Length);
    }
}
