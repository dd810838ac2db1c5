// Stress run for a finalizer race (issue #27 item 2): one `compare --quick` in ~75 died with SIGSEGV in libtorch_cpu.so
// during the regularization study's autograd dropout run. TorchSharp 0.107 frees an implicitly converted Scalar (and any
// tensor no dispose scope holds) in a finalizer; a GC that another thread starts while libtorch is inside a call can free
// an operand that call still reads. This program repeats the path that crashed many times in one process while a
// background thread forces a full GC and waits for the finalizers in a loop, so such a race shows in minutes.
//
//   Stress [--path autograd|study] [--runs N] [--seconds S] [--iterations K] [--no-gc-thread]
//
//   autograd  (default) the reg study's "dropout keep=0.86" run with the autograd model, as StudyRuns trains it:
//             football, [2,20,3,1] ReLU, LeCun, lr 0.3, NumPy seed 3, shared masks, K iterations (default 400), then
//             the train/test metrics and the 200×200 boundary grid. Each run checks the final cost against the first
//             run's (same seed: bit-identical), so a race that corrupts a number without crashing is counted too.
//   study     the whole reg study in-process (CompareRunner, --studies reg --no-peers, its three runs and both sweeps
//             on two threads, the figures), with K iterations per run and per sweep, into a temporary directory.
//
// Prints a line per run ("run N ok") and a last line "runs N, mismatches M, seconds S"; exit 0 when M is 0, 1 otherwise. A
// crash ends the process (exit 134/139): stress.sh runs this program many times and counts those.
using System.Diagnostics;
using CultureInfo = System.Globalization.CultureInfo;
using TorchPractice.Comparison.Studies;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Random;
using TorchPractice.Runtime;
using TorchPractice.Training;

string path = "autograd";
int runs = 100, iterations = 400;
double seconds = double.PositiveInfinity;
bool gcThread = true;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--path": path = Next(); break;
        case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--no-gc-thread": gcThread = false; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
if (path is not ("autograd" or "study")) { Console.Error.WriteLine($"--path autograd|study; got {path}"); return 2; }

NativeAllocator.Tune(); // as the torchpractice command does
var device = TorchRuntime.Select(DeviceChoice.Cpu);
TorchRuntime.SetThreads(1); // as compare does

// Forces collections (and finalizers) at any moment, also while the training thread is inside a libtorch call.
using var stop = new CancellationTokenSource();
long collections = 0;
var collector = new Thread(() =>
{
    while (!stop.IsCancellationRequested)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Interlocked.Increment(ref collections);
    }
}) { IsBackground = true, Name = "gc-hammer" };
if (gcThread) collector.Start();

var clock = Stopwatch.StartNew();
int done = 0, mismatches = 0;
double? reference = null;
var split = DataSources.Resolve("football", new DataOptions());
using (var data = new StudyData(split, device, 200))
{
    var dropout = RegularizationStudy.Entries.Single(e => e.KeepProb < 1);
    var model = new ModelOptions
    {
        Layers = [split.Train.FeatureCount, 20, 3, 1], Activation = Activation.Relu, Init = Init.Lecun,
        Lambd = dropout.Lambd, KeepProb = dropout.KeepProb,
    };
    var train = new TrainOptions { LearningRate = RegularizationStudy.LearningRate, Iterations = iterations, PrintEvery = 100 };
    var tmp = Directory.CreateTempSubdirectory("tp-stress-");
    try
    {
        while (done < runs && clock.Elapsed.TotalSeconds < seconds)
        {
            double fingerprint;
            if (path == "autograd")
            {
                using var run = StudyRuns.Train(Implementation.Autograd, model, train, RegularizationStudy.Seed, RandomSources.NumPy,
                    data, device, null, CancellationToken.None);
                fingerprint = run.Result.FinalCost!.Value + run.Result.TrainAccuracy!.Value + run.Result.TestAccuracy!.Value;
            }
            else
            {
                var options = new CompareOptions
                {
                    Studies = new HashSet<string> { "reg" }, Peers = false,
                    Budget = new IterationBudget { Reg = iterations, Sweep = iterations, PrintEvery = 100 },
                };
                var result = CompareRunner.Run(options, Path.Combine(tmp.FullName, done.ToString(CultureInfo.InvariantCulture)), force: false);
                var reg = result.Reg!;
                fingerprint = reg.Rows.Sum(r => r.Pair.Scratch.FinalCost!.Value + r.Pair.Autograd.FinalCost!.Value)
                    + reg.LambdaSweep.Sum(p => p.Run.FinalCost!.Value) + reg.KeepProbSweep.Sum(p => p.Run.FinalCost!.Value);
                Directory.Delete(result.OutputDirectory!, recursive: true);
            }
            reference ??= fingerprint;
            if (BitConverter.DoubleToInt64Bits(fingerprint) != BitConverter.DoubleToInt64Bits(reference.Value))
            {
                mismatches++;
                Console.Error.WriteLine($"run {done}: fingerprint {fingerprint:R} differs from the first run's {reference:R}");
            }
            done++;
            Console.WriteLine($"run {done} ok, {clock.Elapsed.TotalSeconds:0.0} s, {Interlocked.Read(ref collections)} forced GCs");
        }
    }
    finally { tmp.Delete(recursive: true); }
}
stop.Cancel();
Console.WriteLine($"runs {done}, mismatches {mismatches}, forced GCs {Interlocked.Read(ref collections)}, seconds {clock.Elapsed.TotalSeconds:0}");
return mismatches == 0 ? 0 : 1;
