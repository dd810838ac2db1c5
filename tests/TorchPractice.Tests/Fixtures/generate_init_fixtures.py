#!/usr/bin/python3
"""Writes the initial parameters NumPy draws for every initialization scheme, which the C# tests compare bit for bit.

Run with Debian's Python (apt-get install -y python3-numpy), from anywhere:
    /usr/bin/python3 tests/TorchPractice.Tests/Fixtures/generate_init_fixtures.py
Output: Fixtures/init/initializations.json. Floats are written as Python's repr (shortest round trip), so
they parse back to the same bits. The output is deterministic: rerunning it must leave git clean.

The formulas are written here from their definitions, independently of the library and of the peers:
np.random.seed(seed), then per layer l = 1..L one draw of shape (n_l, n_{l-1}), biases zero.
  zeros    W = 0                                          (no draw)
  random   W = randn(n_l, n_{l-1}) * scale                (the initialization notebook, scale 10)
  he       W = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1})    (He et al. 2015; the notebook's He)
  lecun    W = randn(n_l, n_{l-1}) / sqrt(n_{l-1})        (LeCun 1998; the regularization notebook's reg_utils)
  xavier   W = randn(n_l, n_{l-1}) * sqrt(2 / (n_{l-1} + n_l))   (Glorot & Bengio 2010, normal form)
  uniform  W = (rand(n_l, n_{l-1}) * 2 - 1) * scale       (U(-scale, scale))
"next" holds the first three rand() values after the initialization: where the stream stands when the
dropout masks start to be drawn.
"""
import json
import os
import platform

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "init")


def weights(init, n, n_prev, scale):
    if init == "zeros":
        return np.zeros((n, n_prev))
    if init == "random":
        return np.random.randn(n, n_prev) * scale
    if init == "he":
        return np.random.randn(n, n_prev) * np.sqrt(2. / n_prev)
    if init == "lecun":
        return np.random.randn(n, n_prev) / np.sqrt(n_prev)
    if init == "xavier":
        return np.random.randn(n, n_prev) * np.sqrt(2. / (n_prev + n))
    if init == "uniform":
        return (np.random.rand(n, n_prev) * 2 - 1) * scale
    raise ValueError(init)


def case(init, layers, seed, scale, dtype="float64"):
    np.random.seed(seed)
    params = {}
    for l in range(1, len(layers)):
        n, n_prev = layers[l], layers[l - 1]
        params["W" + str(l)] = weights(init, n, n_prev, scale).astype(dtype)
        params["b" + str(l)] = np.zeros((n, 1), dtype=dtype)
    nxt = np.random.rand(3)
    return {"init": init, "layers": layers, "seed": seed, "scale": scale, "dtype": dtype,
            "parameters": {k: {"shape": list(v.shape), "values": [float(x) for x in v.ravel()]}
                           for k, v in params.items()},
            "next": [float(x) for x in nxt]}


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for init in ("zeros", "random", "he", "lecun", "xavier", "uniform"):
        cases.append(case(init, [2, 10, 5, 1], 3, 10.0))   # the initialization notebook's network and seed
        cases.append(case(init, [2, 20, 3, 1], 3, 10.0))   # the regularization notebook's
        cases.append(case(init, [5, 7, 4, 1], 1, 0.5))     # n_l != n_{l-1} everywhere: Xavier differs from LeCun and He
        cases.append(case(init, [4, 9, 7, 5, 6, 3, 1], 2, 2.0))  # L = 6: a deep net, widths shrinking and growing
        cases.append(case(init, [6, 1], 5, 0.1))           # L = 1: logistic regression
    cases.append(case("xavier", [3, 6, 2, 1], 11, 1.0, "float32"))  # drawn in float64, then rounded
    cases.append(case("uniform", [3, 6, 2, 1], 12, 0.01, "float32"))
    manifest = {"generator": "tests/TorchPractice.Tests/Fixtures/generate_init_fixtures.py",
                "numpy": np.__version__, "python": platform.python_version(), "cases": cases}
    with open(os.path.join(OUT, "initializations.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
