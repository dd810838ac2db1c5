"""The NumPy peer: the course's L-layer model, written as its notebooks write it (the deep-net code of "Neural Networks
and Deep Learning" week 4, with the L2 and dropout of "Improving Deep Neural Networks" week 1, and the mini-batches,
update rules and learning-rate decay of its week 2, "Optimization algorithms").

[LINEAR->ACTIVATION] x (L-1) -> LINEAR->SIGMOID, batch gradient descent, float64, optional L2 on every weight and
inverted dropout on every hidden layer. layers [n_x, h1, h2, 1] with relu is the course's 3-layer model; [n_x, 1] is
logistic regression.
Usage: python3 numpy_model.py CONFIG.json   (fields: see peer_common.py; one JSON object on stdout)
Fields of this peer only:
  activation   the hidden layers': relu | tanh | sigmoid | leaky_relu (slope 0.01)        (default "relu")
  save_grads   .npz path for the gradients of the first iteration: at the initial parameters, with the first
               pass's dropout masks (dWl under Wl, dbl under bl; of the last run of a sweep, as save_params)
Week 2 (any of these set to other than its default runs the assignment's model(); iterations are then epochs):
  mini_batch_size  null: one step on all samples per epoch, in their order; n: random_mini_batches(X, Y, n, seed)
                   every epoch, with seed = mini_batch_seed + 1 before the first and + 1 before each later one
  mini_batch_seed  the seed before the first epoch (the assignment's 10)                       (default 10)
  optimizer    gd | momentum | rmsprop | adam                                                 (default "gd")
  beta, beta1, beta2, epsilon   momentum's beta; Adam's beta1; Adam's and RMSprop's beta2 and epsilon
                                                                                  (default 0.9, 0.9, 0.999, 1e-8)
  decay        none | inverse (update_lr) | scheduled (schedule_lr_decay): after epoch i, alpha = decay(alpha0, i)
                                                                                              (default "none")
  decay_rate, time_interval     (default 1, 1000)
  The epoch's cost is cost_total / m, cost_total the sum over the mini-batches of each one's summed (not averaged)
  cost, as the assignment's compute_cost returns it. No L2, dropout, sweep or save_grads with week 2 (the assignment
  has none of them).
"""
import math
import time

import numpy as np

from peer_common import (PeerError, base_versions, check_number, initialize_parameters, load_data, numpy_blas,
                         read_config, records_cost, report, run_main, save_params, thread_env)

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


# --- week 2: mini-batches, update rules, learning-rate decay (the "Optimization algorithms" assignment) ---

WEEK2_DEFAULTS = {"mini_batch_size": None, "mini_batch_seed": 10, "optimizer": "gd", "beta": 0.9, "beta1": 0.9,
                  "beta2": 0.999, "epsilon": 1e-8, "decay": "none", "decay_rate": 1.0, "time_interval": 1000}
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
DECAYS = ("none", "inverse", "scheduled")


def random_mini_batches(X, Y, mini_batch_size, seed):
    """np.random.seed(seed); permutation(m); the shuffled columns cut into floor(m / size) batches of mini_batch_size
    and, when m % size != 0, a last one with the rest."""
    np.random.seed(seed)
    m = X.shape[1]
    permutation = list(np.random.permutation(m))
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation].reshape((1, m))
    mini_batches = []
    for k in range(math.floor(m / mini_batch_size)):
        batch = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        mini_batches.append((shuffled_X[:, batch], shuffled_Y[:, batch]))
    if m % mini_batch_size != 0:
        rest = slice(math.floor(m / mini_batch_size) * mini_batch_size, m)
        mini_batches.append((shuffled_X[:, rest], shuffled_Y[:, rest]))
    return mini_batches


def initialize_adam(parameters):
    """v and s: zeros shaped as each parameter, under dW1, db1, ... (v alone is momentum's initialize_velocity)."""
    zeros = {"d" + name: np.zeros(p.shape) for name, p in parameters.items()}
    return dict(zeros), dict(zeros)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """v = beta * v + (1 - beta) * dθ;  θ = θ - α * v   (v starts at 0)."""
    for name in parameters:
        v["d" + name] = beta * v["d" + name] + (1 - beta) * grads["d" + name]
        parameters[name] = parameters[name] - learning_rate * v["d" + name]
    return parameters, v


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon):
    """s = beta2 * s + (1 - beta2) * dθ**2;  θ = θ - α * dθ / (sqrt(s) + epsilon)   (the lectures' RMSprop)."""
    for name in parameters:
        s["d" + name] = beta2 * s["d" + name] + (1 - beta2) * np.power(grads["d" + name], 2)
        parameters[name] = parameters[name] - learning_rate * grads["d" + name] / (np.sqrt(s["d" + name]) + epsilon)
    return parameters, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon):
    """v = beta1 v + (1 - beta1) dθ, v_corrected = v / (1 - beta1**t); s = beta2 s + (1 - beta2) dθ**2,
    s_corrected = s / (1 - beta2**t); θ = θ - α v_corrected / (sqrt(s_corrected) + epsilon); t counts the updates."""
    for name in parameters:
        key = "d" + name
        v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
        v_corrected = v[key] / (1 - np.power(beta1, t))
        s[key] = beta2 * s[key] + (1 - beta2) * np.power(grads[key], 2)
        s_corrected = s[key] / (1 - np.power(beta2, t))
        parameters[name] = parameters[name] - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return parameters, v, s


def update_lr(learning_rate0, epoch_num, decay_rate):
    """α = 1 / (1 + decay_rate * epoch_num) * α0."""
    return 1 / (1 + decay_rate * epoch_num) * learning_rate0


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """α = 1 / (1 + decay_rate * floor(epoch_num / time_interval)) * α0."""
    return 1 / (1 + decay_rate * np.floor(epoch_num / time_interval)) * learning_rate0


def compute_cost_total(AL, ZL, Y, course_cost):
    """The mini-batch's cost summed over its samples (the assignment's compute_cost: a sum, not a mean)."""
    if course_cost:
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(np.nansum(-np.log(AL) * Y - np.log(1 - AL) * (1 - Y)))
    return float(np.sum(np.maximum(ZL, 0) - ZL * Y + np.log1p(np.exp(-np.abs(ZL)))))  # the same value from the logits


def update_with_optimizer(parameters, grads, v, s, t, learning_rate, c):
    """One update by the config's rule (gd: update_parameters, week 1's)."""
    if c["optimizer"] == "momentum":
        parameters, v = update_parameters_with_momentum(parameters, grads, v, c["beta"], learning_rate)
    elif c["optimizer"] == "rmsprop":
        parameters, s = update_parameters_with_rmsprop(parameters, grads, s, c["beta2"], learning_rate, c["epsilon"])
    elif c["optimizer"] == "adam":
        parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, c["beta1"], c["beta2"],
                                                       c["epsilon"])
    else:
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, v, s


def decayed_learning_rate(learning_rate0, epoch_num, c):
    """The rate after epoch epoch_num: α0, update_lr or schedule_lr_decay."""
    if c["decay"] == "inverse":
        return update_lr(learning_rate0, epoch_num, c["decay_rate"])
    if c["decay"] == "scheduled":
        return schedule_lr_decay(learning_rate0, epoch_num, c["decay_rate"], c["time_interval"])
    return learning_rate0


def model_with_optimizer(X, Y, parameters, c):
    """The assignment's model(): per epoch seed += 1, one update per mini-batch (t += 1 before each, Adam's count),
    the epoch's cost cost_total / m, then α = decay(α0, epoch). Returns the parameters, the recorded costs and the
    loop's seconds."""
    costs, t, seed, m = [], 0, c["mini_batch_seed"], X.shape[1]
    learning_rate0 = learning_rate = c["learning_rate"]
    v, s = initialize_adam(parameters)
    start = time.perf_counter()
    for i in range(c["iterations"]):
        seed = seed + 1
        batches = [(X, Y)] if c["mini_batch_size"] is None else random_mini_batches(X, Y, c["mini_batch_size"], seed)
        cost_total = 0
        for minibatch_X, minibatch_Y in batches:
            AL, ZL, caches = L_model_forward(minibatch_X, parameters, c["activation"])
            cost_total += compute_cost_total(AL, ZL, minibatch_Y, c["course_cost"])
            grads = L_model_backward(AL, minibatch_Y, caches, c["activation"], 0, 1)
            t = t + 1
            parameters, v, s = update_with_optimizer(parameters, grads, v, s, t, learning_rate, c)
        if records_cost(i, c):
            costs.append({"iteration": i, "cost": cost_total / m})
        learning_rate = decayed_learning_rate(learning_rate0, i, c)
    return parameters, costs, time.perf_counter() - start


def read_week2_config(c):
    """Fills the week-2 defaults into c and checks them; True when the run is week 2's model()."""
    week2 = any(name in c and c[name] != default for name, default in WEEK2_DEFAULTS.items())
    for name, default in WEEK2_DEFAULTS.items():
        c.setdefault(name, default)
    if c["optimizer"] not in OPTIMIZERS:
        raise PeerError(f"config: optimizer must be one of {', '.join(OPTIMIZERS)} (got {c['optimizer']!r})")
    if c["decay"] not in DECAYS:
        raise PeerError(f"config: decay must be one of {', '.join(DECAYS)} (got {c['decay']!r})")
    if c["mini_batch_size"] is not None:
        check_number(c, "mini_batch_size", 1, integer=True)
    check_number(c, "mini_batch_seed", 0, integer=True)
    check_number(c, "time_interval", 1, integer=True)
    check_number(c, "decay_rate", 0)
    check_number(c, "epsilon", 0)
    for name in ("beta", "beta1", "beta2"):
        if isinstance(c[name], bool) or not isinstance(c[name], (int, float)) or not 0 <= c[name] < 1:
            raise PeerError(f"config: {name} must be in [0, 1) (got {c[name]!r})")
    if week2 and (c["sweep"] is not None or c["save_grads"] is not None or c["lambd"] > 0 or c["keep_prob"] < 1):
        raise PeerError("config: week 2's model (mini_batch_size, optimizer, decay) runs without L2, dropout, sweep and "
                        "save_grads, as the assignment does")
    return week2


def main(config):
    c = read_config(config, extra_fields=("activation", "save_grads") + tuple(WEEK2_DEFAULTS))
    c.setdefault("activation", "relu")
    c.setdefault("save_grads", None)
    if c["activation"] not in ACTIVATIONS:
        raise PeerError(f"config: activation must be one of {', '.join(ACTIVATIONS)} (got {c['activation']!r})")
    week2 = read_week2_config(c)
    (train_X, train_Y), (test_X, test_Y) = load_data(c)
    seconds = []
    for _ in range(c["repeat"]):
        runs = []
        for run in c["runs"]:  # one after another, as a NumPy user would
            parameters = initialize_parameters(c)
            if week2:
                parameters, costs, elapsed = model_with_optimizer(train_X, train_Y, parameters, c)
                first_grads = None
            else:
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
