using System.Text.Json;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.GradientCheck;

/// <summary>
/// The battery (<see cref="GradCheckBattery"/>) against PyTorch 1.13's verdicts (Fixtures/gradcheck/battery.json, made by
/// make_battery.py), in a child process so that a case that kills the process fails this test instead of the run.
/// </summary>
public sealed class GradCheckBatteryTests
{
    static Dictionary<(string Case, string Mode), GradCheckBattery.Outcome> RunBattery()
    {
        var (code, output, err) = ChildProcess.Run("battery");
        var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("start ", StringComparison.Ordinal));
        Assert.True(code == 0, $"the battery's process ended with {code} during '{last}'; stderr tail:\n{string.Join('\n', err.Split('\n').TakeLast(15))}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<GradCheckBattery.Outcome>(l)!)
            .ToDictionary(o => (o.Case, o.Mode));
    }

    [Fact]
    public void Every_case_agrees_with_PyTorch_or_differs_as_documented_and_none_kills_the_process()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(CliRun.Fixture("gradcheck", "battery.json")));
        var expected = fixture.RootElement.GetProperty("cases");
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).Order(), GradCheckBattery.Cases.Select(c => c.Name).Order());
        var outcomes = RunBattery();
        var problems = new List<string>();
        foreach (var c in GradCheckBattery.Cases)
            foreach (var mode in new[] { "slow", "fast" })
            {
                var o = outcomes[(c.Name, mode)];
                string torch = expected.GetProperty(c.Name).GetProperty(mode).GetProperty("verdict").GetString()!;
                string want = c.Ours is { } ours0 ? ours0.Verdict.Split('/')[ours0.Verdict.Contains('/') && mode == "fast" ? 1 : 0]
                    : torch == "pass" ? "pass" : "fail"; // PyTorch's "error" (autograd raised) is a failure
                string ours = o.Passed ? "pass" : "fail";
                if (o.Error is not null) problems.Add($"{c.Name} ({mode}): threw {o.Error}");
                if (ours != want) problems.Add($"{c.Name} ({mode}): {ours}, expected {want} (PyTorch: {torch}{(c.Ours is { } d ? $"; we differ: {d.Why}" : "")})");
                if (c.WrongBackward && (torch == "pass" || o.Passed)) problems.Add($"{c.Name} ({mode}): a wrong backward must fail (PyTorch: {torch}, ours: {ours})");
                if (c.Smooth && o.Kinks > 0) problems.Add($"{c.Name} ({mode}): a smooth function reported {o.Kinks} kinks");
                if (!o.Passed && o.Wrong.Length == 0 && o.Failures.Length == 0 && c.Ours is null)
                    problems.Add($"{c.Name} ({mode}): failed without saying what is wrong");
            }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("wrong_shape_gradient", "invalid gradient at index 0")]
    [InlineData("inplace_on_constant_input", "changes input 1 in place")]
    [InlineData("backward_throws", "threw InvalidOperationException: backward failed on purpose")]
    [InlineData("wrong_gradient_count", "returned 2 gradients")]
    [InlineData("inplace_on_saved_intermediate", "modified by an inplace operation")]
    public void What_aborted_the_process_is_a_failed_result_naming_the_output_or_input(string name, string says)
    {
        var (code, output, err) = ChildProcess.Run("case:" + name);
        Assert.True(code == 0, $"exit {code}; stderr:\n{err}");
        var outcomes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<GradCheckBattery.Outcome>(l)!).ToArray();
        Assert.Equal(2, outcomes.Length);
        foreach (var o in outcomes)
        {
            Assert.Null(o.Error);
            Assert.False(o.Passed);
            Assert.Contains(o.Failures, f => f.Contains(says, StringComparison.Ordinal) && (f.Contains("output 0", StringComparison.Ordinal) || f.Contains("input 1", StringComparison.Ordinal) || f.Contains("Function '", StringComparison.Ordinal)));
        }
    }
}
