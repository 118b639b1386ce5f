"""The workloads of BENCHMARKS.md as the Python peers run them, the same as
benchmarks/workloads.h: sizes, data, the graphs written once for any
numpy-like module `xp` (numpy, jax.numpy, pytensor.tensor), and the timer.
Each peer prints JSON {benchmark name: ns per iteration}, with the names of
tensorjit's own benchmarks so that scripts/bench can pair them."""
import json
import sys
import time

import numpy as np

LR_ROWS, LR_FEATS = 400, 784
BATCH, N_IN, N_HIDDEN, N_OUT, MLP_RATE = 60, 784, 500, 10, 0.01
CHAIN_SIZES = (1000, 100000, 10000000)
PRECISIONS = (("f64", np.float64), ("f32", np.float32))


def median_ns(call, repeat=5, min_seconds=0.1):
    """Median over `repeat` runs of ns per call, after a warm-up call; each
    run calls `call` often enough to take about `min_seconds`."""
    call()
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            call()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds / 2:
            break
        number *= 2
    number = max(1, int(number * min_seconds / elapsed))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            call()
        times.append((time.perf_counter() - start) / number)
    return sorted(times)[len(times) // 2] * 1e9


def compile_ns(build, repeat=5):
    """Median ns of build(k)() for k = 0..repeat-1: construction and first
    call of a fresh function (k varies a constant so no cache answers)."""
    times = []
    for k in range(repeat):
        start = time.perf_counter()
        build(k)()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1e9


def cached_compile_ns(build, repeat=5):
    """Median ns of build(0)() once an untimed build(0)() has run:
    construction and first call of a fresh function whose compiled code
    the peer's compile cache holds."""
    build(0)()
    return compile_ns(lambda k: build(0), repeat)


def lr_data(dtype):
    rng = np.random.RandomState(0)
    x = rng.randn(LR_ROWS, LR_FEATS).astype(dtype)
    y = rng.randint(0, 2, LR_ROWS).astype(dtype)
    w = rng.randn(LR_FEATS).astype(dtype)
    return x, y, w


def lr_forward(xp, x, y, w, b):
    """The seed tutorial's model: (prediction, xent, cost)."""
    p_1 = 1 / (1 + xp.exp(-xp.dot(x, w) - b))
    xent = -y * xp.log(p_1) - (1 - y) * xp.log(1 - p_1)
    return p_1 > 0.5, xent, xent.mean() + 0.01 * (w * w).sum()


def mlp_data(dtype):
    rng = np.random.RandomState(0)
    x = rng.randn(BATCH, N_IN).astype(dtype)
    y = np.eye(N_OUT, dtype=dtype)[rng.randint(0, N_OUT, BATCH)]
    params = (0.05 * rng.randn(N_IN, N_HIDDEN), np.zeros(N_HIDDEN),
              0.05 * rng.randn(N_HIDDEN, N_OUT), np.zeros(N_OUT))
    return x, y, [p.astype(dtype) for p in params]


def mlp_cost(xp, x, y, w1, b1, w2, b2):
    """tanh hidden layer, softmax output, NLL of one-hot y."""
    h = xp.tanh(xp.dot(x, w1) + b1)
    z = xp.dot(h, w2) + b2
    e = xp.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return -(y * xp.log(p)).sum(axis=1).mean()


def softplus(xp, t):
    return xp.log1p(xp.exp(t))


CHAINS = {
    "axbpc": (3, lambda xp, a, b, c: a * b + c),
    "sq_sum": (2, lambda xp, a, b: a * a + b * b + 2 * a * b),
    "sigmoid": (1, lambda xp, a: 1 / (1 + xp.exp(-a))),
    "softplus_xent": (2, lambda xp, a, b: b * softplus(xp, -a) +
                      (1 - b) * softplus(xp, a)),
}


SUMS = {  # name: (rows, cols, axis); axis None: a vector's full sum
    "all": (1, 10_000_000, None),
    "few_rows": (4, 2_500_000, 1),
    "columns": (100_000, 100, 0),
}


def sum_cases():
    """(benchmark name, float64 data, axis) for every sum; each case's data
    from RandomState(0), as workloads.h's sumData."""
    for name, (rows, cols, axis) in SUMS.items():
        shape = (rows * cols,) if axis is None else (rows, cols)
        yield f"BM_Sum/{name}", np.random.RandomState(0).randn(*shape), axis


def chain_data(name, n):
    """The chain's float64 inputs; softplus_xent's second is a 0/1 label."""
    rng = np.random.RandomState(0)
    count = CHAINS[name][0]
    return [rng.randint(0, 2, n).astype(np.float64)
            if name == "softplus_xent" and i == 1 else rng.randn(n)
            for i in range(count)]


def chain_cases():
    """(benchmark name, chain name, n) for every chain and size."""
    return [(f"BM_Chain/{name}/{n}", name, n)
            for name in CHAINS for n in CHAIN_SIZES]


def emit(results):
    json.dump(results, sys.stdout)
    print()
