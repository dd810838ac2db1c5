// Prints a Markdown table: microseconds per call or per phase, median of 5 rounds, one libtorch thread.
using System.Diagnostics;
using TorchPractice.Data;
using TorchPractice.Models;
using TorchPractice.Models.Autograd;
using TorchPractice.Runtime;
using TorchPractice.Training;
using TorchSharp;
using static TorchSharp.torch;

NativeAllocator.Tune(); // as the torchpractice command does
TorchRuntime.Select(DeviceChoice.Cpu);
TorchRuntime.SetThreads(1);
const int Rounds = 5, Calls = 50_000;
var rows = new List<(string What, double Us)>();

// One operation, Calls times per round; the median round's time per call.
void Time(string what, Action op)
{
    var rounds = new double[Rounds];
    for (int i = 0; i < Calls / 10; i++) op();
    for (int r = 0; r < Rounds; r++)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Calls; i++) op();
        rounds[r] = clock.Elapsed.TotalMicroseconds / Calls;
    }
    Array.Sort(rounds);
    rows.Add((what, rounds[Rounds / 2]));
}

// The course's largest activation: (20, 211) float64.
var a = randn(20, 211, dtype: float64);
var b = randn(20, 211, dtype: float64);
var w = randn(20, 2, dtype: float64);
var x2 = randn(2, 211, dtype: float64);
using var held = new HeldScalars();
var one = held[1.0000001];
var zero = held[0.0];
Time("a.add_(b, held α) — in place, no new tensor", () => a.add_(b, HeldScalars.One));
Time("a.add(b, held α) + dispose — new tensor", () => { using var c = a.add(b, HeldScalars.One); });
Time("a.mul_(held Scalar)", () => a.mul_(one));
Time("a.mul_(1.0000001) — implicit Scalar per call", () => a.mul_(1.0000001));
Time("W.mm(X) (20×2)(2×211) + dispose", () => { using var c = w.mm(x2); });
Time("a.t() view + dispose", () => { using var c = a.t(); });
Time("a.sum(1, keepdim) + dispose", () => { using var c = a.sum(1, keepdim: true); });
Time("ReLU' as bool mask: b.mul_(a.gt(0))", () => { using var m = a.gt(zero); b.mul_(m); });
Time("ReLU' as sign: b.mul_(a.sign())", () => { using var m = a.sign(); b.mul_(m); });

// Whole steps at the course size ([2,20,3,1], football m=211, no regularization).
var split = DataSources.Resolve("football", new DataOptions());
var (x, y) = split.Train.ToTensors(CPU, float64);
var options = new ModelOptions { Layers = [2, 20, 3, 1], Init = Init.Lecun };
using (var scratch = ModelFactory.Create(Implementation.Scratch, options, "numpy", 3, CPU))
    Time("ScratchModel.TrainStep (34 libtorch calls)", () => scratch.TrainStep(x, y, 0.3, false));

// The phases of an autograd step, as AutogradModel runs it, against TorchSharp's zero_grad.
var net = new FeedForwardNet([2, 20, 3, 1], Activation.Relu, 1, float64, CPU);
var parameters = net.parameters().ToArray();
var sgd = optim.SGD(parameters, 0.3);
var (xt, yt) = (x.t(), y.t());
var phase = new double[5];
long steps = 0;
void Step(bool zeroGrad)
{
    long t0 = Stopwatch.GetTimestamp();
    using var scope = NewDisposeScope();
    if (zeroGrad) sgd.zero_grad(); else foreach (var p in parameters) p.grad = null;
    long t1 = Stopwatch.GetTimestamp();
    var loss = nn.functional.binary_cross_entropy_with_logits(net.Logits(xt, null), yt);
    long t2 = Stopwatch.GetTimestamp();
    loss.backward();
    long t3 = Stopwatch.GetTimestamp();
    sgd.step();
    long t4 = Stopwatch.GetTimestamp();
    phase[zeroGrad ? 4 : 0] += t1 - t0; phase[1] += t2 - t1; phase[2] += t3 - t2; phase[3] += t4 - t3;
    steps++;
}
for (int i = 0; i < 2_000; i++) { Step(false); Step(true); }
Array.Clear(phase); steps = 0;
for (int i = 0; i < 20_000; i++) { Step(false); Step(true); }
double Us(double ticks, long n) => ticks / Stopwatch.Frequency * 1e6 / n;
rows.Add(("autograd: clear .grad (set to none)", Us(phase[0], steps / 2)));
rows.Add(("autograd: optimizer.zero_grad() (TorchSharp 0.107)", Us(phase[4], steps / 2)));
rows.Add(("autograd: forward + BCE-with-logits (recording the graph)", Us(phase[1], steps)));
rows.Add(("autograd: loss.backward()", Us(phase[2], steps)));
rows.Add(("autograd: optim.SGD step()", Us(phase[3], steps)));

Console.WriteLine($"| what (one libtorch thread, float64, {DateTime.UtcNow:yyyy-MM-dd}) | µs |");
Console.WriteLine("|---|---:|");
foreach (var (what, us) in rows) Console.WriteLine($"| {what} | {us:F2} |");
