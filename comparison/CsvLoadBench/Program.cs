// Usage: CsvLoadBench FILE.csv — loads it with CsvFile.Load (what `train --data FILE.csv` does before splitting) and
// prints one JSON line: the load's wall time, the process's resident memory before it and its peak (VmHWM).
using System.Diagnostics;
using System.Globalization;
using TorchPractice.Data.Loading;

if (args.Length != 1) { Console.Error.WriteLine("usage: CsvLoadBench FILE.csv"); return 2; }
long before = Kib("VmRSS");
var clock = Stopwatch.StartNew();
var data = CsvFile.Load(args[0]);
double seconds = clock.Elapsed.TotalSeconds;
long peak = Kib("VmHWM");
GC.KeepAlive(data);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{{\"seconds\": {seconds:F4}, \"rss_before_kib\": {before}, \"peak_rss_kib\": {peak}, \"rows\": {data.Count}, \"columns\": {data.FeatureCount + 1}}}"));
return 0;

// From /proc/self/status (Linux): "VmHWM:   123456 kB".
static long Kib(string field) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
