using TorchPractice.Data;
using TorchPractice.Data.Loading;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>
/// With NumPy's stream and the course's data, the models reproduce the course's published numbers,
/// and the two implementations trained side by side on the course runs agree step by step.
/// </summary>
public sealed class CourseReproductionTests
{
    static DataSplit Circles()
    {
        Assert.True(BuiltInDatasets.TryLoad("circles", BuiltInDatasets.DefaultSeed, out var split));
        return split;
    }

    static (double Train, double Test) Accuracy(Implementation impl, DataSplit data, ModelOptions o, TrainOptions t)
    {
        using var scope = NewDisposeScope();
        var (x, y) = data.Train.ToTensors(CPU, float64);
        var (xt, yt) = data.Test.ToTensors(CPU, float64);
        using var m = ModelFactory.Create(impl, o, RandomSources.NumPy, 3, CPU);
        Trainer.Train(m, x, y, t);
        return (Metrics.Evaluate(m, x, y).Accuracy, Metrics.Evaluate(m, xt, yt).Accuracy);
    }

    // The initialization notebook: [2,10,5,1], lr 0.01, 15 000 iterations, np.random.seed(3).
    [Theory]
    [InlineData(Init.Zeros, 0.50, 0.50)]
    [InlineData(Init.Random, 0.83, 0.86)]
    [InlineData(Init.He, 0.993, 0.96)]
    public void The_initialization_notebook_results_come_out(Init init, double train, double test)
    {
        var o = new ModelOptions { Layers = [2, 10, 5, 1], Init = init, CourseCost = true };
        var (tr, te) = Accuracy(Implementation.Scratch, Circles(), o, new TrainOptions { LearningRate = 0.01, Iterations = 15_000 });
        Assert.Equal(train, tr, 0.005); // the course prints these rounded (99.3 % = 298/300)
        Assert.Equal(test, te, 0.005);
    }

    // The regularization notebook on its data.mat: [2,20,3,1], lr 0.3, 30 000 iterations, W = randn/√n_prev;
    // trained by both implementations, which must also agree step by step.
    [Theory]
    [InlineData(0.0, 1.0, 0.948, 0.915)]
    [InlineData(0.7, 1.0, 0.938, 0.93)]
    [InlineData(0.0, 0.86, 0.929, 0.95)]
    public void The_regularization_notebook_results_come_out_on_its_data(double lambd, double keepProb, double train, double test)
    {
        var path = Environment.GetEnvironmentVariable("TORCHPRACTICE_COURSE_DATA");
        Assert.SkipWhen(string.IsNullOrEmpty(path), "TORCHPRACTICE_COURSE_DATA is not set: the course's data.mat is needed (see README)");
        var o = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun, Lambd = lambd, KeepProb = keepProb, CourseDropout = true, CourseCost = true };
        var (scratch, autograd) = SideBySide(CourseMat.Load(path!), o, new TrainOptions { LearningRate = 0.3, Iterations = 30_000, PrintEvery = 10_000 });
        Assert.Equal(train, scratch.Train, 0.0005);
        Assert.Equal(test, scratch.Test, 0.0005);
        Assert.Equal(scratch, autograd);
    }

    // Both implementations side by side on the course runs with the built-in data. (The unregularized
    // [2,20,3,1] fit of the synthetic football set is left out: there lr 0.3 without regularization is
    // chaotic, and last-bit differences between the two implementations grow into visible ones after
    // ~15 000 iterations. On the course's own data.mat the same run agrees: see the test above.)
    [Theory]
    [InlineData("circles", 15_000, 0.01, 0.0, 1.0)]
    [InlineData("football", 30_000, 0.3, 0.7, 1.0)]
    [InlineData("football", 30_000, 0.3, 0.0, 0.86)]
    public void On_the_course_runs_both_implementations_print_the_same_costs_and_predict_the_same(
        string data, int iterations, double lr, double lambd, double keepProb)
    {
        Assert.True(BuiltInDatasets.TryLoad(data, BuiltInDatasets.DefaultSeed, out var split));
        var o = new ModelOptions
        {
            Layers = data == "circles" ? [2, 10, 5, 1] : [2, 20, 3, 1],
            Init = data == "circles" ? Init.He : Init.Lecun,
            Lambd = lambd, KeepProb = keepProb, CourseDropout = keepProb < 1,
        };
        var (scratch, autograd) = SideBySide(split, o, new TrainOptions { LearningRate = lr, Iterations = iterations, PrintEvery = 1000 });
        Assert.Equal(scratch, autograd);
    }

    /// <summary>Trains both from the same start; asserts equal costs (≤ 1e-10 relative at every printed
    /// iteration) and identical predictions; returns each one's (train, test) accuracy.</summary>
    static ((double Train, double Test), (double Train, double Test)) SideBySide(DataSplit split, ModelOptions o, TrainOptions t)
    {
        using var scope = NewDisposeScope();
        var (x, y) = split.Train.ToTensors(CPU, float64);
        var (xt, yt) = split.Test.ToTensors(CPU, float64);
        using var scratch = ModelFactory.Create(Implementation.Scratch, o, RandomSources.NumPy, 3, CPU);
        using var autograd = ModelFactory.Create(Implementation.Autograd, o, RandomSources.NumPy, 3, CPU);
        var hs = Trainer.Train(scratch, x, y, t).Costs;
        var ha = Trainer.Train(autograd, x, y, t).Costs;
        Assert.Equal(hs.Select(c => c.Iteration), ha.Select(c => c.Iteration));
        foreach (var (s, a) in hs.Zip(ha))
            Assert.True(Math.Abs(s.Cost - a.Cost) <= 1e-10 * Math.Abs(s.Cost), $"iteration {s.Iteration}: {s.Cost:R} vs {a.Cost:R}");
        Assert.True(scratch.Predict(x).equal(autograd.Predict(x)).all().item<bool>(), "train predictions differ");
        Assert.True(scratch.Predict(xt).equal(autograd.Predict(xt)).all().item<bool>(), "test predictions differ");
        return ((Metrics.Evaluate(scratch, x, y).Accuracy, Metrics.Evaluate(scratch, xt, yt).Accuracy),
                (Metrics.Evaluate(autograd, x, y).Accuracy, Metrics.Evaluate(autograd, xt, yt).Accuracy));
    }
}
