using System.Text.RegularExpressions;
using TorchPractice.Cli;

namespace TorchPractice.Tests.Cli;

/// <summary>
/// The command line on System.CommandLine (issue #24): typo suggestions, --version, help on every command,
/// [suggest] completion, @file response files, one-line errors with exit 2, and README's example command lines.
/// </summary>
public sealed class CommandTreeTests
{
    static readonly string[] CommandNames = CommandTree.Commands().Select(c => c.Name).ToArray();

    public static TheoryData<string> Names() => [.. CommandNames];


    [Fact]
    public void A_misspelt_option_is_answered_with_the_nearest_option()
    {
        Assert.Equal("torchpractice: error: train: unknown option --lamdb (did you mean --lambd? see 'torchpractice help train')",
            CliRun.OneLineError("train", "--lamdb", "0.7"));
    }

    [Fact]
    public void A_misspelt_command_is_answered_with_the_nearest_command()
    {
        Assert.Equal("torchpractice: error: unknown command 'trian' (did you mean 'train'?) (commands: compare, train, predict, gradcheck, bench, info)",
            CliRun.OneLineError("trian"));
    }

    [Fact]
    public void A_name_far_from_every_option_gets_no_suggestion()
    {
        Assert.Equal("torchpractice: error: train: unknown option --bogus (see 'torchpractice help train')", CliRun.OneLineError("train", "--bogus"));
    }

    [Fact]
    public void Version_prints_the_package_version_and_backend()
    {
        var (code, stdout, stderr) = CliRun.Run("--version");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        // The package version is the project's <Version> (0.1.0); the build may append +COMMIT.
        Assert.Matches(new Regex(@"^torchpractice 0\.1\.0(\+[0-9a-f]+)? \((cpu|cuda) backend\)$"), stdout.Trim());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_command_has_help_three_ways(string command)
    {
        foreach (string[] args in new[] { new[] { "help", command }, [command, "--help"], [command, "-h"] })
        {
            var (code, stdout, stderr) = CliRun.Run(args);
            Assert.Equal(0, code);
            Assert.Equal("", stderr);
            Assert.StartsWith($"usage: torchpractice {command}", stdout);
        }
    }

    [Fact]
    public void The_suggest_directive_completes_a_partial_option()
    {
        var (code, stdout, _) = CliRun.Run("[suggest:9]", "train --l");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("--lambd", lines);
        Assert.Contains("--layers", lines);
        Assert.Contains("--lr", lines);
        Assert.All(lines, l => Assert.StartsWith("--l", l));
    }

    [Fact]
    public void The_suggest_directive_completes_a_partial_command()
    {
        var (code, stdout, _) = CliRun.Run("[suggest:2]", "gr");
        Assert.Equal(0, code);
        Assert.Equal(["gradcheck"], stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void A_response_file_supplies_arguments()
    {
        string file = Path.Combine(Path.GetTempPath(), $"tp-rsp-{Guid.NewGuid():N}.rsp");
        File.WriteAllText(file, "--seed\n7\n--lamdb 0.7\n");
        try
        {
            // The file's options reach the command: its misspelt --lamdb is reported, its --seed 7 is accepted.
            Assert.Equal("torchpractice: error: train: unknown option --lamdb (did you mean --lambd? see 'torchpractice help train')",
                CliRun.OneLineError("train", "@" + file));
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [InlineData("unknown command 'trian'", "trian")]
    [InlineData("train: unknown option --lamdb", "train", "--lamdb", "0.7")]
    [InlineData("unknown option --json", "--json")]
    [InlineData("train: option --lr needs a value", "train", "--lr")]
    [InlineData("train: --seed expects a whole number in [0, 2**32 − 1]", "train", "--seed", "4294967296")]
    [InlineData("train: --seed expects", "train", "--seed", "abc")]
    [InlineData("info: --device expects cpu, cuda or auto; got 'tpu'", "info", "--device", "tpu")]
    [InlineData("train: --float32 is a switch", "train", "--float32=yes")]
    [InlineData("unknown command 'bogus'", "help", "bogus")]
    [InlineData("Unrecognized command or argument 'extra'", "help", "train", "extra")]
    [InlineData("Error reading response file", "train", "@/nonexistent/torchpractice.rsp")]
    [InlineData("train: option --seed given twice", "train", "--seed", "1", "--seed", "2")]
    public void Bad_input_is_one_line_and_exit_2(string expected, params string[] args)
    {
        Assert.Contains(expected, CliRun.OneLineError(args));
    }

    /// <summary>README's example command lines (fenced `dotnet run --project src/TorchPractice.Cli … -- ARGS` and inline `torchpractice ARGS`).</summary>
    public static TheoryData<string> ReadmeExamples()
    {
        string readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        var examples = new TheoryData<string>();
        foreach (Match m in Regex.Matches(readme, @"dotnet run --project src/TorchPractice\.Cli[^\n]*? -- ([^#\n`]+)"))
            if (!m.Groups[1].Value.StartsWith("COMMAND", StringComparison.Ordinal)) examples.Add(m.Groups[1].Value.Trim());
        foreach (Match m in Regex.Matches(readme, @"(?<![\w/])torchpractice ((?:" + string.Join("|", CommandNames) + @")\b[^`#\n,]*)"))
            examples.Add(m.Groups[1].Value.Trim());
        return examples;
    }

    [Theory]
    [MemberData(nameof(ReadmeExamples))]
    public void Every_README_example_parses(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToArray();
        ICommand? ran = null;
        // Parse only: the command's run is replaced by capturing it (a parse error would be on stderr, exit 2).
        int code = CommandTree.Run(CommandTree.Commands(), args, (c, parse) => { ran = c; Assert.Empty(parse.Errors); return 0; });
        Assert.True(code == 0, $"'{commandLine}' does not parse (exit {code})");
        Assert.NotNull(ran);
        var known = ran.Options.Select(o => o.Name).ToList();
        foreach (var option in args.Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            Assert.Contains(option.Split('=')[0], known);
    }

    [Fact]
    public void README_examples_are_found()
    {
        // The extraction must see README's examples (train, gradcheck, compare) or the parse test checks nothing.
        Assert.Contains(ReadmeExamples(), e => e.Data.StartsWith("gradcheck --bug", StringComparison.Ordinal));
        Assert.True(ReadmeExamples().Count >= 5);
    }

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "README.md"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("README.md not found above the test assembly");
    }
}
