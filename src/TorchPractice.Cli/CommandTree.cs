using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using TorchPractice.Cli.Commands;
using TorchPractice.Runtime;

namespace TorchPractice.Cli;

/// <summary>
/// The command line on System.CommandLine: each command's typed options (<see cref="ICommand.Options"/>) under one
/// root, which parses them (response files expanded, `--x=y` split), completes them (`[suggest]`), and answers help,
/// `--version` and bad input, with README's contract kept: bad input is one line on stderr naming the flag, exit 2
/// (System.CommandLine's own error pages and help dumps are never shown), and a misspelt name gets the nearest one.
/// </summary>
public static class CommandTree
{
    /// <summary>Every `torchpractice` command, in the order help lists them.</summary>
    public static ICommand[] Commands() =>
        [new CompareCommand(), new TrainCommand(), new PredictCommand(), new GradCheckCommand(), new BenchCommand(), new InfoCommand()];

    /// <summary>
    /// Parses <paramref name="args"/> and answers help, version, completion and bad input itself; a command whose
    /// options parsed is handed to <paramref name="runCommand"/> with the parse. Returns the exit code.
    /// </summary>
    public static int Run(IReadOnlyList<ICommand> commands, string[] args, Func<ICommand, ParseResult, int> runCommand)
    {
        if (args.Length == 0) { Console.WriteLine(Help.Overview(commands)); return ExitCodes.BadInput; }
        var root = Build(commands, out var version, out var help);
        var result = root.Parse(args);

        // [suggest:N] "partial command line": System.CommandLine's completion directive (what dotnet-suggest calls).
        if (result.Tokens.Any(t => t.Type == TokenType.Directive))
            return result.Invoke(new InvocationConfiguration { Output = Console.Out, Error = Console.Error });

        // A response file that cannot be read: System.CommandLine's own message, on one line.
        if (result.Errors.Count > 0 && result.Tokens.Count == 0) return Fail(OneLine(result.Errors[0].Message));

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
        // `torchpractice --version train`: the version, as `git --version status` does; the command does not run.
        if (result.GetValue(version)) { Console.WriteLine(VersionText()); return 0; }

        string name = tokens[at];
        if (name == "help")
        {
            if (result.Errors.Count > 0) return Fail(OneLine(result.Errors[0].Message)); // words after `help COMMAND`
            if (result.GetValue<string>("command") is not { } wanted) { Console.WriteLine(Help.Overview(commands)); return 0; }
            var topic = commands.FirstOrDefault(c => c.Name == wanted);
            if (topic is null) return Fail(UnknownCommand(wanted, commands));
            Console.WriteLine(Help.Command(topic));
            return 0;
        }
        var command = commands.First(c => c.Name == name);
        // Help wins over anything else on the line, as System.CommandLine's own help does.
        if (result.GetResult(help) is { Implicit: false }) { Console.WriteLine(Help.Command(command)); return 0; }
        if (FirstError(command, result) is { } error) return Fail($"{command.Name}: {error}");
        return runCommand(command, result);
    }

    /// <summary>`torchpractice --version`: the tool's version and the libtorch backend it carries.</summary>
    public static string VersionText()
    {
        var cli = typeof(CommandTree).Assembly;
        string v = cli.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? cli.GetName().Version?.ToString() ?? "unknown";
        return $"torchpractice {v} ({BuildInfo.TorchBackend} backend)";
    }

    static RootCommand Build(IReadOnlyList<ICommand> commands, out Option<bool> version, out Option<bool> help)
    {
        var root = new RootCommand("torchpractice: a binary classifier built from scratch and with autograd on TorchSharp");
        // Our own help and version: System.CommandLine's would print multi-line pages of their own.
        foreach (var o in root.Options.Where(o => o is HelpOption or VersionOption).ToList()) root.Options.Remove(o);
        root.Options.Add(help = new Option<bool>("--help", "-h") { Description = "show help", Recursive = true });
        root.Options.Add(version = new Option<bool>("--version") { Description = "show the version" });

        var helpCommand = new Command("help", "show a command's options");
        helpCommand.Arguments.Add(new Argument<string>("command") { Arity = ArgumentArity.ZeroOrOne, CompletionSources = { commands.Select(c => c.Name).ToArray() } });
        root.Subcommands.Add(helpCommand);
        foreach (var c in commands)
        {
            var sub = new Command(c.Name, c.Summary);
            foreach (var o in c.Options) sub.Options.Add(o);
            root.Subcommands.Add(sub);
        }
        return root;
    }

    /// <summary>
    /// The first thing wrong with a command's options, as one line without the command's name: an unknown option
    /// (whatever follows it), an option given twice, the options' own errors ("needs a value", and what each option's
    /// parser says: "--iterations expects an integer; got 'ten'"), then a word that is no option's value.
    /// </summary>
    static string? FirstError(ICommand command, ParseResult result)
    {
        if (result.UnmatchedTokens.FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2) is { } unknown)
        {
            string typed = unknown[2..].Split('=')[0];
            // The command's options are exactly the ones it knows: the nearest is the likely meant one.
            string? near = Suggestions.Closest(typed, command.Options.Select(o => o.Name[2..]));
            string hint = near is null ? "" : $"did you mean --{near}? ";
            return $"unknown option --{typed} ({hint}see 'torchpractice help {command.Name}')";
        }
        // System.CommandLine takes a repeated switch silently, and a repeated value as "expects a single argument".
        if (result.CommandResult.Children.OfType<OptionResult>().FirstOrDefault(o => o.IdentifierTokenCount > 1) is { } twice)
            return $"option {twice.Option.Name} given twice";
        foreach (var e in result.Errors.Where(e => e.SymbolResult is OptionResult))
            return e.SymbolResult is OptionResult { Tokens.Count: 0 } o ? $"option {o.Option.Name} needs a value" : OneLine(e.Message);
        var tokens = result.Tokens.ToList();
        foreach (var word in result.UnmatchedTokens)
        {
            // A switch's value that is not true or false (`--float32=yes`): System.CommandLine leaves it unmatched.
            int i = tokens.FindIndex(t => t.Type == TokenType.Argument && t.Value == word);
            if (i > 0 && tokens[i - 1].Type == TokenType.Option && command.Options.FirstOrDefault(o => o.Name == tokens[i - 1].Value) is { } option
                && option.ValueType == typeof(bool))
                return $"{option.Name} is a switch; got '{word}'";
            return $"unexpected argument '{word}' (options start with --; see 'torchpractice help {command.Name}')";
        }
        return result.Errors.Count > 0 ? OneLine(result.Errors[0].Message) : null;
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ");

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
}
