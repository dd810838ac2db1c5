#!/usr/bin/env python3
"""Loads one CSV with pandas.read_csv (default C engine) and prints one JSON line like CsvLoadBench's:
the load's wall time, the process's resident memory before it and its peak (VmHWM)."""
import json
import sys
import time

import pandas as pd


def kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])


before = kib("VmRSS")
start = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
seconds = time.perf_counter() - start
print(json.dumps({"seconds": round(seconds, 4), "rss_before_kib": before, "peak_rss_kib": kib("VmHWM"),
                  "rows": len(frame), "columns": frame.shape[1], "pandas": pd.__version__}))
