using System.Reflection;
using TorchPractice.Cli.Commands;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>`torchpractice gradcheck` through the program's own entry point: exit codes 0 / 1 / 2.</summary>
public sealed class GradCheckCommandTests
{
    static readonly object ConsoleGate = new();

    static (int Code, string Out) Run(params string[] args)
    {
        var entry = typeof(GradCheckCommand).Assembly.EntryPoint!;
        lock (ConsoleGate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var writer = new StringWriter();
            Console.SetOut(writer);
            Console.SetError(writer);
            try { return ((int)entry.Invoke(null, [args])!, writer.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    [Theory]
    [InlineData(0, "gradcheck")]
    [InlineData(0, "gradcheck", "--case", "circles", "--lambd", "0.7", "--keep-prob", "0.8")]
    [InlineData(1, "gradcheck", "--bug", "course")]
    [InlineData(1, "gradcheck", "--case", "circles", "--bug", "dropout-rescale", "--keep-prob", "0.8")]
    [InlineData(2, "gradcheck", "--bug", "nope")]
    [InlineData(2, "gradcheck", "--case", "moons")]
    [InlineData(2, "gradcheck", "--epsilon", "abc")]
    [InlineData(2, "gradcheck", "--case", "circles", "--subset", "100000")]
    [InlineData(2, "gradcheck", "--bug", "l2-forgotten")]
    [InlineData(2, "gradcheck", "--case", "course", "--layers", "4,6,3,1")]
    public void Exit_code_says_pass_mistake_or_bad_input(int expected, params string[] args)
    {
        var (code, output) = Run(args);
        Assert.True(expected == code, $"exit {code}, expected {expected}; output:\n{output}");
        if (expected == 2) Assert.Contains("error:", output);
    }

    [Theory]
    [InlineData("--keep-prob must be in (0, 1]; got 1.5", "gradcheck", "--case", "circles", "--keep-prob", "1.5")]
    [InlineData("--subset must be between 1 and the number of parameters", "gradcheck", "--case", "circles", "--subset", "100000")]
    [InlineData("--layers must end in 1", "gradcheck", "--case", "circles", "--layers", "2,4,3,2")]
    public void Library_errors_come_out_in_the_commands_flags(string expected, params string[] args)
    {
        // The library names its properties (KeepProb, Subset, Layers); the command line maps them to the flags.
        var (code, output) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains($"error: {expected}", output);
        Assert.DoesNotContain("Parameter '", output);
        Assert.DoesNotContain("Actual value", output);
    }

    [Fact]
    public void Json_gives_the_course_comparison_at_the_top_and_the_others_under_comparisons()
    {
        var (code, output) = Run("gradcheck", "--bug", "course", "--json");
        Assert.Equal(1, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("difference").GetDouble(), 0.28, 0.29);
        Assert.False(root.GetProperty("passed").GetBoolean());
        var wrong = root.GetProperty("tensors").EnumerateArray().Where(t => !t.GetProperty("passed").GetBoolean())
            .Select(t => t.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["b1", "W2"], wrong);
        var names = root.GetProperty("comparisons").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray();
        Assert.Equal(["scratch vs numeric", "scratch vs autograd", "autograd vs numeric"], names);
        foreach (var c in root.GetProperty("comparisons").EnumerateArray())
        {
            Assert.True(c.GetProperty("worst").GetArrayLength() > 0);
            Assert.True(c.GetProperty("tensors").GetArrayLength() == 6);
        }
    }
}
