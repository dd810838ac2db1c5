using System.Globalization;
using System.Text;
using TorchPractice.IO;

namespace TorchPractice.Comparison.Bench;

/// <summary>The benchmark as Markdown. Text after <see cref="AnalysisMarker"/> in an existing file is kept (hand-written analysis).</summary>
public static class BenchReport
{
    /// <summary>Text below this line in an existing benchmark.md is kept when the file is rewritten.</summary>
    public const string AnalysisMarker = "<!-- analysis: text below this line is kept when the benchmark rewrites the file -->";

    /// <summary>The reference row of a case (NumPy, or the naive loop for gradient checks).</summary>
    public static BenchRow? Reference(BenchResult r, string caseId) =>
        r.Rows.FirstOrDefault(x => x.CaseId == caseId && x.IsReference && !x.Skipped);

    /// <summary>The result as benchmark.md, headed by the command that produced it.</summary>
    public static string Markdown(BenchResult r, string command)
    {
        var ci = CultureInfo.InvariantCulture;
        var m = r.Machine;
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmark: TorchPractice against NumPy (and PyTorch)").AppendLine();
        sb.AppendLine($"Produced by `{command}` ({(r.Quick ? "quick: reduced iterations" : "full")}; up to {r.Reps} repetitions per case).").AppendLine();
        sb.AppendLine($"- date: {m.Date}");
        sb.AppendLine($"- machine: {m.Cores} cores, {m.Cpu}; load average {m.LoadAverageBefore} before, {m.LoadAverageAfter} after (the cores are shared with other jobs)");
        sb.AppendLine($"- ours: TorchSharp {m.TorchSharp}, libtorch {m.LibTorch}, {m.DotNet}, device {m.Device}, float64; intra-op threads per row (TorchRuntime.ThreadsFor unless a thread count was given)");
        string Peer(string k) => r.PeerInfo.TryGetValue(k, out var v) ? v : "n/a";
        sb.AppendLine($"- NumPy peer: python {Peer("python")}, NumPy {Peer("numpy")}, BLAS {Peer("blas")} (Debian libopenblas0-pthread), threads {Peer("threads")}");
        if (r.PeerInfo.ContainsKey("torch torch")) sb.AppendLine($"- PyTorch peer: torch {Peer("torch torch")}, BLAS {Peer("torch blas")}");
        sb.AppendLine("- method: per case one warm-up of each in-process variant, then the variants alternate A B C … per repetition; the time is the training loop's wall time (peers: measured inside the script, no start-up); median over repetitions");
        sb.AppendLine("- memory: ours = resident set growth from 10 % of the run to its end (a leak grows with iterations), and the process's peak working set so far; peers = the script's peak RSS").AppendLine();
        sb.AppendLine("| case | implementation | threads | iterations | median (s) | per iteration | × reference | runs (s) | RSS growth | peak RSS |");
        sb.AppendLine("|---|---|---|---:|---:|---:|---:|---|---:|---:|");
        foreach (var row in r.Rows)
        {
            if (row.Skipped)
            {
                sb.AppendLine($"| {row.CaseTitle} | {row.Variant} | — | {row.Iterations} | — | — | — | {row.Note} | — | — |");
                continue;
            }
            var reference = Reference(r, row.CaseId);
            string ratio = reference is null ? "—" : row.IsReference ? "1 (ref.)" : (row.MedianSeconds / reference.MedianSeconds).ToString("F2", ci) + "×";
            string per = row.SecondsPerIteration >= 1e-3 ? (row.SecondsPerIteration * 1e3).ToString("F1", ci) + " ms" : (row.SecondsPerIteration * 1e6).ToString("F1", ci) + " µs";
            sb.AppendLine($"| {row.CaseTitle} | {row.Variant} | {row.Threads} | {row.Iterations} | {row.MedianSeconds.ToString("F3", ci)} | {per} | {ratio} | " +
                          $"{string.Join(" ", row.Seconds.Select(s => s.ToString("F2", ci)))} | {Bytes(row.RssGrowthBytes)} | {Bytes(row.PeakBytes)} |");
        }
        sb.AppendLine();
        sb.AppendLine("× reference: median time over the reference's median in the same run (NumPy; naive loop for gradient checks); below 1 is faster. A sweep's NumPy row trains its configurations one after another, as a NumPy user would; its iterations are per configuration.");
        foreach (var note in r.Rows.Where(x => x.Note is not null && !x.Skipped).Select(x => $"{x.CaseId}: {x.Note}").Concat(r.Notes).Distinct())
            sb.AppendLine($"- {note}");
        return sb.ToString();
    }

    /// <summary>
    /// True when <paramref name="path"/> is a report this benchmark wrote (it holds <see cref="AnalysisMarker"/>, which
    /// every report ends with): one that <c>bench --out</c> may replace. Files over 16 MiB are not ours.
    /// </summary>
    public static bool IsBenchReport(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= 16 << 20 && File.ReadAllText(path).Contains(AnalysisMarker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// Writes the report, keeping the analysis after the marker of an existing file; atomically (a temporary file in
    /// the same directory, renamed over the old one), so an interrupted write never leaves half a report.
    /// </summary>
    public static void Write(string path, string markdown)
    {
        string analysis = $"\n{AnalysisMarker}\n";
        if (File.Exists(path))
        {
            var old = File.ReadAllText(path);
            int at = old.IndexOf(AnalysisMarker, StringComparison.Ordinal);
            if (at >= 0) analysis = "\n" + old[at..];
        }
        AtomicFile.WriteAllText(path, markdown + analysis);
    }

    static string Bytes(long? b) => b is null ? "—" : Math.Abs(b.Value) >= 1 << 20
        ? (b.Value / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB"
        : (b.Value / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " KiB";
}
