namespace TorchPractice.Tests.Cli;

/// <summary>
/// An unknown flag is "unknown option", never "option … needs a value" (issue #27, item 8): the parser cannot know
/// a flag it has never heard of takes no value, so a missing value is only an error for an option the command reads.
/// </summary>
public sealed class UnknownOptionTests
{
    [Theory]
    [InlineData("compare")]
    [InlineData("train")]
    [InlineData("gradcheck")]
    [InlineData("bench")]
    [InlineData("info")]
    public void An_unknown_flag_last_is_an_unknown_option(string command)
    {
        var (code, stdout, stderr) = CliRun.Run(command, "--float32x");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        // train and gradcheck know --float32: the one line then also suggests it (issue #24).
        string hint = command is "train" or "gradcheck" ? "did you mean --float32? " : "";
        Assert.Equal($"torchpractice: error: {command}: unknown option --float32x ({hint}see 'torchpractice help {command}')", stderr.Trim());
    }

    [Theory]
    [InlineData("compare", "--quick")]
    [InlineData("train", "--standardize")]
    [InlineData("gradcheck", "--naive")]
    [InlineData("bench", "--quick")]
    [InlineData("info", "--json")]
    public void An_unknown_flag_before_a_switch_is_an_unknown_option(string command, string known)
    {
        var (code, _, stderr) = CliRun.Run(command, "--bogus", known);
        Assert.Equal(2, code);
        Assert.Contains($"{command}: unknown option --bogus", stderr);
        Assert.DoesNotContain("needs a value", stderr);
    }

    [Fact]
    public void The_issue_case_compare_float32_is_unknown()
    {
        var (code, _, stderr) = CliRun.Run("compare", "--float32", "--no-peers");
        Assert.Equal(2, code);
        Assert.Contains("compare: unknown option --float32", stderr);
    }

    [Theory]
    [InlineData("compare", "--out")]
    [InlineData("train", "--lr")]
    [InlineData("gradcheck", "--epsilon")]
    [InlineData("bench", "--reps")]
    [InlineData("info", "--device")]
    public void A_known_option_without_its_value_still_needs_a_value(string command, string option)
    {
        var (code, _, stderr) = CliRun.Run(command, option);
        Assert.Equal(2, code);
        Assert.Equal($"torchpractice: error: {command}: option {option} needs a value", stderr.Trim());
    }
}
