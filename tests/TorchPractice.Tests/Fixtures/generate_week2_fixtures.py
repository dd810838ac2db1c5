#!/usr/bin/python3
"""Week 2 of the course ("Optimization algorithms"): the assignment's model run in NumPy, as the reference the C#
trainer's mini-batches and hand-written update rules are pinned to.

Run with Debian's Python (apt-get install -y python3-numpy python3-sklearn), from anywhere:
    /usr/bin/python3 tests/TorchPractice.Tests/Fixtures/generate_week2_fixtures.py
Output: Fixtures/week2/runs.json: per optimizer (and decay), every epoch's cost (cost_total / m) for the first
EPOCHS epochs, the final parameters and the training accuracy. The code below is the assignment's (opt_utils_v1a and
the notebook's model / update functions), written from the course's formulas; RMSprop, which the assignment does not
implement, in the lectures' form. Deterministic: rerunning it must leave git clean.
"""
import json
import math
import os
import platform

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"  # see generate_numpy_fixtures.py
import warnings

warnings.simplefilter("ignore")
import numpy as np
import sklearn
from sklearn.datasets import make_moons

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCHS = 100


def load_dataset():
    np.random.seed(3)
    X, y = make_moons(n_samples=300, noise=.2)
    return X.T, y.reshape((1, y.shape[0]))


def initialize_parameters(layer_dims):
    np.random.seed(3)
    p = {}
    for l in range(1, len(layer_dims)):
        p["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * np.sqrt(2 / layer_dims[l - 1])
        p["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return p


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def forward_propagation(X, p):
    z1 = np.dot(p["W1"], X) + p["b1"]; a1 = relu(z1)
    z2 = np.dot(p["W2"], a1) + p["b2"]; a2 = relu(z2)
    z3 = np.dot(p["W3"], a2) + p["b3"]; a3 = sigmoid(z3)
    return a3, (z1, a1, p["W1"], p["b1"], z2, a2, p["W2"], p["b2"], z3, a3, p["W3"], p["b3"])


def compute_cost(a3, Y):
    logprobs = np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)
    return np.sum(logprobs)


def backward_propagation(X, Y, cache):
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1. / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T); db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T); db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T); db1 = np.sum(dz1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def random_mini_batches(X, Y, mini_batch_size, seed):
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    batches = []
    for k in range(math.floor(m / mini_batch_size)):
        batches.append((shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                        shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]))
    if m % mini_batch_size != 0:
        k = math.floor(m / mini_batch_size)
        batches.append((shuffled_X[:, k * mini_batch_size:], shuffled_Y[:, k * mini_batch_size:]))
    return batches


def update_parameters_with_gd(p, g, lr):
    for l in range(1, len(p) // 2 + 1):
        p["W" + str(l)] = p["W" + str(l)] - lr * g["dW" + str(l)]
        p["b" + str(l)] = p["b" + str(l)] - lr * g["db" + str(l)]
    return p


def update_parameters_with_momentum(p, g, v, beta, lr):
    for l in range(1, len(p) // 2 + 1):
        for k in ("W", "b"):
            v["d" + k + str(l)] = beta * v["d" + k + str(l)] + (1 - beta) * g["d" + k + str(l)]
            p[k + str(l)] = p[k + str(l)] - lr * v["d" + k + str(l)]
    return p, v


def update_parameters_with_rmsprop(p, g, s, beta2, lr, epsilon):
    for l in range(1, len(p) // 2 + 1):
        for k in ("W", "b"):
            s["d" + k + str(l)] = beta2 * s["d" + k + str(l)] + (1 - beta2) * np.power(g["d" + k + str(l)], 2)
            p[k + str(l)] = p[k + str(l)] - lr * g["d" + k + str(l)] / (np.sqrt(s["d" + k + str(l)]) + epsilon)
    return p, s


def update_parameters_with_adam(p, g, v, s, t, lr, beta1, beta2, epsilon):
    for l in range(1, len(p) // 2 + 1):
        for k in ("W", "b"):
            key = "d" + k + str(l)
            v[key] = beta1 * v[key] + (1 - beta1) * g[key]
            v_corrected = v[key] / (1 - np.power(beta1, t))
            s[key] = beta2 * s[key] + (1 - beta2) * np.power(g[key], 2)
            s_corrected = s[key] / (1 - np.power(beta2, t))
            p[k + str(l)] = p[k + str(l)] - lr * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return p, v, s


def update_lr(learning_rate0, epoch_num, decay_rate):
    return 1 / (1 + decay_rate * epoch_num) * learning_rate0


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return 1 / (1 + decay_rate * np.floor(epoch_num / time_interval)) * learning_rate0


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
          epsilon=1e-8, num_epochs=EPOCHS, decay=None, decay_rate=1):
    costs, t, seed, m, learning_rate0 = [], 0, 10, X.shape[1], learning_rate
    p = initialize_parameters(layers_dims)
    zeros = {"d" + k + str(l): np.zeros(p[k + str(l)].shape) for l in range(1, len(layers_dims)) for k in ("W", "b")}
    v, s = dict(zeros), dict(zeros)
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for (mx, my) in random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = forward_propagation(mx, p)
            cost_total += compute_cost(a3, my)
            grads = backward_propagation(mx, my, caches)
            if optimizer == "gd":
                p = update_parameters_with_gd(p, grads, learning_rate)
            elif optimizer == "momentum":
                p, v = update_parameters_with_momentum(p, grads, v, beta, learning_rate)
            elif optimizer == "rmsprop":
                p, s = update_parameters_with_rmsprop(p, grads, s, beta2, learning_rate, epsilon)
            elif optimizer == "adam":
                t = t + 1
                p, v, s = update_parameters_with_adam(p, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
        costs.append(cost_total / m)
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
    return p, costs


def run(X, Y, optimizer, decay_name=None, **kw):
    decay = {"inverse": update_lr, "scheduled": schedule_lr_decay}.get(decay_name)
    p, costs = model(X, Y, [X.shape[0], 5, 2, 1], optimizer, decay=decay, **kw)
    a3, _ = forward_propagation(X, p)
    accuracy = float(np.mean((a3 > 0.5) == Y))
    return {"optimizer": optimizer, "decay": decay_name or "none", "settings": {k: v for k, v in kw.items()},
            "costs": [float(c) for c in costs], "accuracy": accuracy,
            "parameters": {k: v.ravel().tolist() for k, v in p.items()}}


def main():
    X, Y = load_dataset()
    runs = [
        run(X, Y, "gd"),
        run(X, Y, "momentum"),
        run(X, Y, "rmsprop", learning_rate=0.001),
        run(X, Y, "adam"),
        run(X, Y, "gd", "inverse", learning_rate=0.1, decay_rate=1),
        run(X, Y, "adam", "scheduled", learning_rate=0.01, decay_rate=0.3, num_epochs=EPOCHS),
        run(X, Y, "momentum", "inverse", learning_rate=0.1, decay_rate=1),
    ]
    out = {"generator": "tests/TorchPractice.Tests/Fixtures/generate_week2_fixtures.py", "numpy": np.__version__,
           "sklearn": sklearn.__version__, "python": platform.python_version(), "epochs": EPOCHS,
           "layers": [2, 5, 2, 1], "mini_batch_size": 64, "runs": runs}
    os.makedirs(os.path.join(HERE, "week2"), exist_ok=True)
    with open(os.path.join(HERE, "week2", "runs.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
