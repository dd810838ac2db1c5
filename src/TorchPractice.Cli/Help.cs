namespace TorchPractice.Cli;

static class Help
{
    public static string Overview(IEnumerable<ICommand> commands) =>
        "usage: torchpractice COMMAND [options]   (torchpractice help COMMAND for its options)\n\ncommands:\n" +
        string.Join("\n", commands.Select(c => $"  {c.Name,-10} {c.Summary}")) +
        "\n\nevery command takes --device cpu|cuda|auto (default cpu) and --json (machine-readable output on stdout).";
}
