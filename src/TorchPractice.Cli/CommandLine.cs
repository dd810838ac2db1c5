using System.Globalization;

namespace TorchPractice.Cli;

/// <summary>Bad command-line input: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The options after the command name: `--name value` pairs and `--flag` switches. Each command
/// declares what it accepts; anything else is an error, so a typo never silently falls back to a default.
/// An option without a value is reported when the command reads it ("needs a value"), so that an unknown flag is
/// reported as unknown (by <see cref="RejectUnknown"/>), not as a known option missing its value.
/// </summary>
public sealed class CommandLine
{
    readonly Dictionary<string, string?> _given = new(StringComparer.Ordinal);
    readonly HashSet<string> _read = new(StringComparer.Ordinal);
    readonly HashSet<string> _withoutValue = new(StringComparer.Ordinal);
    readonly string _command;

    public CommandLine(string command, IReadOnlyList<string> args, IReadOnlySet<string> switches)
    {
        _command = command;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new UsageException($"{command}: unexpected argument '{a}' (options start with --; see 'torchpractice help {command}')");
            string name = a[2..];
            string? value = null;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (!switches.Contains(name))
            {
                if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && args[i + 1].Length > 2))
                    _withoutValue.Add(name); // "needs a value" if the command reads it; "unknown option" if it does not
                else value = args[++i];
            }
            if (!_given.TryAdd(name, value)) throw new UsageException($"{command}: option --{name} given twice");
        }
    }

    public bool Has(string name) { _read.Add(name); return _given.ContainsKey(name); }

    public bool Flag(string name)
    {
        if (!Has(name)) return false;
        return _given[name] switch
        {
            null or "true" => true,
            "false" => false,
            var v => throw new UsageException($"{_command}: --{name} is a switch; got '{v}'"),
        };
    }

    public string? String(string name)
    {
        if (!Has(name)) return null;
        if (_withoutValue.Contains(name)) throw new UsageException($"{_command}: option --{name} needs a value");
        return _given[name];
    }
    public string String(string name, string fallback) => String(name) ?? fallback;

    public T Parse<T>(string name, T fallback, Func<string, T> parse, string expected)
    {
        var s = String(name);
        if (s is null) return fallback;
        try { return parse(s); }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        { throw new UsageException($"{_command}: --{name} expects {expected}; got '{s}'"); }
    }

    public int Int(string name, int fallback) =>
        Parse(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    public double Double(string name, double fallback) =>
        Parse(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    public int[] IntList(string name, int[] fallback) =>
        Parse(name, fallback, s => s.Split(',').Select(p => int.Parse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray(),
              "a comma-separated list of integers such as 2,10,5,1");

    /// <summary>Call after reading every option: anything given but never read is unknown.</summary>
    public void RejectUnknown()
    {
        var unknown = _given.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            // The options the command read are exactly the ones it knows: the nearest is the likely meant one.
            string? near = Suggestions.Closest(unknown[0], _read);
            string hint = near is null ? "" : $"did you mean --{near}? ";
            throw new UsageException($"{_command}: unknown option --{unknown[0]} ({hint}see 'torchpractice help {_command}')");
        }
    }
}
