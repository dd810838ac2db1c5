using System.Diagnostics;
using TorchPractice.Comparison.Plots;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Gradient checking: scratch vs numeric, scratch vs autograd, autograd vs numeric on the course's test case and on
/// the fraud model, without and with L2 / dropout (masks frozen), then the planted backward-pass bugs and which
/// tensors each is flagged in.
/// </summary>
public static class GradCheckStudy
{
    public const string Name = "gradcheck";
    public const double Lambd = 0.7;
    public const double KeepProb = 0.86;

    static readonly (string Name, double Lambd, double KeepProb)[] Configurations =
        [("plain", 0, 1), ($"L2 λ={Lambd}", Lambd, 1), ($"dropout keep={KeepProb}", 0, KeepProb)];

    /// <summary>Each planted bug and the configuration it shows in (the tensors it reaches: <see cref="PlantedBugs.AffectedTensors"/>).</summary>
    static readonly (BackwardBug Bug, string Name, int Configuration)[] Bugs =
    [
        (BackwardBug.Course, "course (dW2 ×2, db1 with 4/m)", 0),
        (BackwardBug.ReluDerivative, "relu derivative 1[A ≥ 0] at layer 1", 0),
        (BackwardBug.DropoutRescale, "dropout: dA1 not divided by keep_prob", 2),
        (BackwardBug.L2Forgotten, "L2 term left out of dW", 1),
        (BackwardBug.DerivativeDropped, "activation derivative dropped at the middle hidden layer", 0),
    ];

    static readonly string[] Cases = ["course", "fraud"];

    public static long Work() => (long)Cases.Length * (Configurations.Length + Bugs.Length) * StudyContext.CheckWork;

    public static GradCheckStudyResult Run(StudyContext ctx)
    {
        var check = new GradientCheckOptions();
        var checks = new List<GradCheckRow>();
        var bugs = new List<GradCheckRow>();
        foreach (var caseName in Cases)
        {
            for (int c = 0; c < Configurations.Length && !ctx.Stopped; c++)
                checks.Add(One(ctx, caseName, c, BackwardBug.None, check));
            foreach (var bug in Bugs)
                if (!ctx.Stopped) bugs.Add(One(ctx, caseName, bug.Configuration, bug.Bug, check) with { Bug = bug.Name });
        }
        var notes = new List<string>
        {
            "difference = ‖g − g̃‖₂ / (‖g‖₂ + ‖g̃‖₂); a tensor is flagged when its share of the overall difference exceeds the threshold",
            "course case: the notebook's gradient_check_n_test_case (NumPy seed 1, 47 parameters, course cost formula); " +
            "fraud: the built-in fraud data's first 256 samples, layers 24,20,10,1, He weights and small random biases (NumPy seed 1)",
            "dropout: the masks are drawn once and frozen for every perturbed pass (redrawn masks make J a different function each time)",
        };
        return new GradCheckStudyResult(check.Epsilon, check.Threshold, checks, bugs, notes);
    }

    static GradCheckRow One(StudyContext ctx, string caseName, int configuration, BackwardBug bug, GradientCheckOptions check)
    {
        var (config, lambd, keep) = Configurations[configuration];
        string label = $"{caseName} · {config}" + (bug == BackwardBug.None ? "" : $" · bug {bug}");
        long start = ctx.Done;
        ctx.Report(Name, label, 0, StudyContext.CheckWork, null);
        var clock = Stopwatch.StartNew();
        // The notebook's case uses its own cost formula; our L2 and dropout variants of it use the stable one, whose
        // rounding stays below the course's threshold (the course formula's log(1 − a3) put a correct dropout check at 6e-7).
        var options = (caseName == "course" ? CourseCase.Options with { CourseCost = configuration == 0 } : new ModelOptions { Layers = BuiltInCase.DefaultLayers(caseName), Init = Init.He })
            with { Lambd = lambd, KeepProb = keep };
        using var scope = NewDisposeScope();
        var (x, y, p, masks) = BuiltInCase.Create(caseName, options, 1, ctx.Device); // seed 1: as `gradcheck` draws them
        using (p)
        {
            var r = GradientChecker.Check(options, p, x, y, masks, bug, check);
            // For a planted bug: what each wrong tensor's mistake looks like, and a heat map of its relative error per entry.
            var wrong = r.ScratchVsNumeric.Tensors.Where(t => !t.Passed).ToArray();
            string? figure = null;
            if (bug != BackwardBug.None && wrong.Length > 0)
            {
                string file = $"gradcheck-{caseName}-{bug.ToString().ToLowerInvariant()}.png";
                var panels = wrong.Select(t => Figures.ErrorPanel.Of(r, t, $"{caseName}, bug {bug}: {t.Name}")).ToList();
                if (ctx.Figure(file, () => Figures.RelativeErrors(panels))) figure = file;
            }
            ctx.Finished(Name, label, StudyContext.CheckWork, start);
            return new GradCheckRow(caseName, config, r.ParameterCount, lambd, keep, bug == BackwardBug.None ? "none" : bug.ToString(),
                r.ScratchVsNumeric.Difference, r.ScratchVsAutograd.Difference, r.AutogradVsNumeric.Difference, r.Passed,
                r.ScratchVsNumeric.FailingTensors, bug == BackwardBug.None ? null : PlantedBugs.AffectedTensors(bug, options.LayerCount), clock.Elapsed.TotalSeconds)
            {
                Diagnoses = wrong.Select(t => t.Diagnosis).OfType<Diagnosis>()
                    .Select(d => d.Kind == DiagnosisKind.NoSimplePattern ? $"{d.Tensor}: no simple pattern (see the heat map)" : d.Message).ToArray(),
                HeatmapFigure = figure,
            };
        }
    }
}
