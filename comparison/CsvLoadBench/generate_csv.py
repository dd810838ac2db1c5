#!/usr/bin/env python3
"""Writes a synthetic CSV shaped like the public credit-card fraud set (Time, V1..V28, Amount, Class):
31 columns, numbers of 8-10 significant digits, ~0.17 % positives. 284 807 rows give ~95 MB.
Usage: generate_csv.py ROWS OUT.csv [--seed 0]. Deterministic for a seed; standard library only."""
import argparse
import random


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("rows", type=int)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = random.Random(a.seed)
    gauss = rng.gauss
    header = ["Time"] + [f"V{i}" for i in range(1, 29)] + ["Amount", "Class"]
    with open(a.out, "w", newline="\n") as f:
        f.write(",".join(header) + "\n")
        t = 0.0
        for _ in range(a.rows):
            t += rng.expovariate(1.65)
            v = ",".join(["%.9g" % gauss(0.0, 1.5) for _ in range(28)])
            amount = round(rng.lognormvariate(3.0, 1.5), 2)
            label = 1 if rng.random() < 0.00173 else 0
            f.write(f"{t:.1f},{v},{amount},{label}\n")


if __name__ == "__main__":
    main()
