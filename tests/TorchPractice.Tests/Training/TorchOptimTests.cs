using TorchPractice.Models;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Training;

/// <summary>
/// The autograd model's TorchSharp optimizers (torch.optim) beside the course's hand-written rules: where the formulas
/// are the same (RMSprop, Adam) the runs agree with the assignment's NumPy code; momentum's SGD differs at the first
/// step by design, and the difference is the one stated.
/// </summary>
public sealed class TorchOptimTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    [InlineData("gd")]
    public void Where_the_formulas_are_the_course_s_torch_optim_trains_as_the_numpy_code(string optimizer)
    {
        using var scope = NewDisposeScope();
        var run = Enumerable.Range(0, 7).Select(Fixture).First(r => r.GetProperty("optimizer").GetString() == optimizer && r.GetProperty("decay").GetString() == "none");
        var (x, y) = Week2ReferenceTests.Data();
        using var model = ModelFactory.Create(Implementation.Autograd, Week2ReferenceTests.Model, "numpy", 3, CPU);
        var result = Trainer.Train(model, x, y, Week2ReferenceTests.Options(run));
        var expected = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        double worst = expected.Select((c, e) => Math.Abs(result.Costs[e].Cost - c) / c).Max();
        log.WriteLine($"{optimizer}: largest relative difference of an epoch's cost from NumPy over {expected.Length} epochs: {worst:E2}");
        Assert.True(worst <= 1e-12, $"{optimizer}: {worst:E2}");
    }

    [Fact]
    public void Momentum_s_sgd_differs_from_the_course_only_at_the_first_step_by_one_over_one_minus_beta()
    {
        using var scope = NewDisposeScope();
        var (x, y) = Week2ReferenceTests.Data();
        var momentum = new OptimizerOptions { Kind = OptimizerKind.Momentum, Beta = 0.9 };
        var one = new TrainOptions { LearningRate = 0.01, Iterations = 1, PrintEvery = 1, Optimizer = momentum };
        using var course = ModelFactory.Create(Implementation.Scratch, Week2ReferenceTests.Model, "numpy", 3, CPU);
        using var torch = ModelFactory.Create(Implementation.Autograd, Week2ReferenceTests.Model, "numpy", 3, CPU);
        using var start = course.CopyParameters();
        Trainer.Train(course, x, y, one);
        Trainer.Train(torch, x, y, one);
        using var a = course.CopyParameters();
        using var b = torch.CopyParameters();
        // Step 1: the course's v = (1 − β)·g, PyTorch's buffer = g, so PyTorch's step is 1/(1 − β) = 10× the course's.
        // From step 2 on both are b = β·b + (1 − β)·g (dampening = β): the difference is only where they started.
        foreach (var name in start.Names)
        {
            var courseStep = a[name].sub(start[name]);
            var torchStep = b[name].sub(start[name]);
            double off = torchStep.sub(courseStep.mul(10.0)).abs().max().item<double>();
            double size = torchStep.abs().max().item<double>(), theta = Math.Max(1, start[name].abs().max().item<double>());
            // The steps are read as differences of parameters, so each carries θ's last-bit rounding (~1e-16·|θ|).
            Assert.True(off <= 1e-14 * theta && (size == 0 || off <= 1e-6 * size), $"{name}: step {size:E2}, off by {off:E2}");
        }
    }

    /// <summary>
    /// With dampening 0, PyTorch's buffer b = Σ β^(t−k)·g_k is the course's v / (1 − β) from the first step, so
    /// lr = α·(1 − β) gives the course's momentum: every epoch of the fixture's momentum run to 1e-12.
    /// </summary>
    [Fact]
    public void Momentum_s_sgd_with_dampening_0_at_alpha_times_one_minus_beta_trains_as_the_course()
    {
        using var scope = NewDisposeScope();
        var run = Enumerable.Range(0, 7).Select(Fixture).First(r => r.GetProperty("optimizer").GetString() == "momentum" && r.GetProperty("decay").GetString() == "none");
        var course = Week2ReferenceTests.Options(run);
        var options = course with { LearningRate = course.LearningRate * (1 - 0.9), Optimizer = course.Optimizer with { Dampening = 0 } };
        var (x, y) = Week2ReferenceTests.Data();
        using var model = ModelFactory.Create(Implementation.Autograd, Week2ReferenceTests.Model, "numpy", 3, CPU);
        var result = Trainer.Train(model, x, y, options);
        var expected = run.GetProperty("costs").EnumerateArray().Select(c => c.GetDouble()).ToArray();
        double worst = expected.Select((c, e) => Math.Abs(result.Costs[e].Cost - c) / c).Max();
        log.WriteLine($"dampening 0, lr α(1 − β): largest relative difference of an epoch's cost from NumPy over {expected.Length} epochs: {worst:E2}");
        Assert.True(worst <= 1e-12, $"{worst:E2}");

        // The course's rule has no dampening: the scratch model refuses one; out of [0, 1] is refused by any model.
        using var scratch = ModelFactory.Create(Implementation.Scratch, Week2ReferenceTests.Model, "numpy", 3, CPU);
        Assert.Throws<NotSupportedException>(() => scratch.UseOptimizer(options.Optimizer));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.UseOptimizer(options.Optimizer with { Dampening = 1.5 }));
    }

    /// <summary>
    /// The decay as TorchSharp schedules it: torch.optim.lr_scheduler.LambdaLR, stepped once per epoch, sets the rate
    /// each epoch runs with to the one <see cref="LearningRateDecay.For"/> gives (which the trainer hands the autograd
    /// model's param groups), bit for bit, for update_lr and schedule_lr_decay.
    /// </summary>
    [Theory]
    [InlineData(DecayKind.Inverse, 0.1, 1.0, 1000)]
    [InlineData(DecayKind.Scheduled, 0.01, 0.3, 1000)]
    [InlineData(DecayKind.Scheduled, 0.5, 0.3, 100)]
    public void A_lambda_lr_scheduler_gives_the_course_s_decayed_rates(DecayKind kind, double lr0, double rate, int interval)
    {
        using var scope = NewDisposeScope();
        var decay = new LearningRateDecay { Kind = kind, Rate = rate, TimeInterval = interval };
        var theta = new TorchSharp.Modules.Parameter(zeros(1));
        var optimizer = TorchSharp.torch.optim.SGD([theta], lr0);
        // Epoch e runs with α0 for e = 0, then with update_lr / schedule_lr_decay of the epoch before (the assignment's order).
        var scheduler = TorchSharp.torch.optim.lr_scheduler.LambdaLR(optimizer, e => e == 0 ? 1 : decay.Decayed(1, e - 1));
        for (int epoch = 0; epoch < 2500; epoch++)
        {
            double scheduled = optimizer.ParamGroups.First().LearningRate;
            Assert.True(BitConverter.DoubleToInt64Bits(scheduled) == BitConverter.DoubleToInt64Bits(decay.For(lr0, epoch)),
                $"epoch {epoch}: LambdaLR {scheduled:R}, ours {decay.For(lr0, epoch):R}");
            optimizer.step(); // no gradient: nothing moves; the scheduler wants a step before it
            scheduler.step();
        }
    }

    static System.Text.Json.JsonElement Fixture(int index) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "week2", "runs.json"))).RootElement.GetProperty("runs")[index];
}
