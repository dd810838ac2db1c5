using System.Text.RegularExpressions;
using TorchPractice.Cli;

namespace TorchPractice.Tests.Cli;

/// <summary>
/// Every command's options as declared (typed System.CommandLine options, issue #24): a misspelt option gets the
/// nearest name, a bad or mistyped value is one line naming the flag with exit 2, and help lists each option with its
/// description and default. All of these stop at parsing, before any work.
/// </summary>
public sealed class CommandOptionsTests
{
    /// <summary>The one stderr line of a refused command line (nothing on stdout, exit 2), without "torchpractice: error: ".</summary>
    static string Refused(params string[] args) => CliRun.OneLineError(args)["torchpractice: error: ".Length..];

    /// <summary>Each command with each of its options.</summary>
    public static TheoryData<string, string> EveryOption()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in CommandTree.Commands())
            foreach (var o in c.Options) data.Add(c.Name, o.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void A_misspelt_option_gets_its_name_suggested(string command, string option)
    {
        // Two neighbouring letters swapped (the commonest slip): "--lambd" typed as "--lamdb".
        string name = option[2..];
        int at = name.Length - 2;
        string typo = name[..at] + name[at + 1] + name[at];
        if (typo == name) typo = name + name[^1]; // "--seed": a doubled letter instead
        Assert.Equal($"{command}: unknown option --{typo} (did you mean {option}? see 'torchpractice help {command}')",
            Refused(command, "--" + typo));
    }

    [Theory]
    [InlineData("compare: --studies expects a comma-separated list of init, reg, gradcheck, depth, optimization; got 'init,bogus'", "compare", "--studies", "init,bogus")]
    [InlineData("compare: --device expects cpu, cuda or auto; got 'gpu'", "compare", "--device", "gpu")]
    [InlineData("train: --dev-fraction expects a share of the training data in [0, 1) (0.2 for 20 %; 0: no dev set); got 1", "train", "--dev-fraction", "1")]
    [InlineData("train: --init expects zeros, random, he, lecun, xavier or uniform; got 'glorot'", "train", "--init", "glorot")]
    [InlineData("train: --impl expects scratch or autograd; got 'numpy'", "train", "--impl", "numpy")]
    [InlineData("train: --rng expects numpy or torch; got 'mt'", "train", "--rng", "mt")]
    [InlineData("train: --seed expects a whole number in [0, 2**32 − 1] (NumPy's seeds: 0 to 4294967295); got '-1'", "train", "--seed", "-1")]
    [InlineData("predict: --impl expects scratch or autograd; got 'both'", "predict", "--impl", "both")]
    [InlineData("gradcheck: --epsilon must be in (0, 0.01] (a small step; the course uses 1e-7); got 0.5", "gradcheck", "--epsilon", "0.5")]
    [InlineData("gradcheck: --threshold must be a finite number > 0; got 0", "gradcheck", "--threshold", "0")]
    [InlineData("gradcheck: --subset must be ≥ 1; got 0", "gradcheck", "--subset", "0")]
    [InlineData("gradcheck: --case expects course, fraud or circles; got 'moons'", "gradcheck", "--case", "moons")]
    [InlineData("gradcheck: --seed expects a whole number in [0, 2**31 − 1] (0 to 2147483647); got '2147483648'", "gradcheck", "--seed", "2147483648")]
    [InlineData("bench: --reps must be ≥ 1; got 0", "bench", "--reps", "0")]
    [InlineData("bench: --device expects cpu or cuda; got 'auto'", "bench", "--device", "auto")]
    [InlineData("info: --device expects cpu, cuda or auto; got 'tpu'", "info", "--device", "tpu")]
    public void A_bad_value_is_one_line_naming_the_flag(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Theory]
    [InlineData("train: --iterations expects an integer; got 'ten'", "train", "--iterations", "ten")]
    [InlineData("train: --lr expects a number; got 'fast'", "train", "--lr", "fast")]
    [InlineData("train: --lambd expects a number; got '0,7'", "train", "--lambd", "0,7")]
    [InlineData("train: --layers expects a comma-separated list of integers such as 2,10,5,1; got '2;5;1'", "train", "--layers", "2;5;1")]
    [InlineData("compare: --baseline-error expects a number; got 'low'", "compare", "--baseline-error", "low")]
    [InlineData("gradcheck: --samples expects an integer; got '1.5'", "gradcheck", "--samples", "1.5")]
    [InlineData("bench: --threads expects an integer; got 'all'", "bench", "--threads", "all")]
    [InlineData("train: --float32 is a switch; got 'yes'", "train", "--float32=yes")]
    [InlineData("train: --standardize is a switch; got 'extra'", "train", "--standardize", "extra")]
    public void A_value_of_the_wrong_type_is_one_line_naming_the_flag(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Theory]
    [InlineData("train: option --data needs a value", "train", "--data", "--json")] // the next option is not a value
    [InlineData("train: option --lr needs a value", "train", "--lr", "--seed", "1")]
    [InlineData("compare: option --json given twice", "compare", "--json", "--json")]
    [InlineData("predict: unexpected argument 'model.json' (options start with --; see 'torchpractice help predict')", "predict", "model.json")]
    public void A_missing_repeated_or_stray_value_is_one_line(string expected, params string[] args) => Assert.Equal(expected, Refused(args));

    [Fact]
    public void A_value_given_with_an_equals_sign_is_read_like_a_separate_one()
    {
        // Both spellings reach the option's parser, so both are refused the same way.
        Assert.Equal(Refused("train", "--iterations", "ten"), Refused("train", "--iterations=ten"));
        Assert.Equal("train: unknown option --lamdb (did you mean --lambd? see 'torchpractice help train')", Refused("train", "--lamdb=0.7"));
    }

    [Fact]
    public void An_equals_sign_in_a_response_file_splits_every_option()
    {
        string file = Path.Combine(Path.GetTempPath(), $"tp-rsp-{Guid.NewGuid():N}.rsp");
        File.WriteAllText(file, "--seed=7 --iterations=ten\n");
        try { Assert.Equal("train: --iterations expects an integer; got 'ten'", Refused("train", "@" + file)); }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Version_before_a_command_prints_the_version_and_runs_nothing()
    {
        var (code, stdout, stderr) = CliRun.Run("--version", "train", "--iterations", "ten");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.StartsWith("torchpractice 0.1.0", stdout);
    }

    [Fact]
    public void Completion_offers_a_choice_options_values()
    {
        var (code, stdout, _) = CliRun.Run("[suggest:13]", "train --init ");
        Assert.Equal(0, code);
        Assert.Equal(["he", "lecun", "random", "uniform", "xavier", "zeros"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> Commands() => [.. CommandTree.Commands().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_lists_each_option_with_its_description(string command)
    {
        var (code, stdout, _) = CliRun.Run("help", command);
        Assert.Equal(0, code);
        string help = Flat(stdout);
        foreach (var o in CommandTree.Commands().Single(c => c.Name == command).Options)
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{command} {o.Name} has no description");
            string label = o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName}";
            Assert.Contains($" {label} {Flat(o.Description!)}", help);
        }
        Assert.Contains("-h, --help show this help", help);
    }

    [Theory]
    [InlineData("train", "--iterations N", "(default: 15000)")]
    [InlineData("train", "--lr RATE", "(default: 0.01)")]
    [InlineData("train", "--init zeros|random|he|lecun|xavier|uniform", "(default: he)")]
    [InlineData("train", "--data circles|football|fraud|moons|PATH.csv|PATH.mat", "(default: circles)")]
    [InlineData("train", "--device cpu|cuda|auto", "(default: cpu)")]
    [InlineData("train", "--impl scratch|autograd", "(default: scratch)")]
    [InlineData("train", "--seed S", "(default: 3)")]
    [InlineData("gradcheck", "--epsilon E", "(default: 1e-07)")]
    [InlineData("gradcheck", "--seed S", "(default: 1)")]
    [InlineData("compare", "--studies init,reg,gradcheck,depth,optimization", "(default: init,reg,gradcheck,depth)")]
    [InlineData("compare", "--dev-fraction F", "(default: 0.2)")]
    [InlineData("bench", "--reps N", "(default: 3)")]
    public void Help_shows_each_default(string command, string label, string defaultText)
    {
        var (_, stdout, _) = CliRun.Run(command, "--help");
        // The option's row: its line and the indented lines that continue its description.
        var lines = stdout.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith($"  {label} ", StringComparison.Ordinal) || l.TrimEnd() == $"  {label}");
        Assert.True(at >= 0, $"no row for {label}");
        var row = lines.Skip(at + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Prepend(lines[at]);
        Assert.Contains(defaultText, Flat(string.Join(" ", row)));
    }

    /// <summary>Text with every run of whitespace (help's wrapping and indenting) as one space.</summary>
    static string Flat(string text) => Regex.Replace(text, @"\s+", " ");
}
