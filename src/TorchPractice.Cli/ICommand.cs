namespace TorchPractice.Cli;

/// <summary>One `torchpractice` sub-command.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    /// <summary>Usage lines shown by `torchpractice help NAME`.</summary>
    string Usage { get; }
    /// <summary>Option names that take no value.</summary>
    IReadOnlySet<string> Switches { get; }
    /// <summary>Runs the command; returns the exit code.</summary>
    int Run(CommandLine options);
}
