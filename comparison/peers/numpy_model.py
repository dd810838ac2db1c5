"""The NumPy peer: the course's 3-layer model (Improving Deep Neural Networks, week 1), written as its notebooks do.

LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID, batch gradient descent, float64, optional L2 and inverted dropout.
Usage: python3 numpy_model.py CONFIG.json   (fields: see peer_common.py; one JSON object on stdout)
"""
import time

import numpy as np

from peer_common import (base_versions, initialize_parameters, load_data, numpy_blas, read_config, records_cost,
                         report, run_main, save_params, thread_env)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu(x):
    return np.maximum(0, x)


def forward_propagation(X, parameters, keep_prob=1, course_dropout=False):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    if keep_prob < 1 and course_dropout:
        np.random.seed(1)  # the course's forward_propagation_with_dropout does this: the same masks every time
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = None
    if keep_prob < 1:
        D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
        A1 = A1 * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = None
    if keep_prob < 1:
        D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob
        A2 = A2 * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def compute_cost(A3, Z3, Y, parameters, lambd, course_cost):
    m = Y.shape[1]
    if course_cost:  # the course's formula: log(0) gives inf, which nansum keeps
        with np.errstate(divide="ignore", invalid="ignore"):
            cost = 1. / m * np.nansum(-np.log(A3) * Y - np.log(1 - A3) * (1 - Y))
    else:  # the same value from the logits, without log(0)
        cost = np.mean(np.maximum(Z3, 0) - Z3 * Y + np.log1p(np.exp(-np.abs(Z3))))
    if lambd > 0:
        W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
        cost = cost + (1. / m * lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    return float(cost)


def l2_gradient(W, lambd, m):
    return (lambd * W) / m if lambd > 0 else 0


def backward_propagation(X, Y, cache, lambd, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + l2_gradient(W3, lambd, m)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    if D2 is not None:
        dA2 = dA2 * D2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + l2_gradient(W2, lambd, m)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    if D1 is not None:
        dA1 = dA1 * D1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T) + l2_gradient(W1, lambd, m)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def update_parameters(parameters, grads, learning_rate):
    for k in range(1, 4):
        parameters["W" + str(k)] = parameters["W" + str(k)] - learning_rate * grads["dW" + str(k)]
        parameters["b" + str(k)] = parameters["b" + str(k)] - learning_rate * grads["db" + str(k)]
    return parameters


def predict(X, Y, parameters):
    """Accuracy of a forward pass without dropout, threshold 0.5."""
    A3, _ = forward_propagation(X, parameters)
    return float(np.mean((A3 > 0.5) == (Y == 1)))


def model(X, Y, parameters, c, lambd, keep_prob):
    """Trains in place of the given parameters; returns them, the recorded costs and the loop's seconds."""
    costs = []
    start = time.perf_counter()
    for i in range(c["iterations"]):
        A3, cache = forward_propagation(X, parameters, keep_prob, c["course_dropout"])
        if records_cost(i, c):
            costs.append({"iteration": i, "cost": compute_cost(A3, cache[10], Y, parameters, lambd, c["course_cost"])})
        grads = backward_propagation(X, Y, cache, lambd, keep_prob)
        parameters = update_parameters(parameters, grads, c["learning_rate"])
    return parameters, costs, time.perf_counter() - start


def main(config):
    c = read_config(config)
    (train_X, train_Y), (test_X, test_Y) = load_data(c)
    seconds = []
    for _ in range(c["repeat"]):
        runs = []
        for run in c["runs"]:  # one after another, as a NumPy user would
            parameters = initialize_parameters(c)
            parameters, costs, elapsed = model(train_X, train_Y, parameters, c, run["lambd"], run["keep_prob"])
            runs.append({**run, "costs": costs, "train_accuracy": predict(train_X, train_Y, parameters),
                         "test_accuracy": None if test_X is None else predict(test_X, test_Y, parameters),
                         "seconds": elapsed})
        seconds.append(sum(r["seconds"] for r in runs))
    if c["save_params"] is not None:
        save_params(c["save_params"], parameters)
    return report(c, "numpy", "numpy", runs, seconds, base_versions(), numpy_blas(), thread_env())


if __name__ == "__main__":
    run_main(main)
