using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text;
using TorchPractice.Models;

namespace TorchPractice.Cli;

/// <summary>
/// Help text, rendered from the commands' option declarations (name, value, description, default): the list of
/// commands, and `torchpractice help COMMAND` / `COMMAND --help` / `-h`. Our own layout, not System.CommandLine's page,
/// so that it starts with the usage line and lists the default beside each option.
/// </summary>
static class Help
{
    const int Width = 110, MaxLabel = 34;

    public static string Overview(IEnumerable<ICommand> commands) =>
        "usage: torchpractice COMMAND [options]   (torchpractice help COMMAND for its options)\n\ncommands:\n" +
        string.Join("\n", commands.Select(c => $"  {c.Name,-10} {c.Summary}")) +
        "\n\nevery command takes --device cpu|cuda|auto (default cpu) and --json (machine-readable output on stdout).\n" +
        "torchpractice --version prints the version; @FILE reads more arguments from FILE (one or more per line);\n" +
        "torchpractice \"[suggest:9]\" \"train --l\" lists the completions at position 9 (System.CommandLine's directive, dotnet-suggest's protocol).";

    /// <summary>A command's help: usage, summary, one row per option (value, description, default), then its notes.</summary>
    public static string Command(ICommand command)
    {
        var rows = command.Options.Select(o => (Label: Label(o), Text: Describe(o)))
            .Append((Label: "-h, --help", Text: "show this help")).ToList();
        int column = Math.Min(MaxLabel, rows.Max(r => r.Label.Length)) + 4;
        var text = new StringBuilder($"usage: torchpractice {command.Name} [options]\n\n{command.Summary}\n\noptions:\n");
        foreach (var (label, description) in rows)
        {
            var lines = Wrap(description, Width - column);
            if (label.Length + 4 > column) { text.Append("  ").Append(label).Append('\n'); text.Append(' ', column).Append(lines[0]).Append('\n'); }
            else text.Append("  ").Append(label.PadRight(column - 2)).Append(lines[0]).Append('\n');
            foreach (var more in lines.Skip(1)) text.Append(' ', column).Append(more).Append('\n');
        }
        if (command.Notes.Length > 0) text.Append('\n').Append(command.Notes.TrimEnd()).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>"--lambd L", or "--json" for a switch.</summary>
    public static string Label(Option o) => o.ValueType == typeof(bool) ? o.Name : $"{o.Name} {o.HelpName ?? "VALUE"}";

    /// <summary>The option's description with its default: "L2 strength λ (default: 0)".</summary>
    public static string Describe(Option o) => DefaultText(o) is { } d ? $"{o.Description} (default: {d})" : o.Description ?? "";

    /// <summary>The default as typed on the command line (cpu, 2,10,5,1, 1e-07); null for a switch or no default.</summary>
    public static string? DefaultText(Option o)
    {
        if (!o.HasDefaultValue || o.ValueType == typeof(bool)) return null;
        return Format(o.GetDefaultValue());

        static string? Format(object? v) => v switch
        {
            null => null,
            string s => s,
            Activation a => a.Name(),
            Enum e => e.ToString().ToLowerInvariant(),
            double d => d.ToString("G", CultureInfo.InvariantCulture).ToLowerInvariant(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable items => string.Join(",", items.Cast<object>().Select(Format)),
            _ => v.ToString(),
        };
    }

    static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line.ToString()); line.Clear(); }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
        return lines;
    }
}
