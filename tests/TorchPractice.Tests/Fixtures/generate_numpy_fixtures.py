#!/usr/bin/python3
"""Writes the NumPy / scikit-learn reference draws that the C# tests compare bit for bit.

Run with Debian's Python (apt-get install -y python3-numpy python3-sklearn), from anywhere:
    /usr/bin/python3 tests/TorchPractice.Tests/Fixtures/generate_numpy_fixtures.py
Output: Fixtures/numpy/manifest.json (what was drawn, with versions) plus little-endian binary
files of float64 ("f8") and int64 ("i8") values, addressed by byte offset from the manifest.
The output is deterministic: rerunning it must leave git clean.
"""
import os

# NumPy >= 1.22 computes float64 sin/cos with Intel SVML kernels on AVX-512 CPUs (up to 2 ulp away
# from the C library). The course's NumPy, NumPy on other CPUs and .NET's Math.Sin/Cos all use the C
# library, so switch those kernels off before NumPy loads; make_circles below checks that it worked.
os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import json
import math
import platform
import struct
import sys
import warnings

warnings.simplefilter("ignore")  # NumPy warns when a listed feature is absent on this CPU: harmless
import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "numpy")


class BinWriter:
    """Appends arrays to one binary file and returns where each one starts."""

    def __init__(self, name):
        self.name = name
        self.data = bytearray()

    def add(self, values, kind):
        arr = np.ascontiguousarray(values, dtype="<f8" if kind == "f8" else "<i8").ravel()
        offset = len(self.data)
        self.data += arr.tobytes()
        return {"file": self.name, "dtype": kind, "offset": offset, "count": int(arr.size)}

    def save(self):
        with open(os.path.join(OUT, self.name), "wb") as f:
            f.write(self.data)


def stream_case(bins, seed):
    """A mixed call sequence on one RandomState, as a notebook would make it."""
    rs = np.random.RandomState(seed)
    steps = []

    def step(op, values, kind, **args):
        steps.append(dict(op=op, **args, **bins.add(values, kind)))

    step("rand", rs.rand(1000), "f8", shape=[1000])
    step("randn", rs.randn(1001), "f8", shape=[1001])  # odd: leaves a cached normal behind
    step("rand", rs.rand(3, 7), "f8", shape=[3, 7])     # the cached normal survives this
    step("randn", rs.randn(3, 5), "f8", shape=[3, 5])
    x = np.arange(50)
    rs.shuffle(x)
    step("shuffle", x, "i8", n=50)
    step("normal", rs.normal(1.5, 0.25, size=(11,)), "f8", loc=1.5, scale=0.25, shape=[11])
    step("random_sample", [rs.random_sample()], "f8")
    step("standard_normal", [rs.standard_normal()], "f8")
    step("permutation", rs.permutation(1000), "i8", n=1000)
    for mx in [0, 1, 2, 3, 7, 100, 2**31, 2**32 - 1, 2**32, 2**40 + 12345]:
        # randint(0, max+1) on int64 is the same masked rejection as random_interval(max)
        step("interval", rs.randint(0, mx + 1, size=50, dtype=np.int64), "i8", max=mx)
    step("randn", rs.randn(1), "f8", shape=[1])
    reseed = (seed + 1) % 2**32
    rs.seed(reseed)
    step("seed", [], "f8", seed=reseed)                   # reseeding must drop the cached normal
    step("randn", rs.randn(2, 3), "f8", shape=[2, 3])
    step("rand", rs.rand(4000), "f8", shape=[4000])      # many MT19937 regenerations
    return {"seed": seed, "steps": steps}


def circles_case(bins, seed, n, noise, factor):
    """make_circles on the global stream, as the course's load_dataset does after np.random.seed."""
    t = np.linspace(0, 2 * np.pi, n // 2, endpoint=False)
    if any(np.cos(v) != math.cos(v) or np.sin(v) != math.sin(v) for v in t):
        sys.exit("np.cos/np.sin differ from the C library here: NPY_DISABLE_CPU_FEATURES did not take")
    np.random.seed(seed)
    X, y = make_circles(n_samples=n, noise=noise, factor=factor)
    return {"seed": seed, "n_samples": n, "noise": noise, "factor": factor,
            "X": bins.add(X, "f8"), "y": bins.add(y, "i8")}


def moons_case(bins, seed, n, noise):
    """make_moons on the global stream, as week 2's load_dataset does after np.random.seed(3)."""
    t = np.linspace(0, np.pi, n // 2)
    if any(np.cos(v) != math.cos(v) or np.sin(v) != math.sin(v) for v in t):
        sys.exit("np.cos/np.sin differ from the C library here: NPY_DISABLE_CPU_FEATURES did not take")
    np.random.seed(seed)
    X, y = make_moons(n_samples=n, noise=noise)
    return {"seed": seed, "n_samples": n, "noise": noise, "X": bins.add(X, "f8"), "y": bins.add(y, "i8")}


def mini_batch_case(m, size, epochs):
    """Week 2's random_mini_batches: seed = 10, then per epoch seed += 1; np.random.seed(seed); permutation(m)."""
    seed, perms = 10, []
    for _ in range(epochs):
        seed += 1
        np.random.seed(seed)
        perms.append(np.random.permutation(m).tolist())
    return {"m": m, "mini_batch_size": size, "first_seed": 11, "permutations": perms}


def split_case(n, positives_every, test_size, seed, stratified):
    """train_test_split of sample indices 0..n-1 with labels y[i] = (i % positives_every == positives_every - 1)."""
    y = (np.arange(n) % positives_every == positives_every - 1).astype(np.int64)
    train, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed,
                                   stratify=y if stratified else None)
    return {"n": n, "y": y.tolist(), "test_size": test_size, "seed": seed, "stratified": stratified,
            "train": train.tolist(), "test": test.tolist()}


def three_way_case(n, positives_every, test_size, dev_size, seed, stratified):
    """train / dev / test as train_test_split applied twice with the same random_state: test out of everything,
    then dev out of the rest (labels as in split_case; the second call stratifies on the rest's labels, in its order)."""
    y = (np.arange(n) % positives_every == positives_every - 1).astype(np.int64)
    rest, test = train_test_split(np.arange(n), test_size=test_size, random_state=seed,
                                  stratify=y if stratified else None)
    train, dev = train_test_split(rest, test_size=dev_size, random_state=seed,
                                  stratify=y[rest] if stratified else None)
    return {"n": n, "y": y.tolist(), "test_size": test_size, "dev_size": dev_size, "seed": seed, "stratified": stratified,
            "train": train.tolist(), "dev": dev.tolist(), "test": test.tolist()}


def main():
    os.makedirs(OUT, exist_ok=True)
    streams = BinWriter("streams.bin")
    circles = BinWriter("circles.bin")
    moons = BinWriter("moons.bin")
    manifest = {
        "generator": "tests/TorchPractice.Tests/Fixtures/generate_numpy_fixtures.py",
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "python": platform.python_version(),
        "note": "float64/int64 little-endian; offset in bytes. NumPy's AVX-512 SVML sin/cos disabled.",
        "streams": [stream_case(streams, s) for s in [0, 1, 2, 3, 42, 123456789, 2**31 - 1, 2**32 - 1]],
        "circles": [
            circles_case(circles, 1, 300, 0.05, 0.8),  # the course's training set
            circles_case(circles, 2, 100, 0.05, 0.8),  # the course's test set
            circles_case(circles, 0, 101, 0.1, 0.5),
            circles_case(circles, 7, 33, 0.05, 0.8),
        ],
        "moons": [
            moons_case(moons, 3, 300, 0.2),  # week 2's training set (its only set)
            moons_case(moons, 4, 100, 0.2),  # our test set: the next seed, as circles' test set
            moons_case(moons, 0, 101, 0.1),
        ],
        "mini_batches": [mini_batch_case(300, 64, 3), mini_batch_case(7, 2, 2)],
        "splits": [
            split_case(103, 10, 0.25, 0, False),
            split_case(103, 10, 0.25, 0, True),
            split_case(200, 33, 0.3, 42, True),
            split_case(50, 2, 0.5, 7, True),
            split_case(10, 2, 0.25, 3, False),
            split_case(211, 5, 0.1, 5, True),
        ],
        # A dev set carved out of the training data (Splitting.TrainDevTest / CarveDev).
        "three_way_splits": [
            three_way_case(103, 10, 0.25, 0.2, 0, False),
            three_way_case(103, 10, 0.25, 0.2, 0, True),
            three_way_case(264, 5, 0.2, 0.2, 1, True),     # 211 train + dev: compare's football carve, one step removed
            three_way_case(400, 40, 0.2, 0.25, 42, True),  # 2.5 % positives, like fraud
            three_way_case(60, 2, 0.3, 0.5, 7, False),
            three_way_case(1000, 3, 0.2, 0.1, 123, True),
        ],
    }
    streams.save()
    circles.save()
    moons.save()
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
