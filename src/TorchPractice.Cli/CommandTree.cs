using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text.RegularExpressions;
using TorchPractice.Cli.Commands;
using TorchPractice.Runtime;

namespace TorchPractice.Cli;

/// <summary>
/// The command line on System.CommandLine: the command tree (for dispatch, typo suggestions, `--version`,
/// `[suggest]` completion and `@file` response files), with README's contract kept: bad input is one line on stderr
/// and exit 2 (System.CommandLine's own error pages and help dumps are never shown). A command's options are read
/// by <see cref="CommandLine"/> from the tokens System.CommandLine hands over (response files already expanded), so
/// every message tests pin ("unknown option", "needs a value", value limits) stays the command's own.
/// </summary>
public static partial class CommandTree
{
    /// <summary>Every `torchpractice` command, in the order help lists them.</summary>
    public static ICommand[] Commands() =>
        [new CompareCommand(), new TrainCommand(), new PredictCommand(), new GradCheckCommand(), new BenchCommand(), new InfoCommand()];

    /// <summary>
    /// Parses <paramref name="args"/> and answers help, version, completion and bad input itself; a command's run is
    /// handed to <paramref name="runCommand"/> with the tokens after the command's name. Returns the exit code.
    /// </summary>
    public static int Run(IReadOnlyList<ICommand> commands, string[] args, Func<ICommand, IReadOnlyList<string>, int> runCommand)
    {
        if (args.Length == 0) { Console.WriteLine(Help.Overview(commands)); return ExitCodes.BadInput; }
        var root = Build(commands, out var version);
        var result = root.Parse(args);

        // [suggest:N] "partial command line": System.CommandLine's completion directive (what dotnet-suggest calls).
        if (result.Tokens.Any(t => t.Type == TokenType.Directive))
            return result.Invoke(new InvocationConfiguration { Output = Console.Out, Error = Console.Error });

        // A response file that cannot be read, or extra words after `help COMMAND`: System.CommandLine's own
        // message, on one line. A command's own options are left to the command (its messages are the contract).
        bool responseFile = args.Any(a => a.StartsWith('@'));
        if (result.Errors.Count > 0 && (result.Tokens.Count == 0 || result.CommandResult.Command.Name == "help" ||
                                        (responseFile && result.CommandResult.Command is not RootCommand)))
            return Fail(result.Errors[0].Message.ReplaceLineEndings(" "));

        var tokens = result.Tokens.Select(t => t.Value).ToList();
        int at = result.Tokens.ToList().FindIndex(t => t.Type == TokenType.Command);
        if (at < 0)
        {
            if (tokens.Count == 0) { Console.WriteLine(Help.Overview(commands)); return ExitCodes.BadInput; }
            if (tokens[0] is "--help" or "-h") { Console.WriteLine(Help.Overview(commands)); return 0; }
            if (result.GetValue(version) && tokens.Count == 1) { Console.WriteLine(VersionText()); return 0; }
            string first = tokens.First(t => t is not "--version");
            if (first.StartsWith('-'))
                return Fail($"unknown option {first} (options follow a command; see 'torchpractice help')");
            return Fail(UnknownCommand(first, commands));
        }

        string name = tokens[at];
        // The command reads its own options: from the command line as typed (System.CommandLine splits `--x=y` of
        // the options it knows, and a switch's `--json=true` must stay one word), or from System.CommandLine's
        // tokens where a response file was expanded into them.
        var rest = responseFile ? tokens.Skip(at + 1).ToList() : args.Skip(Array.IndexOf(args, name) + 1).ToList();
        if (name == "help")
        {
            if (rest.Count == 0) { Console.WriteLine(Help.Overview(commands)); return 0; }
            var topic = commands.FirstOrDefault(c => c.Name == rest[0]);
            if (topic is null) return Fail(UnknownCommand(rest[0], commands));
            Console.WriteLine(topic.Usage);
            return 0;
        }
        var command = commands.First(c => c.Name == name);
        if (rest.Any(a => a is "--help" or "-h")) { Console.WriteLine(command.Usage); return 0; }
        return runCommand(command, rest);
    }

    /// <summary>`torchpractice --version`: the tool's version and the libtorch backend it carries.</summary>
    public static string VersionText()
    {
        var cli = typeof(CommandTree).Assembly;
        string v = cli.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? cli.GetName().Version?.ToString() ?? "unknown";
        return $"torchpractice {v} ({BuildInfo.TorchBackend} backend)";
    }

    /// <summary>The option names a command accepts, as its usage text lists them (switches take no value).</summary>
    public static IReadOnlyList<string> OptionNames(ICommand command) =>
        OptionPattern().Matches(command.Usage).Select(m => m.Groups[1].Value).Distinct().ToList();

    static RootCommand Build(IReadOnlyList<ICommand> commands, out Option<bool> version)
    {
        var root = new RootCommand("torchpractice: a binary classifier built from scratch and with autograd on TorchSharp");
        // Our own help and version: System.CommandLine's would print multi-line pages of their own.
        foreach (var o in root.Options.Where(o => o is HelpOption or VersionOption).ToList()) root.Options.Remove(o);
        root.Options.Add(new Option<bool>("--help", "-h") { Description = "show help", Recursive = true });
        root.Options.Add(version = new Option<bool>("--version") { Description = "show the version" });

        var help = new Command("help", "show a command's options");
        help.Arguments.Add(new Argument<string>("command") { Arity = ArgumentArity.ZeroOrOne, CompletionSources = { commands.Select(c => c.Name).ToArray() } });
        root.Subcommands.Add(help);
        foreach (var c in commands)
        {
            var sub = new Command(c.Name, c.Summary) { TreatUnmatchedTokensAsErrors = false };
            foreach (var n in OptionNames(c))
            {
                if (n is "help") continue;
                sub.Options.Add(c.Switches.Contains(n)
                    ? new Option<bool>("--" + n) { Arity = ArgumentArity.ZeroOrOne }
                    : new Option<string>("--" + n) { Arity = ArgumentArity.ZeroOrOne });
            }
            root.Subcommands.Add(sub);
        }
        return root;
    }

    static string UnknownCommand(string typed, IReadOnlyList<ICommand> commands)
    {
        var names = commands.Select(c => c.Name).ToList();
        string? near = Suggestions.Closest(typed, [.. names, "help"]);
        return $"unknown command '{typed}'" + (near is null ? "" : $" (did you mean '{near}'?)") + $" (commands: {string.Join(", ", names)})";
    }

    /// <summary>Bad input: one line on stderr, exit 2.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine($"torchpractice: error: {message}");
        return ExitCodes.BadInput;
    }

    [GeneratedRegex(@"(?<![\w-])--([a-z][a-z0-9-]*)")]
    private static partial Regex OptionPattern();
}
