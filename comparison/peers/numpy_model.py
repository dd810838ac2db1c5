"""The NumPy peer: the course's L-layer model, written as its notebooks write it (the deep-net code of "Neural Networks
and Deep Learning" week 4, with the L2 and dropout of "Improving Deep Neural Networks" week 1).

[LINEAR->ACTIVATION] x (L-1) -> LINEAR->SIGMOID, batch gradient descent, float64, optional L2 on every weight and
inverted dropout on every hidden layer. layers [n_x, h1, h2, 1] with relu is the course's 3-layer model; [n_x, 1] is
logistic regression.
Usage: python3 numpy_model.py CONFIG.json   (fields: see peer_common.py; one JSON object on stdout)
Fields of this peer only:
  activation   the hidden layers': relu | tanh | sigmoid | leaky_relu (slope 0.01)        (default "relu")
  save_grads   .npz path for the gradients of the first iteration: at the initial parameters, with the first
               pass's dropout masks (dWl under Wl, dbl under bl; of the last run of a sweep, as save_params)
"""
import time

import numpy as np

from peer_common import (PeerError, base_versions, initialize_parameters, load_data, numpy_blas, read_config,
                         records_cost, report, run_main, save_params, thread_env)

LEAKY_RELU_SLOPE = 0.01  # PyTorch's default negative slope, as the C# models use


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def leaky_relu(x):
    return np.where(x > 0, x, LEAKY_RELU_SLOPE * x)


# Each hidden activation g with g'(z) written from its output A = g(z) (before dropout), as the course writes relu's.
ACTIVATIONS = {
    "relu": (relu, lambda A: np.int64(A > 0)),
    "tanh": (np.tanh, lambda A: 1 - np.power(A, 2)),
    "sigmoid": (sigmoid, lambda A: A * (1 - A)),
    "leaky_relu": (leaky_relu, lambda A: np.where(A > 0, 1., LEAKY_RELU_SLOPE)),
}


# --- one layer's pieces, each forward beside its backward ---

def linear_forward(A_prev, W, b):
    """Z = W A_prev + b: W (n_l, n_{l-1}), A_prev (n_{l-1}, m), b (n_l, 1) -> Z (n_l, m)."""
    return np.dot(W, A_prev) + b, (A_prev, W)


def linear_backward(dZ, cache, lambd, need_dA_prev=True):
    """dZ (n_l, m) -> dA_prev (n_{l-1}, m) (None for the input layer), dW (n_l, n_{l-1}) with L2, db (n_l, 1)."""
    A_prev, W = cache
    m = A_prev.shape[1]
    dW = 1. / m * np.dot(dZ, A_prev.T) + l2_gradient(W, lambd, m)
    db = 1. / m * np.sum(dZ, axis=1, keepdims=True)
    return (np.dot(W.T, dZ) if need_dA_prev else None), dW, db


def activation_forward(Z, activation):
    """A = g(Z), (n_l, m); A is also what the backward pass needs."""
    return ACTIVATIONS[activation][0](Z)


def activation_backward(dA, A, activation):
    """dZ = dA * g'(Z), with g'(Z) from A = g(Z)."""
    return np.multiply(dA, ACTIVATIONS[activation][1](A))


def dropout_forward(A, keep_prob):
    """Inverted dropout: D = rand(n_l, m) < keep_prob (one draw per hidden layer, layer 1 first); A * D / keep_prob."""
    D = np.random.rand(A.shape[0], A.shape[1]) < keep_prob
    return A * D / keep_prob, D


def dropout_backward(dA, D, keep_prob):
    return dA * D / keep_prob


def l2_gradient(W, lambd, m):
    return (lambd * W) / m if lambd > 0 else 0


# --- the network: a loop over the layers ---

def L_model_forward(X, parameters, activation, keep_prob=1, course_dropout=False):
    """AL = sigmoid(Z_L) (1, m), Z_L, and per layer the cache (linear cache, A before dropout, D)."""
    L = len(parameters) // 2
    if keep_prob < 1 and course_dropout:
        np.random.seed(1)  # the course's forward_propagation_with_dropout does this: the same masks every time
    caches = []
    A = X
    for l in range(1, L):
        Z, linear_cache = linear_forward(A, parameters["W" + str(l)], parameters["b" + str(l)])
        A = activation_forward(Z, activation)
        D = None
        A_before_dropout = A
        if keep_prob < 1:
            A, D = dropout_forward(A, keep_prob)
        caches.append((linear_cache, A_before_dropout, D))
    ZL, linear_cache = linear_forward(A, parameters["W" + str(L)], parameters["b" + str(L)])
    caches.append((linear_cache, None, None))
    return sigmoid(ZL), ZL, caches


def compute_cost(AL, ZL, Y, parameters, lambd, course_cost):
    """Cross-entropy (+ lambd/(2m) * sum of ||W_l||^2 over every layer)."""
    m = Y.shape[1]
    if course_cost:  # the course's formula: log(0) gives inf, which nansum keeps
        with np.errstate(divide="ignore", invalid="ignore"):
            cost = 1. / m * np.nansum(-np.log(AL) * Y - np.log(1 - AL) * (1 - Y))
    else:  # the same value from the logits, without log(0)
        cost = np.mean(np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL))))
    if lambd > 0:
        L = len(parameters) // 2
        cost = cost + (1. / m * lambd / 2) * sum(np.sum(np.square(parameters["W" + str(l)])) for l in range(1, L + 1))
    return float(cost)


def L_model_backward(AL, Y, caches, activation, lambd, keep_prob):
    """Gradients dW1, db1, ..., dWL, dbL: sigmoid + cross-entropy first, then layer by layer towards the input."""
    grads = {}
    L = len(caches)
    dZ = AL - Y  # d(cost)/dZ_L of sigmoid + cross-entropy
    for l in reversed(range(1, L + 1)):
        dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_backward(dZ, caches[l - 1][0], lambd, l > 1)
        if l > 1:
            _, A_prev, D_prev = caches[l - 2]
            if D_prev is not None:
                dA_prev = dropout_backward(dA_prev, D_prev, keep_prob)
            dZ = activation_backward(dA_prev, A_prev, activation)
    return grads


def update_parameters(parameters, grads, learning_rate):
    for l in range(1, len(parameters) // 2 + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def predict(X, Y, parameters, activation):
    """Accuracy of a forward pass without dropout, threshold 0.5."""
    AL, _, _ = L_model_forward(X, parameters, activation)
    return float(np.mean((AL > 0.5) == (Y == 1)))


def model(X, Y, parameters, c, lambd, keep_prob):
    """Trains in place of the given parameters; returns them, the recorded costs, the first iteration's gradients
    and the loop's seconds."""
    costs = []
    first_grads = None
    start = time.perf_counter()
    for i in range(c["iterations"]):
        AL, ZL, caches = L_model_forward(X, parameters, c["activation"], keep_prob, c["course_dropout"])
        if records_cost(i, c):
            costs.append({"iteration": i, "cost": compute_cost(AL, ZL, Y, parameters, lambd, c["course_cost"])})
        grads = L_model_backward(AL, Y, caches, c["activation"], lambd, keep_prob)
        if i == 0:
            first_grads = grads
        parameters = update_parameters(parameters, grads, c["learning_rate"])
    return parameters, costs, first_grads, time.perf_counter() - start


def main(config):
    c = read_config(config, extra_fields=("activation", "save_grads"))
    c.setdefault("activation", "relu")
    c.setdefault("save_grads", None)
    if c["activation"] not in ACTIVATIONS:
        raise PeerError(f"config: activation must be one of {', '.join(ACTIVATIONS)} (got {c['activation']!r})")
    (train_X, train_Y), (test_X, test_Y) = load_data(c)
    seconds = []
    for _ in range(c["repeat"]):
        runs = []
        for run in c["runs"]:  # one after another, as a NumPy user would
            parameters = initialize_parameters(c)
            parameters, costs, first_grads, elapsed = model(train_X, train_Y, parameters, c, run["lambd"], run["keep_prob"])
            runs.append({**run, "costs": costs, "train_accuracy": predict(train_X, train_Y, parameters, c["activation"]),
                         "test_accuracy": None if test_X is None else predict(test_X, test_Y, parameters, c["activation"]),
                         "seconds": elapsed})
        seconds.append(sum(r["seconds"] for r in runs))
    if c["save_params"] is not None:
        save_params(c["save_params"], parameters)
    if c["save_grads"] is not None:
        save_params(c["save_grads"], {name[1:]: g for name, g in first_grads.items()})
    return report(c, "numpy", "numpy", runs, seconds, base_versions(), numpy_blas(), thread_env())


if __name__ == "__main__":
    run_main(main)
