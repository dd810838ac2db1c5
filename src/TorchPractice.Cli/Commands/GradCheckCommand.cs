using System.Globalization;
using Spectre.Console;
using TorchPractice.Data;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Models.Scratch;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace TorchPractice.Cli.Commands;

/// <summary>`torchpractice gradcheck`: checks the hand-written backward pass (and autograd) against central differences.</summary>
public sealed class GradCheckCommand : ICommand
{
    public string Name => "gradcheck";
    public string Summary => "check the hand-written gradients against numeric ones and autograd";
    public string Usage => "usage: torchpractice gradcheck [--case course|fraud|circles] [--layers N,H1,H2,1] [--lambd L] [--keep-prob P]\n" +
        "                                [--bug none|course|relu|dropout-rescale|l2-forgotten] [--epsilon E] [--threshold T]\n" +
        "                                [--subset K] [--seed N] [--naive] [--device cpu|cuda|auto] [--json]\n\n" +
        "Central differences (θ ± ε, float64) against the scratch model's backward pass and against autograd; difference =\n" +
        "‖g − g̃‖ / (‖g‖ + ‖g̃‖) overall and per tensor, so a wrong gradient is named. Defaults: ε 1e-7, threshold 2e-7 (the course's).\n" +
        "  --case course    the course's gradient_check_n test case (np.random.seed(1), 47 parameters, course cost formula)\n" +
        "  --case fraud     the built-in fraud data's first 256 samples, 24 features, layers 24,20,10,1 (721 parameters)\n" +
        "  --case circles   the course's circles training set (300 samples), layers 2,10,5,1 (91 parameters)\n" +
        "  --lambd          include the L2 term in J;  --keep-prob < 1: dropout, with the masks frozen for the whole check\n" +
        "  --bug            plant a mistake in the hand-written backward pass (course: dW2 ×2 and db1 with 4/m)\n" +
        "  --subset K       check K random coordinates (seeded by --seed) instead of all\n" +
        "  --naive          one forward pass per perturbation (the reference) instead of batched\n" +
        "  --float32        a float32 model: checked in float64 all the same (ε steps drown in float32 rounding), with a note\n" +
        "Exit code: 0 the gradients pass, 1 a mistake was found, 2 bad input.";
    public IReadOnlySet<string> Switches { get; } = new HashSet<string> { "json", "naive", "float32" };

    public int Run(CommandLine o)
    {
        string caseName = o.String("case", "course");
        if (caseName is not ("course" or "fraud" or "circles"))
            throw new UsageException($"gradcheck: --case must be course, fraud or circles; got '{caseName}'");
        int[] defaultLayers = BuiltInCase.DefaultLayers(caseName);
        int[] layers = o.IntList("layers", defaultLayers);
        double lambd = o.Double("lambd", 0);
        double keepProb = o.Double("keep-prob", 1);
        var bug = ParseBug(o.String("bug", "none"));
        double epsilon = o.Double("epsilon", 1e-7);
        double threshold = o.Double("threshold", 2e-7);
        int? subset = o.Has("subset") ? o.Int("subset", 0) : null;
        int seed = o.Int("seed", 1);
        bool naive = o.Flag("naive");
        bool float32 = o.Flag("float32");
        var deviceChoice = DeviceChoices.Parse(o.String("device", "cpu"));
        bool json = o.Flag("json");
        o.RejectUnknown();

        if (caseName == "course" && !layers.SequenceEqual(defaultLayers))
            throw new UsageException($"gradcheck: the course case has layers 4,5,3,1; got --layers {string.Join(",", layers)}");
        if (layers.Length > 0 && layers[0] != defaultLayers[0])
            throw new UsageException($"gradcheck: case {caseName} has {defaultLayers[0]} features, so --layers must start with {defaultLayers[0]}; got {layers[0]}");
        if (bug == BackwardBug.DropoutRescale && !(keepProb < 1))
            throw new UsageException("gradcheck: --bug dropout-rescale only changes the gradient with dropout: give --keep-prob < 1");
        if (bug == BackwardBug.L2Forgotten && !(lambd > 0))
            throw new UsageException("gradcheck: --bug l2-forgotten only changes the gradient with L2: give --lambd > 0");

        var options = (caseName == "course" ? CourseCase.Options : new ModelOptions { Layers = layers, Init = Init.He })
            with { Lambd = lambd, KeepProb = keepProb, DType = float32 ? ScalarType.Float32 : ScalarType.Float64 };
        options.Validate();
        var check = new GradientCheckOptions { Epsilon = epsilon, Threshold = threshold, Subset = subset, SubsetSeed = seed, Naive = naive };
        var device = TorchRuntime.Select(deviceChoice);

        using var scope = NewDisposeScope();
        var (x, y, p, masks) = BuiltInCase.Create(caseName, options, seed, device);
        if (float32) { var rounded = p.To(device, ScalarType.Float32); p.Dispose(); p = rounded; } // a float32 model's parameters
        using (p)
        {
            check.Validate((int)p.Count);
            var report = GradientChecker.Check(options, p, x, y, masks, bug, check);
            if (json) Json.Print(ToJson(caseName, report));
            else Print(caseName, report);
            return report.Passed ? 0 : 1;
        }
    }

    static BackwardBug ParseBug(string text) => text switch
    {
        "none" => BackwardBug.None,
        "course" => BackwardBug.Course,
        "relu" => BackwardBug.ReluDerivative,
        "dropout-rescale" => BackwardBug.DropoutRescale,
        "l2-forgotten" => BackwardBug.L2Forgotten,
        _ => throw new UsageException($"gradcheck: --bug must be none, course, relu, dropout-rescale or l2-forgotten; got '{text}'"),
    };

    static string BugName(BackwardBug bug) => bug switch
    {
        BackwardBug.ReluDerivative => "relu",
        BackwardBug.DropoutRescale => "dropout-rescale",
        BackwardBug.L2Forgotten => "l2-forgotten",
        _ => bug.ToString().ToLowerInvariant(),
    };

    static object ToJson(string caseName, GradientCheckReport r)
    {
        static object Tensors(GradientComparison c) => c.Tensors.Select(t => new { t.Name, t.Difference, t.Share, t.Passed, t.Checked }).ToArray();
        var main = r.ScratchVsNumeric;
        return new
        {
            Case = caseName,
            main.Difference,
            main.Passed,
            Tensors = Tensors(main),
            AllPassed = r.Passed,
            r.ParameterCount,
            r.CheckedCount,
            r.Subset,
            r.SubsetSeed,
            r.Epsilon,
            r.Threshold,
            r.Lambd,
            r.KeepProb,
            r.DropoutMasks,
            r.Cost,
            Bug = BugName(r.Bug),
            r.NumericMethod,
            r.Notes,
            Comparisons = r.Comparisons.Select(c => new
            {
                c.Name, c.Analytic, c.Reference, c.Checked, c.Difference, c.Passed, Tensors = Tensors(c), c.FailingTensors, c.Worst,
            }).ToArray(),
        };
    }

    static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    static void Print(string caseName, GradientCheckReport r)
    {
        AnsiConsole.MarkupLine($"gradient check, case [bold]{caseName}[/]: {r.ParameterCount} parameters, " +
            (r.Subset ? $"{r.CheckedCount} checked (random subset, seed {r.SubsetSeed})" : "all checked") +
            $", ε {G(r.Epsilon)}, threshold {G(r.Threshold)}, cost {r.Cost}, λ {G(r.Lambd)}, keep_prob {G(r.KeepProb)}, " +
            $"bug {BugName(r.Bug)}, numeric {r.NumericMethod}");
        foreach (var n in r.Notes) AnsiConsole.MarkupLine($"[grey]note: {Markup.Escape(n)}[/]");
        foreach (var c in r.Comparisons)
        {
            var t = new Table().Title($"{c.Name}: difference {G(c.Difference)} — {(c.Passed ? "[green]pass[/]" : "[red]MISTAKE[/]")}")
                .AddColumn("tensor").AddColumn("checked").AddColumn("difference").AddColumn("share of overall").AddColumn("verdict");
            foreach (var d in c.Tensors)
                t.AddRow(d.Name, d.Checked.ToString(CultureInfo.InvariantCulture), G(d.Difference), G(d.Share), d.Passed ? "[green]ok[/]" : "[red]wrong[/]");
            AnsiConsole.Write(t);
            if (!c.Passed && c.Worst.Count > 0)
            {
                var w = new Table().Title($"worst entries ({c.Analytic} vs {c.Reference})")
                    .AddColumn("tensor").AddColumn("index").AddColumn("(row, col)").AddColumn(c.Analytic).AddColumn(c.Reference)
                    .AddColumn("abs error").AddColumn("rel error");
                foreach (var e in c.Worst)
                    w.AddRow(e.Name, e.Index.ToString(CultureInfo.InvariantCulture), $"({e.Row}, {e.Column})", G(e.Analytic), G(e.Reference),
                        G(e.AbsoluteError), G(e.RelativeError));
                AnsiConsole.Write(w);
            }
        }
        AnsiConsole.MarkupLine(r.Passed
            ? "[green]Your backward propagation works perfectly fine![/]"
            : $"[red]There is a mistake in the backward propagation![/] wrong: {Markup.Escape(string.Join(", ", r.ScratchVsNumeric.FailingTensors))}");
    }
}
