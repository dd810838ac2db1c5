using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TorchPractice.Cli;

/// <summary>
/// Typed System.CommandLine options with this tool's contract: a bad value is one message naming the flag
/// ("--iterations expects an integer; got 'ten'", "--reps must be ≥ 1; got 0"), never System.CommandLine's own text.
/// Each value is parsed and checked by the option's <see cref="Option{T}.CustomParser"/>, so a parse error is the one
/// line the command prints; the default comes from <see cref="Option{T}.DefaultValueFactory"/> and help lists it.
/// </summary>
public static class Declare
{
    /// <summary>A switch: `--name` alone (or `--name=true|false`); any other value is an error naming the flag.</summary>
    public static Option<bool> Switch(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return true;
            switch (r.Tokens[0].Value)
            {
                case "true": return true;
                case "false": return false;
                default: r.AddError($"{name} is a switch; got '{r.Tokens[0].Value}'"); return false;
            }
        },
    };

    /// <summary>
    /// An option taking one value: <paramref name="parse"/> turns the text into <typeparamref name="T"/> (a
    /// FormatException, OverflowException or ArgumentException is "--name expects <paramref name="expected"/>; got 'text'"),
    /// then <paramref name="check"/> may refuse it with a message of its own (its range: "--reps must be ≥ 1; got 0").
    /// </summary>
    public static Option<T> Value<T>(string name, string helpName, string description, T defaultValue, Func<string, T> parse, string expected,
        Func<T, string?>? check = null)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
        };
        option.CustomParser = r =>
        {
            if (r.Tokens.Count == 0) { r.AddError($"option {name} needs a value"); return defaultValue; }
            string text = r.Tokens[0].Value;
            // System.CommandLine takes the next word as the value even when it is an option ("--lr --json"):
            // the option has no value, as the user sees it.
            if (text.StartsWith("--", StringComparison.Ordinal) && text.Length > 2) { r.AddError($"option {name} needs a value"); return defaultValue; }
            T value;
            try { value = parse(text); }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                r.AddError($"{name} expects {expected}; got '{text}'");
                return defaultValue;
            }
            if (check?.Invoke(value) is { } error) { r.AddError(error); return defaultValue; }
            return value;
        };
        return option;
    }

    /// <summary>Text (a path, a data set's name), null when not given unless <paramref name="defaultValue"/> is.</summary>
    public static Option<string?> Text(string name, string helpName, string description, string? defaultValue = null) =>
        Value(name, helpName, description, defaultValue, s => s, "a value");

    /// <summary>An integer, with an optional range check.</summary>
    public static Option<int> Int(string name, string helpName, string description, int defaultValue, Func<int, string?>? check = null) =>
        Value(name, helpName, description, defaultValue, ParseInt, "an integer", check);

    /// <summary>An integer that is null when not given (its default depends on other options).</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, Func<int, string?>? check = null) =>
        Value<int?>(name, helpName, description, null, s => ParseInt(s), "an integer", check is null ? null : v => check(v!.Value));

    /// <summary>A number (invariant culture: 0.7, 1e-7), with an optional range check.</summary>
    public static Option<double> Number(string name, string helpName, string description, double defaultValue, Func<double, string?>? check = null) =>
        Value(name, helpName, description, defaultValue, ParseDouble, "a number", check);

    /// <summary>A number that is null when not given.</summary>
    public static Option<double?> OptionalNumber(string name, string helpName, string description, Func<double, string?>? check = null) =>
        Value<double?>(name, helpName, description, null, s => ParseDouble(s), "a number", check is null ? null : v => check(v!.Value));

    /// <summary>`--layers 2,20,3,1`: a comma-separated list of integers, null when not given (the layers' shape is the model's check).</summary>
    public static Option<int[]?> IntList(string name, string helpName, string description) =>
        Value<int[]?>(name, helpName, description, null, s => s.Split(',').Select(p => ParseInt(p.Trim())).ToArray(),
            "a comma-separated list of integers such as 2,10,5,1");

    /// <summary>
    /// One of a fixed list of names (compared without case), e.g. `--impl scratch|autograd`; completion offers the names,
    /// help shows them. Anything else is "--name expects a, b or c; got 'x'".
    /// </summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, IReadOnlyList<(string Name, T Value)> choices)
    {
        var names = choices.Select(c => c.Name).ToArray();
        var option = Value(name, string.Join('|', names), description, defaultValue,
            s => choices.FirstOrDefault(c => string.Equals(c.Name, s, StringComparison.OrdinalIgnoreCase)) is { Name: not null } c
                ? c.Value : throw new FormatException(s),
            Expected(names));
        option.CompletionSources.Clear(); // an enum's own would offer its member names (He), not ours (he)
        option.CompletionSources.Add(names);
        return option;
    }

    /// <summary>Whether the command line gave <paramref name="option"/> (not its default).</summary>
    public static bool IsGiven(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>
    /// The value given on the command line, or null when the option was not given: System.CommandLine hands out an
    /// empty array, not the default factory's null, for an array option that is absent.
    /// </summary>
    public static T? GivenValue<T>(ParseResult parse, Option<T> option) where T : class? => IsGiven(parse, option) ? parse.GetValue(option) : null;

    /// <summary>"a, b or c".</summary>
    public static string Expected(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
