"""What the NumPy and PyTorch peers share: the config, the data, the course's initialization, the report.

Config (JSON object; fields not listed are an error, so a typo cannot pass silently):
  train_x, train_y, test_x, test_y   .npy paths: X (n_x, m), Y (1, m), float64 (test_* optional)
  dataset         instead of the paths: "moons", the course's week 2 data as the library builds it (needs scikit-learn):
                  train np.random.seed(3); make_moons(300, noise=.2), test np.random.seed(4); make_moons(100, noise=.2)
  layers          [n_x, h_1, ..., h_{L-1}, 1], L >= 1 ([n_x, 1]: logistic regression; the torch peer: L = 3 only)
  init            zeros | random | he | lecun | xavier | uniform      (default "he")
  init_scale      factor of random and uniform                        (default 10)
  seed            np.random.seed before initialization                (default 3)
  lambd           L2 strength                                         (default 0)
  keep_prob       dropout keep probability of the hidden layers       (default 1: no dropout)
  learning_rate, iterations                                           (required)
  print_every     record the cost when i % print_every == 0, and at the last iteration (default 1000)
  course_dropout  np.random.seed(1) at the start of every dropout forward pass, as the course does
  course_cost     the course's 1/m * nansum(-log(a3)*Y - log(1-a3)*(1-Y)) instead of the stable form
  initial_params  .npz with W1, b1, ..., WL, bL to start from (the initialization draws still happen, so the
                  dropout masks are those of a run that drew exactly these values)
  save_params     .npz path for the final parameters
  repeat          train this many times (benchmarks); seconds becomes a list
  sweep           [{lambd, keep_prob}, ...]: train each in turn from the same initialization
  device, dtype, impl                                                 (torch peer only)
  activation, save_grads                                              (NumPy peer only: see numpy_model.py)

Output (one JSON object on stdout; inf/nan as the strings "Infinity", "-Infinity", "NaN"):
  peer, impl, iterations, costs [{iteration, cost}], train_accuracy, test_accuracy (fractions; null in a sweep),
  sweep [{lambd, keep_prob, costs, train_accuracy, test_accuracy, seconds}] (sweep only),
  seconds (training loops only; a list when repeat > 1), seconds_per_iteration (median repeat / iterations),
  versions {python, numpy[, torch, cuda]}, blas {summary, source, ...}, threads {OMP/OPENBLAS/MKL_NUM_THREADS[, torch]},
  peak_rss_bytes, and for torch: device, dtype, device_name, cuda_peak_bytes.
Errors: one line on stderr, exit status 2.
"""
import json
import os
import platform
import re
import resource
import sys

import numpy as np

COMMON_FIELDS = {
    "dataset", "train_x", "train_y", "test_x", "test_y", "layers", "init", "init_scale", "seed", "lambd",
    "keep_prob", "learning_rate", "iterations", "print_every", "course_dropout", "course_cost",
    "initial_params", "save_params", "repeat", "sweep",
}
INITS = ("zeros", "random", "he", "lecun", "xavier", "uniform")
DATA_PATHS = ("train_x", "train_y", "test_x", "test_y")
DATASETS = ("moons",)
MOONS = {"train": (3, 300), "test": (4, 100)}  # (np.random.seed, n_samples), as src/TorchPractice/Data/BuiltIn/Moons.cs
MOONS_NOISE = .2


def param_names(L):
    """W1, b1, ..., WL, bL: the parameters of an L-layer network, in the order the course lists them."""
    return tuple(f"{kind}{l}" for l in range(1, L + 1) for kind in ("W", "b"))


class PeerError(Exception):
    """Bad config or data: reported as one line on stderr, exit status 2."""


def run_main(main):
    """Runs main(config) with the config named on the command line; any failure is one stderr line, exit 2."""
    try:
        if len(sys.argv) != 2:
            raise PeerError(f"usage: {os.path.basename(sys.argv[0])} CONFIG.json")
        with open(sys.argv[1]) as f:
            config = json.load(f)
        report = main(config)
        print(json.dumps(_json_safe(report)))
    except Exception as e:  # one line, whatever failed: the caller shows it to the user
        message = str(e) if isinstance(e, PeerError) else f"{type(e).__name__}: {e}"
        print(f"{os.path.basename(sys.argv[0])}: {message}".replace("\n", " "), file=sys.stderr)
        sys.exit(2)


def read_config(config, extra_fields=()):
    if not isinstance(config, dict):
        raise PeerError("config: expected a JSON object")
    unknown = sorted(set(config) - COMMON_FIELDS - set(extra_fields))
    if unknown:
        raise PeerError(f"config: unknown field(s) {', '.join(unknown)}")
    data_fields = ("train_x", "train_y") if "dataset" not in config else ()
    for name in data_fields + ("layers", "learning_rate", "iterations"):
        if name not in config:
            raise PeerError(f"config: missing field '{name}'")
    if "dataset" in config and (config["dataset"] not in DATASETS or any(f in config for f in DATA_PATHS)):
        raise PeerError(f"config: dataset must be one of {', '.join(DATASETS)}, without train_x, train_y, test_x, test_y "
                        f"(got {config['dataset']!r})")
    c = {"dataset": None, "init": "he", "init_scale": 10.0, "seed": 3, "lambd": 0.0, "keep_prob": 1.0, "print_every": 1000,
         "course_dropout": False, "course_cost": False, "repeat": 1, "test_x": None, "test_y": None,
         "initial_params": None, "save_params": None, "sweep": None}
    c.update(config)
    if c["init"] not in INITS:
        raise PeerError(f"config: init must be one of {', '.join(INITS)} (got {c['init']!r})")
    layers = c["layers"]
    if not (isinstance(layers, list) and len(layers) >= 2
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in layers) and layers[-1] == 1):
        raise PeerError(f"config: layers must be [n_x, h_1, ..., h_(L-1), 1] (at least 2 positive integers, the last 1; "
                        f"got {layers})")
    check_number(c, "iterations", 1, integer=True)
    check_number(c, "print_every", 1, integer=True)
    check_number(c, "repeat", 1, integer=True)
    check_number(c, "seed", 0, integer=True)
    check_number(c, "learning_rate", 0)
    check_number(c, "init_scale", 0)
    runs = c["sweep"] if c["sweep"] is not None else [{"lambd": c["lambd"], "keep_prob": c["keep_prob"]}]
    if not isinstance(runs, list) or not runs:
        raise PeerError("config: sweep must be a non-empty list of {lambd, keep_prob}")
    for run in runs:
        if not isinstance(run, dict) or set(run) - {"lambd", "keep_prob"}:
            raise PeerError(f"config: sweep entries have only lambd and keep_prob (got {run})")
        run.setdefault("lambd", 0.0)
        run.setdefault("keep_prob", 1.0)
        check_number(run, "lambd", 0)
        if not (isinstance(run["keep_prob"], (int, float)) and 0 < run["keep_prob"] <= 1):
            raise PeerError(f"config: keep_prob must be in (0, 1] (got {run['keep_prob']})")
    c["runs"] = runs
    return c


def check_number(c, name, minimum, integer=False):
    value = c[name]
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        raise PeerError(f"config: {name} must be {'an integer' if integer else 'a number'} >= {minimum} (got {value!r})")


def load_data(c):
    """X (n_x, m) and Y (1, m) of train and test (test None when not given), checked against layers."""
    def load(path, name):
        try:
            a = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise PeerError(f"{name}: cannot read {path}: {e}")
        if a.ndim != 2 or a.dtype != np.float64:
            raise PeerError(f"{name}: {path}: expected a 2-D float64 array (got {a.dtype} {a.shape})")
        return a

    n_x = c["layers"][0]
    sets = []
    for part in ("train", "test"):
        if c["dataset"] == "moons":
            X, Y = load_moons(*MOONS[part])
        elif c[part + "_x"] is None and part == "test":
            sets.append((None, None))
            continue
        else:
            X, Y = load(c[part + "_x"], part + "_x"), load(c[part + "_y"], part + "_y")
        if X.shape[0] != n_x:
            raise PeerError(f"{part}_x: {X.shape[0]} features (rows) but layers[0] is {n_x}")
        if Y.shape != (1, X.shape[1]):
            raise PeerError(f"{part}_y: expected shape (1, {X.shape[1]}) (got {Y.shape})")
        sets.append((X, Y))
    return sets[0], sets[1]


def load_moons(seed, n_samples):
    """Week 2's load_dataset: np.random.seed(seed); make_moons(n_samples, noise=.2) as X (2, m), Y (1, m) float64."""
    try:
        from sklearn.datasets import make_moons
    except ImportError:
        raise PeerError("dataset moons: needs scikit-learn (pass the data as train_x, train_y instead)")
    np.random.seed(seed)
    X, y = make_moons(n_samples=n_samples, noise=MOONS_NOISE)
    return X.T.astype(np.float64), y.reshape((1, y.shape[0])).astype(np.float64)


def initialize_parameters(c):
    """The course's initialization: np.random.seed(seed), then per layer one randn (rand for uniform)."""
    layers, init, scale = c["layers"], c["init"], c["init_scale"]
    np.random.seed(c["seed"])
    parameters = {}
    for l in range(1, len(layers)):
        n, n_prev = layers[l], layers[l - 1]
        if init == "zeros":
            W = np.zeros((n, n_prev))
        elif init == "random":
            W = np.random.randn(n, n_prev) * scale
        elif init == "he":
            W = np.random.randn(n, n_prev) * np.sqrt(2. / n_prev)
        elif init == "lecun":  # written as the course's reg_utils does: randn / sqrt(n_prev)
            W = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        elif init == "xavier":
            W = np.random.randn(n, n_prev) * np.sqrt(2. / (n_prev + n))
        else:  # uniform
            W = (np.random.rand(n, n_prev) * 2 - 1) * scale
        parameters["W" + str(l)] = W
        parameters["b" + str(l)] = np.zeros((n, 1))
    if c["initial_params"] is not None:
        parameters = load_params(c["initial_params"], parameters)
    return parameters


def load_params(path, like):
    try:
        with np.load(path, allow_pickle=False) as npz:
            loaded = {name: npz[name] for name in like if name in npz}
            extra = sorted(set(npz.files) - set(like))
    except (OSError, ValueError) as e:
        raise PeerError(f"initial_params: cannot read {path}: {e}")
    if extra:
        raise PeerError(f"initial_params: {path} has {', '.join(extra)}, which a {len(like) // 2}-layer network does not have")
    for name in like:
        if name not in loaded:
            raise PeerError(f"initial_params: {path} has no {name}")
        if loaded[name].shape != like[name].shape or loaded[name].dtype != np.float64:
            raise PeerError(f"initial_params: {name} must be float64 {like[name].shape} "
                            f"(got {loaded[name].dtype} {loaded[name].shape})")
    return loaded


def save_params(path, parameters):
    """W1, b1, ..., WL, bL as float64 into an .npz (gradients too: dWl under Wl, dbl under bl)."""
    names = param_names(len(parameters) // 2)
    np.savez(path, **{name: np.asarray(parameters[name], dtype=np.float64) for name in names})


def records_cost(i, c):
    return i % c["print_every"] == 0 or i == c["iterations"] - 1


def report(c, peer, impl, runs, seconds, versions, blas, threads, extra=None):
    """The JSON object on stdout. runs: one dict per training (costs, train/test accuracy, seconds)."""
    iterations = c["iterations"] * len(runs)
    out = {"peer": peer, "impl": impl, "iterations": c["iterations"]}
    if c["sweep"] is None:
        out.update({k: runs[0][k] for k in ("costs", "train_accuracy", "test_accuracy")})
    else:
        out.update({"costs": [], "train_accuracy": None, "test_accuracy": None, "sweep": runs})
    out["seconds"] = seconds[0] if len(seconds) == 1 else seconds
    out["seconds_per_iteration"] = float(np.median(seconds)) / iterations
    out.update({"versions": versions, "blas": blas, "threads": threads, "peak_rss_bytes": peak_rss_bytes()})
    out.update(extra or {})
    return out


def base_versions():
    return {"python": platform.python_version(), "numpy": np.__version__}


def thread_env():
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    return {name: os.environ.get(name) for name in names}


def numpy_blas():
    """The BLAS NumPy calls: threadpoolctl (what is loaded) if installed, else NumPy's build config."""
    try:
        from threadpoolctl import threadpool_info
        libs = [{k: d.get(k) for k in ("internal_api", "version", "threading_layer", "num_threads", "filepath")}
                for d in threadpool_info() if d.get("user_api") == "blas"]
        if libs:
            first = libs[0]
            summary = f"{first['internal_api']} {first['version']} ({first['threading_layer']}, {first['num_threads']} threads)"
            return {"summary": summary, "source": "threadpoolctl", "libraries": libs}
    except ImportError:
        pass
    try:  # NumPy >= 1.25
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return {"summary": f"{blas.get('name')} {blas.get('version')}", "source": "numpy.show_config", "blas": blas}
    except (TypeError, KeyError):
        pass
    info = getattr(np.__config__, "blas_opt_info", None) or getattr(np.__config__, "blas_ilp64_opt_info", {})
    libraries = info.get("libraries", [])
    return {"summary": " ".join(libraries) or "unknown", "source": "numpy.__config__", "blas": info}


def parse_blas_info(text):
    """BLAS_INFO=... from torch.__config__.show()."""
    m = re.search(r"BLAS_INFO=([^,\s]+)", text)
    return m.group(1) if m else "unknown"


def peak_rss_bytes():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def _json_safe(value):
    """JSON has no inf/nan (the course cost can be inf): written as the strings "Infinity", "-Infinity", "NaN"."""
    if isinstance(value, float) and not np.isfinite(value):
        return "NaN" if np.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value
