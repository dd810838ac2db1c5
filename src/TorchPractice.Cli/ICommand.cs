using System.CommandLine;

namespace TorchPractice.Cli;

/// <summary>One `torchpractice` sub-command: its options, declared once as System.CommandLine options, and its run.</summary>
public interface ICommand
{
    /// <summary>The word after `torchpractice`.</summary>
    string Name { get; }
    /// <summary>One line for the command list and the top of its help.</summary>
    string Summary { get; }
    /// <summary>What help prints after the options: how they combine, files, exit codes (empty when nothing).</summary>
    string Notes { get; }
    /// <summary>Every option the command takes, in the order help lists them; parsing, completion and help all come from these.</summary>
    IReadOnlyList<Option> Options { get; }
    /// <summary>Runs the command on a parse without errors (<see cref="CommandTree"/> reports those); returns the exit code.</summary>
    int Run(ParseResult parse);
}
