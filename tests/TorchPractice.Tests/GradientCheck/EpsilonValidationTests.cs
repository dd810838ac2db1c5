using TorchPractice.GradientCheck;
using TorchPractice.Tests.Cli;
using static TorchSharp.torch;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>ε is a small step: outside (0, 1e-2] every tensor would read as wrong, so it is bad input.</summary>
public sealed class EpsilonValidationTests
{
    [Theory]
    [InlineData(1e308)]
    [InlineData(0.02)]
    [InlineData(0.0)]
    [InlineData(-1e-7)]
    [InlineData(double.NaN)]
    public void Epsilon_outside_0_to_1e_2_is_rejected(double epsilon)
    {
        // The library names its own property; the CLI maps it to --epsilon (the test below).
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Check(epsilon));
        Assert.Equal("Epsilon", e.ParamName);
        Assert.Contains("Epsilon must be in (0, 0.01]", e.Message);
    }

    [Fact]
    public void Epsilon_up_to_1e_2_is_accepted() => Assert.Equal(47, Check(1e-2).ParameterCount);

    static GradCheckResult Check(double epsilon)
    {
        var (x, y, p, _) = BuiltInCase.Create("course", CourseCase.Options, 1, CPU);
        using (p) return GradCheck.Model(CourseCase.Options, p, x, y, options: new GradCheckOptions { Epsilon = epsilon });
    }

    [Fact]
    public void Cli_gradcheck_rejects_a_huge_epsilon_with_exit_2()
    {
        var (code, _, stderr) = CliRun.Run("gradcheck", "--epsilon", "1e308");
        Assert.Equal(2, code);
        Assert.Contains("--epsilon must be in (0, 0.01]", stderr);
    }
}
