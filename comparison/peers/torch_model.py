"""The PyTorch peer: the same model as numpy_model.py, on a torch device, two ways.

  impl "manual"    the course's hand-written forward/backward with tensors on the device
  impl "autograd"  nn.Linear x3, BCE with logits, loss.backward(), optim.SGD

Extra config fields: device ("cpu" | "cuda" | "cuda:N", default "cpu"), dtype ("float64" | "float32", default
"float64"), impl (default "manual"). Initial parameters come from NumPy (peer_common.initialize_parameters), so
both impls and numpy_model.py start from the same values. Dropout masks come from a torch.Generator on the device
seeded with `seed` (with course_dropout: re-seeded with 1 before every forward pass); both impls draw the same
masks in the same order, so they agree with each other, but not with NumPy's masks.
Usage: python3 torch_model.py CONFIG.json   (fields: see peer_common.py; one JSON object on stdout)
"""
import time

import torch

from peer_common import (PeerError, base_versions, initialize_parameters, load_data, parse_blas_info,
                         param_names, read_config, records_cost, report, run_main, save_params, thread_env)

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def dropout_mask(shape, keep_prob, gen):
    """D = rand(*shape) < keep_prob, shape in the course's (units, m) layout."""
    return torch.rand(shape, generator=gen, device=gen.device, dtype=torch.float64) < keep_prob


def compute_cost(A3, Z3, Y, weights, lambd, course_cost):
    """The cost as numpy_model.py computes it (works on either layout: only sums and means)."""
    m = Y.numel()
    if course_cost:
        cost = 1. / m * torch.nansum(-torch.log(A3) * Y - torch.log(1 - A3) * (1 - Y))
    else:
        cost = torch.mean(torch.clamp(Z3, min=0) - Z3 * Y + torch.log1p(torch.exp(-torch.abs(Z3))))
    if lambd > 0:
        cost = cost + (1. / m * lambd / 2) * sum(torch.sum(torch.square(W)) for W in weights)
    return cost


# --- impl "manual": the course's code, tensors on the device ---

def forward_propagation(X, p, keep_prob=1, gen=None, course_dropout=False):
    if keep_prob < 1 and course_dropout:
        gen.manual_seed(1)
    A1 = torch.relu(p["W1"] @ X + p["b1"])
    D1 = None
    if keep_prob < 1:
        D1 = dropout_mask(A1.shape, keep_prob, gen)
        A1 = A1 * D1 / keep_prob
    A2 = torch.relu(p["W2"] @ A1 + p["b2"])
    D2 = None
    if keep_prob < 1:
        D2 = dropout_mask(A2.shape, keep_prob, gen)
        A2 = A2 * D2 / keep_prob
    Z3 = p["W3"] @ A2 + p["b3"]
    return torch.sigmoid(Z3), (D1, A1, D2, A2, Z3)


def backward_propagation(X, Y, p, cache, A3, lambd, keep_prob):
    m = X.shape[1]
    D1, A1, D2, A2, Z3 = cache
    l2 = (lambda W: (lambd * W) / m) if lambd > 0 else (lambda W: 0)
    dZ3 = A3 - Y
    grads = {"W3": 1. / m * (dZ3 @ A2.T) + l2(p["W3"]), "b3": 1. / m * dZ3.sum(dim=1, keepdim=True)}
    dA2 = p["W3"].T @ dZ3
    if D2 is not None:
        dA2 = dA2 * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    grads.update({"W2": 1. / m * (dZ2 @ A1.T) + l2(p["W2"]), "b2": 1. / m * dZ2.sum(dim=1, keepdim=True)})
    dA1 = p["W2"].T @ dZ2
    if D1 is not None:
        dA1 = dA1 * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    grads.update({"W1": 1. / m * (dZ1 @ X.T) + l2(p["W1"]), "b1": 1. / m * dZ1.sum(dim=1, keepdim=True)})
    return grads


def train_manual(X, Y, p, c, lambd, keep_prob, gen):
    costs = []
    for i in range(c["iterations"]):
        A3, cache = forward_propagation(X, p, keep_prob, gen, c["course_dropout"])
        if records_cost(i, c):
            weights = (p["W1"], p["W2"], p["W3"])
            costs.append({"iteration": i,
                          "cost": compute_cost(A3, cache[4], Y, weights, lambd, c["course_cost"]).item()})
        grads = backward_propagation(X, Y, p, cache, A3, lambd, keep_prob)
        for name in param_names(3):
            p[name] = p[name] - c["learning_rate"] * grads[name]
    return p, costs


# --- impl "autograd": nn.Linear, autograd, optim.SGD (samples are rows here: X.T) ---

def train_autograd(X, Y, p, c, lambd, keep_prob, gen):
    linears = []
    for l in (1, 2, 3):
        W = p["W" + str(l)]
        linear = torch.nn.Linear(W.shape[1], W.shape[0], device=W.device, dtype=W.dtype)
        with torch.no_grad():
            linear.weight.copy_(W)
            linear.bias.copy_(p["b" + str(l)].reshape(-1))
        linears.append(linear)
    optimizer = torch.optim.SGD([q for linear in linears for q in linear.parameters()], lr=c["learning_rate"])
    XT, YT = X.T.contiguous(), Y.T.contiguous()
    m = XT.shape[0]
    costs = []
    for i in range(c["iterations"]):
        if keep_prob < 1 and c["course_dropout"]:
            gen.manual_seed(1)
        A = XT
        for linear in linears[:2]:
            A = torch.relu(linear(A))
            if keep_prob < 1:  # drawn in the (units, m) layout so that the masks equal the manual impl's
                A = A * dropout_mask((A.shape[1], A.shape[0]), keep_prob, gen).T / keep_prob
        Z3 = linears[2](A)
        weights = [linear.weight for linear in linears]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(Z3, YT)
        if lambd > 0:
            loss = loss + (1. / m * lambd / 2) * sum(torch.sum(torch.square(W)) for W in weights)
        if records_cost(i, c):
            with torch.no_grad():  # the course's formula only for the report; training uses the stable loss
                cost = compute_cost(torch.sigmoid(Z3), Z3, YT, weights, lambd, True) if c["course_cost"] else loss
            costs.append({"iteration": i, "cost": cost.item()})
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    p = {}
    for l, linear in enumerate(linears, start=1):
        p["W" + str(l)] = linear.weight.detach()
        p["b" + str(l)] = linear.bias.detach().reshape(-1, 1)
    return p, costs


def predict(X, Y, p):
    with torch.no_grad():
        A3, _ = forward_propagation(X, p)
        return ((A3 > 0.5) == (Y == 1)).double().mean().item()


def main(config):
    c = read_config(config, extra_fields=("device", "dtype", "impl"))
    if len(c["layers"]) != 4:
        raise PeerError(f"config: the torch peer trains the three-layer model only: layers must be [n_x, h1, h2, 1] "
                        f"(got {c['layers']})")
    impl, dtype_name = c.get("impl", "manual"), c.get("dtype", "float64")
    train = {"manual": train_manual, "autograd": train_autograd}.get(impl)
    if train is None:
        raise PeerError(f"config: impl must be manual or autograd (got {impl!r})")
    if dtype_name not in DTYPES:
        raise PeerError(f"config: dtype must be float64 or float32 (got {dtype_name!r})")
    try:
        device = torch.device(c.get("device", "cpu"))
    except RuntimeError as e:
        raise PeerError(f"config: device: {e}")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise PeerError("config: device cuda asked for, but torch sees no CUDA device")
    dtype, cuda = DTYPES[dtype_name], device.type == "cuda"
    to_device = lambda a: None if a is None else torch.from_numpy(a).to(device=device, dtype=dtype)
    (train_X, train_Y), (test_X, test_Y) = [tuple(map(to_device, pair)) for pair in load_data(c)]
    gen = torch.Generator(device=device)

    seconds = []
    for _ in range(c["repeat"]):
        runs = []
        for run in c["runs"]:
            p = {k: to_device(v) for k, v in initialize_parameters(c).items()}
            gen.manual_seed(c["seed"])
            if cuda:
                torch.cuda.synchronize(device)
            start = time.perf_counter()
            p, costs = train(train_X, train_Y, p, c, run["lambd"], run["keep_prob"], gen)
            if cuda:
                torch.cuda.synchronize(device)
            elapsed = time.perf_counter() - start
            runs.append({**run, "costs": costs, "train_accuracy": predict(train_X, train_Y, p),
                         "test_accuracy": None if test_X is None else predict(test_X, test_Y, p),
                         "seconds": elapsed})
        seconds.append(sum(r["seconds"] for r in runs))
    if c["save_params"] is not None:
        save_params(c["save_params"], {k: v.double().cpu().numpy() for k, v in p.items()})

    versions = dict(base_versions(), torch=torch.__version__, cuda=torch.version.cuda)
    blas = {"summary": "cuBLAS" if cuda else parse_blas_info(torch.__config__.show()), "source": "torch.__config__"}
    threads = dict(thread_env(), torch=torch.get_num_threads())
    extra = {"device": str(device), "dtype": dtype_name,
             "device_name": torch.cuda.get_device_name(device) if cuda else "cpu",
             "cuda_peak_bytes": torch.cuda.max_memory_allocated(device) if cuda else None}
    return report(c, "torch", impl, runs, seconds, versions, blas, threads, extra)


if __name__ == "__main__":
    run_main(main)
