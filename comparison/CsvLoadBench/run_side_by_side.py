#!/usr/bin/env python3
"""Times CsvFile.Load (CsvLoadBench, Release) against pandas.read_csv on the same files, alternating the two
(ours, pandas, ours, pandas, ...) so that both see the same machine load; prints medians and ratios as Markdown.
Usage: run_side_by_side.py [--reps 5] FILE.csv ...   (make the files with generate_csv.py; build CsvLoadBench with -c Release)."""
import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OURS = os.path.join(HERE, "bin", "Release", "net10.0", "CsvLoadBench")


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("files", nargs="+")
    p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    print("| file | rows × columns | size | CsvFile.Load (s) | pandas.read_csv (s) | time ratio | float64 size of the numbers | "
          "CsvFile peak RSS (before) | pandas peak RSS (before) | RSS ratio | CsvFile peak / numbers |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in a.files:
        ours, theirs = [], []
        for _ in range(a.reps):
            ours.append(run([OURS, path]))
            theirs.append(run([sys.executable, os.path.join(HERE, "pandas_load.py"), path]))
        t_ours = statistics.median(r["seconds"] for r in ours)
        t_pd = statistics.median(r["seconds"] for r in theirs)
        m_ours = statistics.median(r["peak_rss_kib"] for r in ours) / 1024
        m_pd = statistics.median(r["peak_rss_kib"] for r in theirs) / 1024
        b_ours = statistics.median(r["rss_before_kib"] for r in ours) / 1024
        b_pd = statistics.median(r["rss_before_kib"] for r in theirs) / 1024
        rows, cols = ours[0]["rows"], ours[0]["columns"]
        numbers = rows * cols * 8 / 2**20
        size = os.path.getsize(path) / 2**20
        runs = " ".join(f"{r['seconds']:.2f}" for r in ours) + " / " + " ".join(f"{r['seconds']:.2f}" for r in theirs)
        print(f"| {os.path.basename(path)} | {rows} × {cols} | {size:.1f} MiB | {t_ours:.3f} | {t_pd:.3f} | {t_ours / t_pd:.2f}× | "
              f"{numbers:.1f} MiB | {m_ours:.0f} MiB ({b_ours:.0f}) | {m_pd:.0f} MiB ({b_pd:.0f}) | {m_ours / m_pd:.2f}× | {m_ours / numbers:.2f}× |")
        print(f"<!-- runs (s), ours / pandas: {runs}; pandas {theirs[0]['pandas']} -->")
    print(f"load average after: {os.getloadavg()}", file=sys.stderr)


if __name__ == "__main__":
    main()
