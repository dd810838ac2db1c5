namespace TorchPractice.Cli;

static class Help
{
    public static string Overview(IEnumerable<ICommand> commands) =>
        "usage: torchpractice COMMAND [options]   (torchpractice help COMMAND for its options)\n\ncommands:\n" +
        string.Join("\n", commands.Select(c => $"  {c.Name,-10} {c.Summary}")) +
        "\n\nevery command takes --device cpu|cuda|auto (default cpu) and --json (machine-readable output on stdout).\n" +
        "torchpractice --version prints the version; @FILE reads more arguments from FILE (one or more per line);\n" +
        "torchpractice \"[suggest:9]\" \"train --l\" lists the completions at position 9 (System.CommandLine's directive, dotnet-suggest's protocol).";
}
