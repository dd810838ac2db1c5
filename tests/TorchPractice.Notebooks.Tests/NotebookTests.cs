using System.Text.Json.Nodes;

namespace TorchPractice.Notebooks.Tests;

/// <summary>
/// Runs each notebook in comparison/notebooks top to bottom in an in-process C# kernel, fails on any cell error,
/// checks that the committed outputs are this run's (numbers to a relative 1e-6, pictures present), and asserts the
/// course's results the notebook shows. With TORCHPRACTICE_UPDATE_NOTEBOOKS=1 the run's outputs are written back
/// into the notebooks instead of compared (the results are still asserted).
/// </summary>
public sealed class NotebookTests
{
    internal static readonly string Folder = Path.Combine(RepositoryRoot(), "comparison", "notebooks");

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TorchPractice.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no TorchPractice.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs the notebook as a learner's kernel would (working directory: the notebook's folder).</summary>
    static async Task<NotebookRunner> RunAsync(string file) => (await RunWithOutputsAsync(file)).Runner;

    /// <summary>As <see cref="RunAsync"/>, with the executed notebook (its outputs).</summary>
    static async Task<(NotebookRunner Runner, JsonObject Executed)> RunWithOutputsAsync(string file)
    {
        var path = Path.Combine(Folder, file);
        var committed = NotebookRunner.Read(path);
        NotebookFeed.Ensure();
        Directory.SetCurrentDirectory(Folder); // the kernel restores with the notebook folder's NuGet.config (its feed)
        var runner = NotebookRunner.Start();
        var executed = await runner.RunAsync(committed);
        if (Environment.GetEnvironmentVariable(NotebookOutputs.UpdateVariable) == "1") NotebookRunner.Write(path, executed);
        else NotebookOutputs.AssertSame(committed, executed, file);
        return (runner, executed);
    }

    /// <summary>The sources of the notebook's cells and, for code cells, what they printed.</summary>
    static IEnumerable<(string Source, string Printed)> Cells(JsonObject notebook) => notebook["cells"]!.AsArray().Select(c =>
        (NotebookRunner.Source(c!.AsObject()), c["outputs"] is JsonArray outputs
            ? string.Concat(outputs.Where(o => o!["text"] is not null).SelectMany(o => o!["text"]!.AsArray()).Select(l => (string?)l)) : ""));

    /// <summary>
    /// Every check cell of the learner's functions (a code cell whose source starts "// Check cell") printed
    /// "check passed: {function}", and the notebook's `checks` holds exactly these functions, all passed.
    /// </summary>
    static async Task AssertEveryCheckPassesAsync(NotebookRunner nb, JsonObject executed, params string[] functions)
    {
        var printed = string.Concat(Cells(executed).Where(c => c.Source.StartsWith("// Check cell")).Select(c => c.Printed));
        foreach (var function in functions) Assert.Contains($"check passed: {function} — ", printed);
        Assert.DoesNotContain("check FAILED", printed);
        Assert.Equal(string.Join(",", functions.Order()), await nb.ValueAsync<string>("string.Join(\",\", checks.Where(c => c.Value).Select(c => c.Key).Order())"));
        Assert.Equal(functions.Length, await nb.ValueAsync<int>("checks.Count"));
    }

    [Fact]
    public async Task Initialization_notebook_runs_and_shows_the_courses_accuracies()
    {
        var run = await RunWithOutputsAsync("1-initialization.ipynb");
        await using var nb = run.Runner;
        // The course notebook: zeros 50 % / 50 %, large random 83 % / 86 %, He 99.3 % / 96 % (train / test).
        foreach (var impl in new[] { "Scratch", "Autograd" })
        {
            Assert.Equal(0.5, await nb.ValueAsync<double>($"zeros.Pair.{impl}.TrainAccuracy!.Value"));
            Assert.Equal(0.5, await nb.ValueAsync<double>($"zeros.Pair.{impl}.TestAccuracy!.Value"));
            Assert.Equal(0.83, await nb.ValueAsync<double>($"random.Pair.{impl}.TrainAccuracy!.Value"), 1e-12);
            Assert.Equal(0.86, await nb.ValueAsync<double>($"random.Pair.{impl}.TestAccuracy!.Value"), 1e-12);
            Assert.Equal(298.0 / 300, await nb.ValueAsync<double>($"he.Pair.{impl}.TrainAccuracy!.Value"), 1e-12);
            Assert.Equal(0.96, await nb.ValueAsync<double>($"he.Pair.{impl}.TestAccuracy!.Value"), 1e-12);
        }
        Assert.True(await nb.ValueAsync<bool>("zeros.Symmetry.Symmetric"));
        Assert.False(await nb.ValueAsync<bool>("he.Symmetry.Symmetric"));
        // The course's first printed costs: ln 2 for zeros, inf for large random.
        Assert.Equal(Math.Log(2), await nb.ValueAsync<double>("zeros.Pair.Scratch.Costs[0].Cost"), 1e-15);
        Assert.Equal(double.PositiveInfinity, await nb.ValueAsync<double>("random.Pair.Scratch.Costs[0].Cost"));
        // The learner's initializations pass their check cells, and the He run from the learner's own initialization in
        // the library's trainer (CourseModel: the course's init_utils as an IClassifier) is the library's run.
        await AssertEveryCheckPassesAsync(nb, run.Executed, "InitializeParametersZeros", "InitializeParametersRandom", "InitializeParametersHe");
        Assert.Equal(await nb.ValueAsync<double>("he.Pair.Scratch.TrainAccuracy!.Value"), await nb.ValueAsync<double>("yourTrain"));
        Assert.Equal(await nb.ValueAsync<double>("he.Pair.Scratch.TestAccuracy!.Value"), await nb.ValueAsync<double>("yourTest"));
        Assert.Equal(16, await nb.ValueAsync<int>("yourRun.Costs.Count"));
        Assert.InRange(await nb.ValueAsync<double>("MaxCostDifference(he.Pair.Scratch)"), 0, 1e-14);
    }

    [Fact]
    public async Task Regularization_notebook_runs_and_regularization_trades_train_for_test_accuracy()
    {
        var notebook = await RunWithOutputsAsync("2-regularization.ipynb");
        await using var nb = notebook.Runner;
        // Both implementations agree on the regularized runs (the same masks with dropout). The unregularized fit of
        // football at lr 0.3 is chaotic: last-bit differences grow into visible ones (README, "The two implementations").
        foreach (var run in new[] { "l2", "dropout" })
        {
            Assert.Equal(await nb.ValueAsync<double>($"{run}.Scratch.TrainAccuracy!.Value"), await nb.ValueAsync<double>($"{run}.Autograd.TrainAccuracy!.Value"));
            Assert.Equal(await nb.ValueAsync<double>($"{run}.Scratch.TestAccuracy!.Value"), await nb.ValueAsync<double>($"{run}.Autograd.TestAccuracy!.Value"));
        }
        // The course's picture: the unregularized fit is best on train and worst on test.
        double noneTrain = await nb.ValueAsync<double>("none.Scratch.TrainAccuracy!.Value"), noneTest = await nb.ValueAsync<double>("none.Scratch.TestAccuracy!.Value");
        foreach (var run in new[] { "l2", "dropout" })
        {
            Assert.True(await nb.ValueAsync<double>($"{run}.Scratch.TrainAccuracy!.Value") < noneTrain, $"{run} should fit train less closely");
            Assert.True(await nb.ValueAsync<double>($"{run}.Scratch.TestAccuracy!.Value") > noneTest, $"{run} should generalize better");
        }
        // Dev chooses; the test set is read for the chosen setting only.
        Assert.Equal(1, await nb.ValueAsync<int>("lambdaSweep.Points.Count(p => p.Chosen)"));
        Assert.Equal(1, await nb.ValueAsync<int>("lambdaSweep.Points.Count(p => p.Run.TestAccuracy is not null)"));
        Assert.Equal(1, await nb.ValueAsync<int>("keepSweep.Points.Count(p => p.Chosen)"));
        // The learner's four functions pass their check cells, and the regularized runs trained with them in the library's
        // trainer (YourModel, an IClassifier) give the library's costs and accuracies.
        await AssertEveryCheckPassesAsync(nb, notebook.Executed, "ComputeCostWithRegularization", "BackwardPropagationWithRegularization",
            "ForwardPropagationWithDropout", "BackwardPropagationWithDropout");
        foreach (var (yours, library) in new[] { ("yourL2", "l2"), ("yourDropout", "dropout") })
        {
            Assert.Equal(await nb.ValueAsync<double>($"{library}.Scratch.TrainAccuracy!.Value"), await nb.ValueAsync<double>($"{yours}.Train"));
            Assert.Equal(await nb.ValueAsync<double>($"{library}.Scratch.TestAccuracy!.Value"), await nb.ValueAsync<double>($"{yours}.Test"));
            Assert.Equal(31, await nb.ValueAsync<int>($"{yours}.Result.Costs.Count"));
            Assert.InRange(await nb.ValueAsync<double>($"{yours}.Result.Costs.Zip({library}.Scratch.Costs).Max(p => Math.Abs(p.First.Cost - p.Second.Cost))"), 0, 1e-10);
        }
    }

    [Fact]
    public async Task Optimization_notebook_runs_and_prints_the_courses_costs()
    {
        var notebook = await RunWithOutputsAsync("4-optimization.ipynb");
        await using var nb = notebook.Runner;
        // The course prints (6 decimals) gd 0.702405, 0.668101; momentum 0.702413, 0.668167; adam 0.702166, 0.167845
        // after epochs 0 and 1000.
        foreach (var (run, first, second) in new[] { ("gd", 0.702405, 0.668101), ("momentum", 0.702413, 0.668167), ("adam", 0.702166, 0.167845) })
        {
            Assert.Equal(first, await nb.ValueAsync<double>($"{run}.Scratch.Costs[0].Cost"), 6);
            Assert.Equal(second, await nb.ValueAsync<double>($"{run}.Scratch.Costs.Single(c => c.Iteration == 1000).Cost"), 6);
        }
        // Adam fits the moons, gradient descent and momentum at α 0.0007 do not yet; gd with schedule_lr_decay from 0.1 does.
        Assert.True(await nb.ValueAsync<double>("adam.Scratch.TrainAccuracy!.Value") > 0.9);
        Assert.True(await nb.ValueAsync<double>("decayed.Scratch.TrainAccuracy!.Value") > 0.9);
        foreach (var run in new[] { "gd", "momentum" }) Assert.True(await nb.ValueAsync<double>($"{run}.Scratch.TrainAccuracy!.Value") < 0.8);
        Assert.Equal(0.05, await nb.ValueAsync<double>("scheduled.For(0.1, 1001)"));
        // torch.optim: Adam and SGD are the course's rules to rounding, momentum's SGD is not (its first step is 10×).
        foreach (var run in new[] { "gd", "adam", "momentum", "decayed" })
        {
            double difference = await nb.ValueAsync<double>($"{run}.Scratch.Costs.Zip({run}.Autograd.Costs).Max(c => Math.Abs(c.First.Cost - c.Second.Cost) / c.First.Cost)");
            if (run == "momentum") Assert.InRange(difference, 1e-6, 1e-2);
            else Assert.InRange(difference, 0, 1e-12);
            Assert.Equal(await nb.ValueAsync<double>($"{run}.Scratch.TrainAccuracy!.Value"), await nb.ValueAsync<double>($"{run}.Autograd.TrainAccuracy!.Value"));
        }
        // The learner's eight functions pass their check cells, and the learner's Adam trained by the library's trainer
        // (YourRuleModel, an IClassifier) gives the library's costs and accuracies.
        await AssertEveryCheckPassesAsync(nb, notebook.Executed, "UpdateParametersWithGd", "RandomMiniBatches", "InitializeVelocity",
            "UpdateParametersWithMomentum", "InitializeAdam", "UpdateParametersWithAdam", "UpdateLr", "ScheduleLrDecay");
        Assert.Equal(21, await nb.ValueAsync<int>("yourAdam.Costs.Count"));
        Assert.InRange(await nb.ValueAsync<double>("MaxDifference(adam.Scratch)"), 0, 1e-12);
        Assert.Equal(await nb.ValueAsync<double>("adam.Scratch.TrainAccuracy!.Value"), await nb.ValueAsync<double>("yourTrain"));
        Assert.Equal(await nb.ValueAsync<double>("adam.Scratch.TestAccuracy!.Value"), await nb.ValueAsync<double>("yourTest"));
    }

    [Theory]
    [InlineData("BackwardPropagationWithDropout", "// Exercise: backward_propagation_with_dropout", // the course's own bug: db1 with 4/m
        "var db1 = dZ1.sum(1, keepdim: true).mul(oneOverM);", "var db1 = dZ1.sum(1, keepdim: true).mul(oneOverM).mul(4.0);",
        "b1's gradient is 4.000× the numeric one")]
    [InlineData("BackwardPropagationWithRegularization", "// Exercise: backward_propagation_with_regularization", // λ/m·W1 forgotten
        "var dW1 = dZ1.mm(X.t()).mul(oneOverM).add(W1.mul(lambdS).div(mS), one);", "var dW1 = dZ1.mm(X.t()).mul(oneOverM);",
        "the L2 term (λ/m)·W is missing")]
    public async Task A_broken_learner_function_in_notebook_2_fails_its_check_cell_with_the_diagnosis(string function, string cell, string line, string broken, string diagnosis) =>
        await AssertBrokenFunctionFailsItsCheckAsync("2-regularization.ipynb", function, cell, line, broken, diagnosis);

    [Theory]
    [InlineData("UpdateParametersWithMomentum", "// Exercise: initialize_velocity", // (1 − β) forgotten: v = β·v + dθ
        "v[\"d\" + theta].mul(betaS).add(grads[\"d\" + theta].mul(oneMinusBeta), one)", "v[\"d\" + theta].mul(betaS).add(grads[\"d\" + theta], one)",
        "(every entry 10.000× the course's)")]
    [InlineData("RandomMiniBatches", "// Exercise: random_mini_batches", // the end case forgotten: the remainder is dropped
        "if (m % miniBatchSize != 0)", "if (m % miniBatchSize < 0)",
        "your batches have 4 sizes [64, 64, 64, 64], the library's [64, 64, 64, 64, 44]")]
    public async Task A_broken_learner_function_in_notebook_4_fails_its_check_cell_with_the_diagnosis(string function, string cell, string line, string broken, string diagnosis) =>
        await AssertBrokenFunctionFailsItsCheckAsync("4-optimization.ipynb", function, cell, line, broken, diagnosis);

    /// <summary>
    /// The notebook up to the check cell of the learner's function, without the library's training runs, with one line of
    /// the function broken: the check cell records the failure and prints the diagnosis.
    /// </summary>
    static async Task AssertBrokenFunctionFailsItsCheckAsync(string file, string function, string cell, string line, string broken, string diagnosis)
    {
        var notebook = NotebookRunner.Read(Path.Combine(Folder, file));
        var cells = notebook["cells"]!.AsArray();
        var sources = cells.Select(c => NotebookRunner.Source(c!.AsObject())).ToList();
        int learner = sources.FindIndex(s => s.StartsWith(cell));
        Assert.True(learner > 0, $"no cell starting '{cell}'");
        int check = sources.FindIndex(learner, s => s.StartsWith("// Check cell"));
        Assert.Contains(line, sources[learner]);
        cells[learner]!["source"] = NotebookRunner.Lines(sources[learner].Replace(line, broken));
        while (cells.Count > check + 1) cells.RemoveAt(cells.Count - 1);
        for (int i = check; i >= 0; i--)
            if (sources[i].Contains("= Run(\"")) cells.RemoveAt(i); // the library's training runs: not needed here

        NotebookFeed.Ensure();
        Directory.SetCurrentDirectory(Folder);
        await using var runner = NotebookRunner.Start();
        var executed = await runner.RunAsync(notebook);
        Assert.False(await runner.ValueAsync<bool>($"checks[\"{function}\"]"));
        var printed = Cells(executed).Last().Printed;
        Assert.Contains($"check FAILED: {function}", printed);
        Assert.Contains(diagnosis, printed);
    }

    [Fact]
    public async Task A_broken_backward_pass_fails_its_check_cell_with_the_diagnosis()
    {
        // Notebook 3 up to its 1-D check cell, with the learner's BackwardPropagation returning θ (4) instead of x (2).
        var notebook = NotebookRunner.Read(Path.Combine(Folder, "3-gradient-checking.ipynb"));
        var cells = notebook["cells"]!.AsArray();
        int check = cells.Select(c => NotebookRunner.Source(c!.AsObject())).ToList().FindIndex(s => s.StartsWith("// Check cell: your functions on the course's inputs"));
        Assert.True(check > 0, "no 1-D check cell");
        var learner = cells[check - 1]!.AsObject();
        var correct = NotebookRunner.Source(learner);
        const string Line = "double BackwardPropagation(double x, double theta) => x;";
        Assert.Contains(Line, correct);
        learner["source"] = NotebookRunner.Lines(correct.Replace(Line, "double BackwardPropagation(double x, double theta) => theta;"));
        while (cells.Count > check + 1) cells.RemoveAt(cells.Count - 1);

        NotebookFeed.Ensure();
        Directory.SetCurrentDirectory(Folder);
        await using var runner = NotebookRunner.Start();
        var executed = await runner.RunAsync(notebook);
        Assert.False(await runner.ValueAsync<bool>("oneDCheckPassed"));
        var printed = string.Concat(executed["cells"]![check]!["outputs"]!.AsArray().SelectMany(o => o!["text"]!.AsArray()).Select(l => (string?)l));
        Assert.Contains("The gradient is wrong!", printed);
        Assert.Contains("Check failed:", printed);
        Assert.Contains("BackwardPropagation(2, 4) = 4 is 2.000× the numeric one", printed);
    }

    [Fact]
    public async Task Gradient_checking_notebook_runs_and_shows_the_courses_differences()
    {
        await using var nb = await RunAsync("3-gradient-checking.ipynb");
        Assert.True(await nb.ValueAsync<bool>("oneDCheckPassed"), "the 1-D check cell fails on the committed solution");
        // The learner's GradientCheckN on the course's case: the course's two differences, and the library's.
        Assert.True(await nb.ValueAsync<bool>("nDCheckPassed"), "the N-D check cell fails on the committed solution");
        Assert.Equal(0.2850931567761623, await nb.ValueAsync<double>("yourBuggy"), 1e-6);
        Assert.InRange(await nb.ValueAsync<double>("yourCorrect"), 1.18e-7, 1.20e-7);
        Assert.True(await nb.ValueAsync<bool>("oneD.Passed"));
        Assert.Equal(2.0, await nb.ValueAsync<double>("oneD.Gradient"));
        // The course prints 1.1890913024229996e-07 for the correct backward pass and 0.2850931567761623 for its buggy one.
        Assert.InRange(await nb.ValueAsync<double>("correct.Comparison(\"scratch\", \"numeric\")!.Difference"), 1.18e-7, 1.20e-7);
        Assert.True(await nb.ValueAsync<bool>("correct.Passed"));
        Assert.Equal(0.2850931567761623, await nb.ValueAsync<double>("buggy.Comparison(\"scratch\", \"numeric\")!.Difference"), 1e-6);
        Assert.Equal("b1,W2", await nb.ValueAsync<string>("string.Join(\",\", buggy.Comparison(\"scratch\", \"numeric\")!.FailingTensors)"));
        Assert.True(await nb.ValueAsync<bool>("withDropout.Passed"));
        Assert.Equal("W1,b1", await nb.ValueAsync<string>("string.Join(\",\", rescaleBug.Comparison(\"scratch\", \"numeric\")!.FailingTensors)"));
        // What the mistakes look like: dW2 doubled, db1 4×, the dropout bug keep_prob× (it multiplies by D1 only).
        Assert.StartsWith("b1's gradient is 4.000× the numeric one", await nb.ValueAsync<string>("buggy.Diagnoses[0].Message"));
        // Every planted bug of the catalogue, named and diagnosed as what it is.
        Assert.Equal("b1,W2", await nb.ValueAsync<string>("string.Join(\",\", catalogue[\"course\"].Wrong)"));
        Assert.Equal("W1,b1", await nb.ValueAsync<string>("string.Join(\",\", catalogue[\"relu\"].Wrong)"));
        Assert.Equal("OnlyAtSpecialEntries,OnlyAtSpecialEntries", await nb.ValueAsync<string>("string.Join(\",\", catalogue[\"relu\"].Diagnoses.Select(d => d.Kind))"));
        Assert.Contains("pre-activation Z1 is exactly 0", await nb.ValueAsync<string>("catalogue[\"relu\"].Diagnoses[0].Message"));
        Assert.Equal("W1,W2,W3", await nb.ValueAsync<string>("string.Join(\",\", catalogue[\"l2-forgotten\"].Wrong)"));
        Assert.Contains("the L2 term (λ/m)·W is missing", await nb.ValueAsync<string>("catalogue[\"l2-forgotten\"].Diagnoses[0].Message"));
        Assert.StartsWith("W1's gradient is 0.860× the numeric one", await nb.ValueAsync<string>("catalogue[\"dropout-rescale\"].Diagnoses[0].Message"));
        Assert.StartsWith("W2's gradient is 2.000× the numeric one", await nb.ValueAsync<string>("buggy.Diagnoses[1].Message"));
        Assert.Equal(0.86, await nb.ValueAsync<double>("rescaleBug.Diagnoses[0].Ratio!.Value"), 1e-5);
        Assert.Equal(0.86, await nb.ValueAsync<double>("rescaleBug.Diagnoses[1].Ratio!.Value"), 1e-5);
        // Your own model: the correct backward passes; the planted mistake (db1 divided by m twice) fails, names b1 alone,
        // and its b1 is autograd's divided by m.
        Assert.True(await nb.ValueAsync<bool>("ownCheck.Passed"));
        Assert.Empty(await nb.ValueAsync<IReadOnlyList<string>>("ownCheck.Wrong"));
        Assert.False(await nb.ValueAsync<bool>("ownMistake.Passed"));
        Assert.Equal("b1", await nb.ValueAsync<string>("string.Join(\",\", ownMistake.Wrong)"));
        Assert.InRange(await nb.ValueAsync<double>(
            "ownMistake.Layout!.Segment(\"b1\") is var s ? Enumerable.Range(s.Offset, s.Length).Max(i => Math.Abs(ownMistake.Gradients[\"hand-written\"][i] * Xc.shape[1] / ownMistake.Gradients[\"autograd\"][i] - 1)) : 0"),
            0, 1e-9);
        Assert.Equal("ConstantRatio", await nb.ValueAsync<string>("ownMistake.Diagnoses.Single().Kind.ToString()"));
        Assert.Contains("c = 1/m (m = ", await nb.ValueAsync<string>("ownMistake.Diagnoses.Single().Message"));
        // The custom Function's backward gives 2x² for d/dx x³ = 3x²: input 0 named, analytic / numeric = 2/3.
        Assert.False(await nb.ValueAsync<bool>("cubeCheck.Passed"));
        Assert.Equal("input 0", await nb.ValueAsync<string>("string.Join(\",\", cubeCheck.Wrong)"));
        Assert.Equal(2.0 / 3, await nb.ValueAsync<double>("cubeCheck.Comparisons[0].Worst[0].Analytic / cubeCheck.Comparisons[0].Worst[0].Reference"), 1e-6);
    }
}
