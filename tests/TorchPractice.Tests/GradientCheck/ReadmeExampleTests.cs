using System.Text.RegularExpressions;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>README's "Check your own backprop" example is ReadmeExample.cs verbatim, and it runs as the README says.</summary>
public sealed partial class ReadmeExampleTests
{
    [Fact]
    public void Readme_shows_the_example_verbatim()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExample.cs.txt")).ReplaceLineEndings("\n");
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md")).ReplaceLineEndings("\n");
        var example = Region().Match(source);
        Assert.True(example.Success, "ReadmeExample.cs lost its README: begin / end markers");
        Assert.Contains("```csharp\n" + example.Groups[1].Value + "```", readme);
    }

    [Fact]
    public void Example_passes_the_logistic_regression_and_names_the_custom_functions_wrong_input()
    {
        var good = CheckYourOwnBackprop.LogisticRegression();
        Assert.True(good.Passed, good.ToString());
        Assert.Equal(3, good.Comparisons.Count);
        var bad = CheckYourOwnBackprop.CustomFunction();
        Assert.False(bad.Passed);
        Assert.Equal(["input 0"], bad.Wrong);
        Assert.StartsWith("gradient check FAILED: wrong input 0", bad.ToString());
    }

    [GeneratedRegex(@"// README: begin\n(.*?)// README: end", RegexOptions.Singleline)]
    private static partial Regex Region();
}
