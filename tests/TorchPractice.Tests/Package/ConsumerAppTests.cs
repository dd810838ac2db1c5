using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TorchPractice.NativeCompat;

namespace TorchPractice.Tests.Package;

/// <summary>
/// TorchPractice as a user meets it: a brand-new console app outside the repository, whose project file lists only
/// TorchPractice (the packed package, or a ProjectReference) and TorchSharp-cpu, is built, run, published and run
/// again. Its program is the package readme's example (plus one line reporting the libstdc++ step), so the
/// readme's code is compiled and run too.
/// </summary>
public sealed class ConsumerAppTests(ConsumerAppTests.Workspace work) : IClassFixture<ConsumerAppTests.Workspace>
{
    // The course's He run (init notebook: train accuracy 0.99333), and a passing gradient check.
    const string NotebookAccuracy = "train accuracy 99.3 %";
    const string CheckPassed = "passed: True";

    [Fact]
    public void A_package_consumer_builds_runs_and_publishes_on_this_host()
    {
        work.SkipUnlessAvailable();
        string feed = work.Pack();
        string app = work.CreateApp("PackageConsumer",
            $"""<PackageReference Include="TorchPractice" Version="{work.Version}" />""", extraSource: feed);

        var build = work.Dotnet(app, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "-p:CreateHardLinksForCopyLocalIfPossible=true");
        Assert.True(build.Code == 0, build.Output);
        AssertCompatLine(build.Output, Path.Combine("bin", "Release", "net10.0"));
        string bin = Path.Combine(app, "bin", "Release", "net10.0");
        AssertRuns(app, Path.Combine(bin, "PackageConsumer.dll"), expectInMemory: false);
        Assert.False(Directory.Exists(Path.Combine(bin, "cpu")), "TorchSharp's fallback copied natives into bin/cpu");

        string published = Path.Combine(work.Root, "PackageConsumer-published");
        var publish = work.Dotnet(app, "publish", "-c", "Release", "--no-build", "-nodeReuse:false", "-o", published,
            "-p:CreateHardLinksForPublishFilesIfPossible=true");
        Assert.True(publish.Code == 0, publish.Output);
        AssertCompatLine(publish.Output, "PackageConsumer-published");
        AssertRuns(app, Path.Combine(published, "PackageConsumer.dll"), expectInMemory: false);

        // Both outputs hard-link the natives from the NuGet cache: the step replaced its copies, never the cache's.
        if (work.HostLacksVersion)
            Assert.False(LibStdCxxCompat.IsApplied(work.CachedGlue), $"{work.CachedGlue} was changed");
    }

    [Fact]
    public void A_project_reference_consumer_builds_runs_and_publishes_on_this_host()
    {
        work.SkipUnlessAvailable();
        string library = Path.Combine(work.Repository, "src", "TorchPractice", "TorchPractice.csproj");
        string app = work.CreateApp("ProjectConsumer", $"""<ProjectReference Include="{library}" />""", extraSource: null);

        // --artifacts-path: the library's build output goes to the temporary folder, not into the checkout.
        var build = work.Dotnet(app, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "--artifacts-path", work.Artifacts, $"-p:Version={work.Version}");
        Assert.True(build.Code == 0, build.Output);
        string bin = Path.Combine(work.Artifacts, "bin", "ProjectConsumer", "release");
        // No build step reaches a project reference: the runtime loads an in-memory fixed copy instead.
        AssertRuns(app, Path.Combine(bin, "ProjectConsumer.dll"), expectInMemory: work.HostLacksVersion);
        Assert.False(Directory.Exists(Path.Combine(bin, "cpu")), "TorchSharp's fallback copied natives into bin/cpu");

        string published = Path.Combine(work.Root, "ProjectConsumer-published");
        var publish = work.Dotnet(app, "publish", "-c", "Release", "--no-build", "-nodeReuse:false", "-o", published,
            "--artifacts-path", work.Artifacts, $"-p:Version={work.Version}");
        Assert.True(publish.Code == 0, publish.Output);
        AssertRuns(app, Path.Combine(published, "ProjectConsumer.dll"), expectInMemory: work.HostLacksVersion);
    }

    [Fact]
    public void A_project_reference_consumer_that_imports_the_targets_may_touch_TorchSharp_first()
    {
        work.SkipUnlessAvailable();
        string library = Path.Combine(work.Repository, "src", "TorchPractice", "TorchPractice.csproj");
        string targets = Path.Combine(work.Repository, "src", "TorchPractice", "buildTransitive", "TorchPractice.targets");
        // TorchSharp before any TorchPractice type: nothing of TorchPractice's runs before TorchSharp loads its glue.
        const string program = """
            Console.WriteLine($"sum {TorchSharp.torch.ones(2, 2).sum().item<float>()}");
            Console.WriteLine($"compat: {TorchPractice.Runtime.TorchRuntime.Describe(TorchPractice.Runtime.DeviceChoice.Cpu).CompatInMemory ?? "none"}");
            """;
        string app = work.CreateApp("TorchSharpFirst", $"""<ProjectReference Include="{library}" />""", extraSource: null,
            imports: $"""<Import Project="{targets}" />""", program: program);

        var build = work.Dotnet(app, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false",
            "--artifacts-path", work.Artifacts, $"-p:Version={work.Version}", "-p:CreateHardLinksForCopyLocalIfPossible=true");
        Assert.True(build.Code == 0, build.Output);
        AssertCompatLine(build.Output, Path.Combine("bin", "TorchSharpFirst", "release"));
        string dll = Path.Combine(work.Artifacts, "bin", "TorchSharpFirst", "release", "TorchSharpFirst.dll");
        var run = work.Dotnet(app, "exec", dll);
        Assert.True(run.Code == 0, $"exit {run.Code}:\n{run.Output}");
        Assert.Contains("sum 4", run.Output);
        Assert.Contains("compat: none", run.Output); // the output's glue loads as it is: fixed at build time
        if (work.HostLacksVersion)
            Assert.False(LibStdCxxCompat.IsApplied(work.CachedGlue), $"{work.CachedGlue} was changed");
    }

    void AssertRuns(string app, string dll, bool expectInMemory)
    {
        var run = work.Dotnet(app, "exec", dll);
        Assert.True(run.Code == 0, $"exit {run.Code}:\n{run.Output}");
        Assert.Contains(NotebookAccuracy, run.Output);
        Assert.Contains(CheckPassed, run.Output);
        if (expectInMemory) Assert.Contains("compat: host libstdc++", run.Output);
        else Assert.Contains("compat: none", run.Output);
    }

    void AssertCompatLine(string output, string outputFolder)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("torch-compat:", StringComparison.Ordinal));
        Assert.True(line is not null, $"no torch-compat line:\n{output}");
        if (work.HostLacksVersion)
        {
            Assert.Contains($"lacks {LibStdCxxCompat.MissingVersion}", line);
            Assert.Contains(Path.Combine(outputFolder, "runtimes", "linux-x64", "native", LibStdCxxCompat.NativeGlue), line);
        }
        else Assert.Contains($"provides {LibStdCxxCompat.MissingVersion}", line);
    }

    /// <summary>
    /// One temporary folder for the class (the package, the apps, their outputs), a package version no other run
    /// uses, and the global packages folder reused; on dispose the folder and that version's cache entry go.
    /// </summary>
    public sealed class Workspace : IDisposable
    {
        readonly Lazy<string> _feed;
        readonly Lazy<string> _toolFeed;

        const string Prefix = "torchpractice-consumer-";

        public Workspace()
        {
            Repository = FindRepository();
            Root = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));
            Artifacts = Path.Combine(Root, "artifacts");
            Version = "0.1.0-test.t" + Guid.NewGuid().ToString("N")[..12];
            _feed = new Lazy<string>(PackNow);
            _toolFeed = new Lazy<string>(PackToolNow);
            string? host = LibStdCxxCompat.LocateHostLibStdCxx();
            HostLacksVersion = host is not null && !LibStdCxxCompat.HostProvides(host);
            GlobalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            CachedGlue = Path.Combine(GlobalPackages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", LibStdCxxCompat.NativeGlue);
            RemoveLeftoversOfKilledRuns();
        }

        public string Repository { get; }
        public string Root { get; }
        public string Artifacts { get; }
        public string Version { get; }
        public bool HostLacksVersion { get; }
        public string GlobalPackages { get; }
        public string CachedGlue { get; }
        string? DotnetPath { get; } = FindDotnet();

        public void SkipUnlessAvailable()
        {
            Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64, "Linux x64 only");
            Assert.SkipWhen(Repository.Length == 0, "not run from a checkout (no TorchPractice.sln above the test assembly)");
            Assert.SkipWhen(DotnetPath is null, "no dotnet on PATH");
        }

        /// <summary>Packs the library once into a folder used as a package source.</summary>
        public string Pack() => _feed.Value;

        string PackNow()
        {
            string feed = Path.Combine(Root, "feed");
            var pack = Dotnet(Repository, "pack", Path.Combine("src", "TorchPractice", "TorchPractice.csproj"), "-c", "Release",
                "-o", feed, "--artifacts-path", Artifacts, "-nodeReuse:false", "-p:UseSharedCompilation=false", $"-p:Version={Version}");
            Assert.True(pack.Code == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, $"TorchPractice.{Version}.nupkg")), pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, $"TorchPractice.{Version}.snupkg")), pack.Output);
            return feed;
        }

        /// <summary>Packs the CLI as a .NET tool once (TorchPractice.Cli and TorchPractice.Cli.linux-x64) into a package source.</summary>
        public string PackTool() => _toolFeed.Value;

        /// <summary>What packing the tool printed (its torch-compat lines among it).</summary>
        public string ToolPackOutput { get; private set; } = "";

        string PackToolNow()
        {
            string feed = Path.Combine(Root, "tool-feed");
            var pack = Dotnet(Repository, "pack", Path.Combine("src", "TorchPractice.Cli", "TorchPractice.Cli.csproj"), "-c", "Release",
                "-o", feed, "--artifacts-path", Artifacts, "-nodeReuse:false", "-p:UseSharedCompilation=false", $"-p:Version={Version}");
            Assert.True(pack.Code == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, $"TorchPractice.Cli.{Version}.nupkg")), pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, $"TorchPractice.Cli.linux-x64.{Version}.nupkg")), pack.Output);
            ToolPackOutput = pack.Output;
            return feed;
        }

        /// <summary>A folder with the repository's NuGet.config, plus <paramref name="extraSource"/> as a package source.</summary>
        public string CreateFolderWithNuGetConfig(string name, string? extraSource)
        {
            string dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            var config = XDocument.Load(Path.Combine(Repository, "NuGet.config"));
            if (extraSource is not null)
                config.Root!.Element("packageSources")!.Add(new XElement("add", new XAttribute("key", "torchpractice-under-test"), new XAttribute("value", extraSource)));
            config.Save(Path.Combine(dir, "NuGet.config"));
            return dir;
        }

        /// <summary>A console app with a plain project file: TorchPractice (as given) and TorchSharp-cpu, nothing else.</summary>
        public string CreateApp(string name, string torchPracticeReference, string? extraSource, string imports = "", string? program = null)
        {
            string dir = CreateFolderWithNuGetConfig(name, extraSource);
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    {torchPracticeReference}
                    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
                  </ItemGroup>
                  {imports}
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), program ?? ReadmeExample() +
                "Console.WriteLine($\"compat: {TorchRuntime.Describe(DeviceChoice.Cpu).CompatInMemory ?? \"none\"}\");\n");
            return dir;
        }

        string ReadmeExample()
        {
            string readme = File.ReadAllText(Path.Combine(Repository, "src", "TorchPractice", "PACKAGE.md"));
            var code = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline);
            Assert.True(code.Success, "PACKAGE.md has no ```csharp example");
            return code.Groups[1].Value;
        }

        /// <summary>Runs dotnet with the build environment of this test process removed; 10 minutes at most.</summary>
        public (int Code, string Output) Dotnet(string workDir, params string[] args)
        {
            var (code, stdout, stderr) = Run(DotnetPath!, workDir, args);
            return (code, $"dotnet {string.Join(' ', args)}\n{stdout}{stderr}");
        }

        /// <summary>
        /// Runs a program as <see cref="Dotnet"/> runs dotnet (DOTNET_ROOT pointing at that dotnet, as an installed tool
        /// needs it where dotnet is not in a default location); 10 minutes at most.
        /// </summary>
        public (int Code, string Stdout, string Stderr) Run(string program, string workDir, params string[] args)
        {
            var psi = new ProcessStartInfo(program) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
                psi.Environment.Remove(key);
            psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            psi.Environment["DOTNET_NOLOGO"] = "1";
            psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0"; // no build server outlives the test
            psi.Environment["OMP_NUM_THREADS"] = "1";              // course-size tensors; the machine may be busy
            // dotnet's own folder (PATH often holds a link to it).
            psi.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(new FileInfo(DotnetPath!).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? DotnetPath);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return (-1, stdout.Result, $"{Path.GetFileName(program)} {string.Join(' ', args)} timed out\n{stderr.Result}");
            }
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }

        static string FindRepository()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "TorchPractice.sln"))) return dir.FullName;
            return "";
        }

        static string? FindDotnet()
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, "dotnet"))) return Path.Combine(dir, "dotnet");
            string beside = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
            return File.Exists(beside) ? beside : null;
        }

        /// <summary>
        /// A run killed before Dispose leaves its folder and cache entry behind; a day later they are removed here.
        /// (Younger ones may belong to a run going on now.)
        /// </summary>
        void RemoveLeftoversOfKilledRuns()
        {
            var cutoff = DateTime.UtcNow.AddDays(-1);
            var stale = new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(Prefix + "*")
                .Concat(Directory.Exists(Path.Combine(GlobalPackages, "torchpractice"))
                    ? new DirectoryInfo(Path.Combine(GlobalPackages, "torchpractice")).EnumerateDirectories("0.1.0-test.t*")
                    : []);
            foreach (var dir in stale.Where(d => d.LastWriteTimeUtc < cutoff))
                try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        public void Dispose()
        {
            try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); } catch (IOException) { }
            // Restoring the package extracted this run's version into the shared cache; it is of no use to anyone else.
            string cached = Path.Combine(GlobalPackages, "torchpractice", Version);
            try { if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true); } catch (IOException) { }
            // And the package's folder, unless another run has a version there (then Delete refuses: not empty).
            try { Directory.Delete(Path.GetDirectoryName(cached)!); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
