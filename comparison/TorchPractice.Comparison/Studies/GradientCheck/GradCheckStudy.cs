using System.Diagnostics;
using TorchPractice.Comparison.Plots;
using TorchPractice.GradientCheck;
using TorchPractice.Models;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>
/// Gradient checking: scratch vs numeric, scratch vs autograd, autograd vs numeric on the course's test case and on
/// the fraud model, without and with L2 / dropout (masks frozen), then the planted backward-pass bugs and which
/// tensors each is flagged in.
/// </summary>
public static class GradCheckStudy
{
    /// <summary>The study's name (--studies gradcheck).</summary>
    public const string Name = "gradcheck";
    /// <summary>λ of the L2 configuration.</summary>
    public const double Lambd = 0.7;
    /// <summary>keep_prob of the dropout configuration.</summary>
    public const double KeepProb = 0.86;

    static readonly (string Name, double Lambd, double KeepProb)[] Configurations =
        [("plain", 0, 1), ($"L2 λ={Lambd}", Lambd, 1), ($"dropout keep={KeepProb}", 0, KeepProb)];

    /// <summary>The configuration each planted bug shows in: the first one it can be planted in (dropout for dropout-rescale, L2 for l2-forgotten).</summary>
    static int ConfigurationFor(PlantedBug bug) =>
        Enumerable.Range(0, Configurations.Length).First(c => bug.Unplantable(new ModelOptions { Layers = [2, 2, 1], Lambd = Configurations[c].Lambd, KeepProb = Configurations[c].KeepProb }) is null);

    static readonly string[] Cases = ["course", "fraud"];

    /// <summary>The study's progress work.</summary>
    public static long Work() => (long)Cases.Length * (Configurations.Length + PlantedBugs.All.Count) * StudyContext.CheckWork;

    /// <summary>Runs the study in <paramref name="ctx"/>.</summary>
    public static GradCheckStudyResult Run(StudyContext ctx)
    {
        var check = new GradCheckOptions();
        var checks = new List<GradCheckRow>();
        var bugs = new List<GradCheckRow>();
        foreach (var caseName in Cases)
        {
            for (int c = 0; c < Configurations.Length && !ctx.Stopped; c++)
                checks.Add(One(ctx, caseName, c, null, check));
            foreach (var bug in PlantedBugs.All)
                if (!ctx.Stopped) bugs.Add(One(ctx, caseName, ConfigurationFor(bug), bug, check) with { Bug = $"{bug.Name}: {bug.Description}" });
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

    static GradCheckRow One(StudyContext ctx, string caseName, int configuration, PlantedBug? bug, GradCheckOptions check)
    {
        var (config, lambd, keep) = Configurations[configuration];
        string label = $"{caseName} · {config}" + (bug is null ? "" : $" · bug {bug.Name}");
        long start = ctx.Done;
        ctx.Report(Name, label, 0, StudyContext.CheckWork, null);
        var clock = Stopwatch.StartNew();
        // The notebook's case uses its own cost formula; our L2 and dropout variants of it use the stable one, whose
        // rounding stays below the course's threshold (the course formula's log(1 − a3) put a correct dropout check at 6e-7).
        var options = (caseName == "course" ? CourseCase.Options with { CourseCost = configuration == 0 } : new ModelOptions { Layers = BuiltInCase.DefaultLayers(caseName), Init = Init.He })
            with { Lambd = lambd, KeepProb = keep };
        using var scope = NewDisposeScope();
        var (x, y, p, masks) = BuiltInCase.Create(caseName, options, 1, ctx.Device); // seed 1: as `gradcheck` draws them
        bug?.Stage(x, p); // the relu bug needs a pre-activation exactly 0 (as `gradcheck --bug relu` stages it)
        using (p)
        {
            var r = GradCheck.Model(options, p, x, y, masks, bug, check);
            // For a planted bug: what each wrong tensor's mistake looks like (from the first comparison that found it), and a
            // heat map of its relative error per entry.
            var wrong = r.Comparisons.SelectMany(c => c.Tensors.Where(t => !t.Passed).Select(t => (Comparison: c, Tensor: t)))
                .DistinctBy(w => w.Tensor.Name).ToArray();
            string? figure = null;
            if (bug is not null && wrong.Length > 0)
            {
                string file = $"gradcheck-{caseName}-{bug.Name}.png";
                var panels = wrong.Select(w => Figures.ErrorPanel.Of(r, w.Tensor, $"{caseName}, bug {bug.Name}: {w.Tensor.Name} ({w.Comparison.Analytic} vs {w.Comparison.Reference})",
                    w.Comparison.Analytic, w.Comparison.Reference)).ToList();
                if (ctx.Figure(file, () => Figures.RelativeErrors(panels))) figure = file;
            }
            ctx.Finished(Name, label, StudyContext.CheckWork, start);
            double Difference(string a, string b) => r.Comparison(a, b)!.Difference;
            return new GradCheckRow(caseName, config, (int)r.ParameterCount, lambd, keep, bug?.Name ?? "none",
                Difference("scratch", "numeric"), Difference("scratch", "autograd"), Difference("autograd", "numeric"), r.Passed,
                r.Wrong, bug?.AffectedTensors(options), clock.Elapsed.TotalSeconds)
            {
                Diagnoses = wrong.Select(w => w.Tensor.Diagnosis).OfType<Diagnosis>()
                    .Select(d => d.Kind == DiagnosisKind.NoSimplePattern ? $"{d.Tensor}: no simple pattern (see the heat map)" : d.Message).ToArray(),
                HeatmapFigure = figure,
            };
        }
    }
}
