namespace TorchPractice.Cli;

static class Help
{
    public static string Overview(IEnumerable<ICommand> commands) =>
        "usage: torchpractice COMMAND [options]   (torchpractice help COMMAND for its options)\n\ncommands:\n" +
        string.Join("\n", commands.Select(c => $"  {c.Name,-10} {c.Summary}")) +
        "\n\nevery command takes --device cpu|cuda|auto (default cpu) and --json (machine-readable output on stdout).\n" +
        "torchpractice --version prints the version; @FILE reads more arguments from FILE (one or more per line);\n" +
        "torchpractice [suggest] \"train --l\" lists completions (System.CommandLine's directive, used by dotnet-suggest).";
}
