using TorchPractice.Models;
using TorchPractice.Training;

namespace TorchPractice.Tests.Models;

/// <summary>
/// Short runs of every initialization, with and without L2 and dropout (the same masks: NumPy's stream), trained by
/// both C# models and by the NumPy peer from the same start: cost histories and final parameters agree to
/// <see cref="NumPyReference.Tolerance"/>. The course's full runs are pinned the same way in CourseReproductionTests.
/// </summary>
public sealed class NumPyReferenceTests
{
    // Each scheme on the two course networks, once plain and once with L2 and dropout together
    // (masks continue the stream after the weights are drawn, so they too depend on the scheme).
    [Theory]
    [InlineData(Init.Zeros, 0.0, 1.0)]
    [InlineData(Init.Random, 0.0, 1.0)]
    [InlineData(Init.He, 0.0, 1.0)]
    [InlineData(Init.Lecun, 0.0, 1.0)]
    [InlineData(Init.Xavier, 0.0, 1.0)]
    [InlineData(Init.Uniform, 0.0, 1.0)]
    [InlineData(Init.Zeros, 0.7, 0.86)]
    [InlineData(Init.Random, 0.7, 0.86)]
    [InlineData(Init.He, 0.7, 0.86)]
    [InlineData(Init.Lecun, 0.7, 0.86)]
    [InlineData(Init.Xavier, 0.7, 0.86)]
    [InlineData(Init.Uniform, 0.7, 0.86)]
    public async Task Every_initialization_trains_as_NumPy_trains_it(Init init, double lambd, double keepProb)
    {
        bool plain = lambd == 0 && keepProb == 1;
        var o = new ModelOptions
        {
            Layers = plain ? [2, 10, 5, 1] : [2, 20, 3, 1], Init = init, InitScale = 1, Lambd = lambd, KeepProb = keepProb,
        };
        await NumPyReference.TrainAllThree(TestData.BuiltIn(plain ? "circles" : "football"), o,
            new TrainOptions { LearningRate = 0.1, Iterations = 300, PrintEvery = 10 });
    }

    [Theory]
    [InlineData(0.7, 1.0, false)] // L2 alone
    [InlineData(0.0, 0.5, false)] // dropout alone, masks from the stream
    [InlineData(0.0, 0.86, true)] // the course's dropout: the stream re-seeded with 1 before every pass
    [InlineData(0.3, 0.8, true)]
    public async Task L2_and_dropout_train_as_NumPy_trains_them(double lambd, double keepProb, bool courseDropout)
    {
        var o = new ModelOptions
        {
            Layers = [2, 20, 3, 1], Init = Init.Lecun, Lambd = lambd, KeepProb = keepProb, CourseDropout = courseDropout, CourseCost = true,
        };
        await NumPyReference.TrainAllThree(TestData.BuiltIn("football"), o, new TrainOptions { LearningRate = 0.3, Iterations = 300, PrintEvery = 10 });
    }

    // 24 features and 5 000 samples: rows and columns cannot be confused, and sums are long.
    [Fact]
    public async Task A_wide_tabular_problem_trains_as_NumPy_trains_it()
    {
        var o = new ModelOptions { Layers = [24, 16, 8, 1], Init = Init.Xavier, Lambd = 0.5, KeepProb = 0.9 };
        await NumPyReference.TrainAllThree(TestData.BuiltIn("fraud"), o, new TrainOptions { LearningRate = 0.5, Iterations = 100, PrintEvery = 10 });
    }
}
