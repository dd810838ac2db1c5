using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace TorchPractice.Notebooks.Tests;

/// <summary>The staleness check itself: what it lets through and what it catches.</summary>
public sealed class NotebookOutputsTests
{
    static JsonObject Notebook(string stdout, bool picture = true)
    {
        var outputs = new JsonArray { new JsonObject { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = NotebookRunner.Lines(stdout) } };
        if (picture) outputs.Add(new JsonObject { ["data"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" }, ["metadata"] = new JsonObject(), ["output_type"] = "display_data" });
        return new JsonObject
        {
            ["cells"] = new JsonArray
            {
                new JsonObject { ["cell_type"] = "markdown", ["source"] = new JsonArray("# title") },
                new JsonObject { ["cell_type"] = "code", ["source"] = new JsonArray("Run();"), ["outputs"] = outputs },
            },
        };
    }

    const string Printed = "Cost after iteration 1000: 0.6230359775559784\nHe    99.3 %  96.0 %\n";

    [Fact]
    public void The_same_output_and_last_digit_rounding_pass()
    {
        NotebookOutputs.AssertSame(Notebook(Printed), Notebook(Printed), "t.ipynb");
        NotebookOutputs.AssertSame(Notebook(Printed), Notebook(Printed.Replace("0.6230359775559784", "0.6230359775559791")), "t.ipynb");
    }

    [Fact]
    public void A_rounding_level_measure_may_differ_within_1e_13_but_not_beyond()
    {
        const string diff = "max relative parameter difference scratch vs autograd: 3.3e-16\n";
        NotebookOutputs.AssertSame(Notebook(diff), Notebook(diff.Replace("3.3e-16", "4.2e-16")), "t.ipynb");
        Assert.Throws<TrueException>(() => NotebookOutputs.AssertSame(Notebook(diff), Notebook(diff.Replace("3.3e-16", "3.3e-12")), "t.ipynb"));
    }

    [Theory]
    [InlineData("99.3 %", "99.2 %")]          // a changed result
    [InlineData("0.6230359775559784", "0.6230369775559784")]
    [InlineData("Cost after", "Loss after")]  // changed text
    public void A_changed_output_fails(string before, string after) =>
        Assert.Throws<TrueException>(() => NotebookOutputs.AssertSame(Notebook(Printed), Notebook(Printed.Replace(before, after)), "t.ipynb"));

    [Fact]
    public void A_missing_picture_fails() =>
        Assert.Throws<TrueException>(() => NotebookOutputs.AssertSame(Notebook(Printed), Notebook(Printed, picture: false), "t.ipynb"));
}
