using System.Text.Json;
using TorchPractice.NativeCompat;
using TorchPractice.Tests.Cli;

namespace TorchPractice.Tests.Package;

/// <summary>
/// The CLI as a user gets it without a clone: `dotnet pack` of src/TorchPractice.Cli into a local feed,
/// `dotnet tool install --tool-path T --add-source FEED TorchPractice.Cli` into a temporary folder (from a folder
/// whose NuGet.config is the repository's), then T/torchpractice runs info, a short train and a quick compare.
/// Packing compiles the CLI and its projects in Release into the temporary folder (a few minutes on a busy
/// 2-core machine); the runs take seconds.
/// </summary>
public sealed class ToolInstallTests(ConsumerAppTests.Workspace work) : IClassFixture<ConsumerAppTests.Workspace>
{
    [Fact]
    public void The_packed_tool_installs_from_a_local_feed_and_runs_info_train_and_compare()
    {
        work.SkipUnlessAvailable();
        string feed = work.PackTool();
        // The pack step marked the glue's need weak for every host, not only for hosts like this one.
        Assert.Contains("torch-compat: for any host:", work.ToolPackOutput);

        string user = work.CreateFolderWithNuGetConfig("tool-user", extraSource: null);
        string tools = Path.Combine(work.Root, "tools");
        var install = work.Dotnet(user, "tool", "install", "--tool-path", tools, "--add-source", feed,
            "TorchPractice.Cli", "--version", work.Version);
        Assert.True(install.Code == 0, install.Output);
        string torchpractice = Path.Combine(tools, "torchpractice");
        Assert.True(File.Exists(torchpractice), install.Output);

        // The installed glue (extracted from the package) has the need weak; the NuGet cache's copy was never edited.
        string glue = Directory.EnumerateFiles(Path.Combine(tools, ".store"), LibStdCxxCompat.NativeGlue, SearchOption.AllDirectories).Single();
        Assert.True(LibStdCxxCompat.IsApplied(glue));
        if (File.Exists(work.CachedGlue)) Assert.False(LibStdCxxCompat.IsApplied(work.CachedGlue), $"{work.CachedGlue} was changed");

        // info: the tool's own natives, loaded directly (no in-memory fix), and a computation: [[1,2],[3,4]]² sums to 54.
        using (var info = RunJson(user, torchpractice, "info", "--json"))
        {
            var r = info.RootElement;
            Assert.Equal(glue, r.GetProperty("native_glue_path").GetString());
            Assert.StartsWith(Path.GetDirectoryName(glue)!, r.GetProperty("libtorch_path").GetString());
            Assert.True(r.GetProperty("compat_applied").GetBoolean());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("compat_in_memory").ValueKind);
            Assert.Equal("cpu", r.GetProperty("torch_backend").GetString());
            Assert.Equal(54.0, r.GetProperty("check_result").GetDouble());
        }

        // train: the same costs, bit for bit, as this checkout's CLI run in-process with the same options.
        string[] train = ["train", "--iterations", "10", "--print-every", "5", "--json"];
        using (var installed = RunJson(user, torchpractice, train))
        using (var here = JsonDocument.Parse(CliRun.Run(train).Out))
        {
            Assert.Equal(10, installed.RootElement.GetProperty("iterations_run").GetInt32());
            var costs = Costs(installed);
            Assert.Equal([0, 5, 9], costs.Select(c => c.Iteration));
            Assert.All(costs, c => Assert.True(double.IsFinite(c.Cost) && c.Cost > 0));
            Assert.Equal(Costs(here), costs);
        }

        // compare: the studies' report with its plots (SkiaSharp's natives travel in the package too).
        string report = Path.Combine(work.Root, "compare-report");
        var compare = work.Run(torchpractice, user, "compare", "--quick", "--studies", "init", "--no-peers", "--out", report);
        Assert.True(compare.Code == 0, $"exit {compare.Code}\n{compare.Stdout}\n{compare.Stderr}");
        Assert.True(File.Exists(Path.Combine(report, "report.md")));
        Assert.NotEmpty(Directory.GetFiles(report, "*.png"));
        using (JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json")))) { }

        var uninstall = work.Dotnet(user, "tool", "uninstall", "--tool-path", tools, "TorchPractice.Cli");
        Assert.True(uninstall.Code == 0, uninstall.Output);
        Assert.False(File.Exists(torchpractice));
    }

    JsonDocument RunJson(string workDir, string program, params string[] args)
    {
        var (code, stdout, stderr) = work.Run(program, workDir, args);
        Assert.True(code == 0, $"{string.Join(' ', args)}: exit {code}\n{stdout}\n{stderr}");
        return JsonDocument.Parse(stdout);
    }

    static List<(int Iteration, double Cost)> Costs(JsonDocument train) =>
        train.RootElement.GetProperty("costs").EnumerateArray()
            .Select(c => (c.GetProperty("iteration").GetInt32(), c.GetProperty("cost").GetDouble())).ToList();
}
