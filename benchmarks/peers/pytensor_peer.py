#!/usr/bin/env python3
"""PyTensor's side of BENCHMARKS.md #1-#5 and #8 with one backend, the
first argument: "c" (the C VM) or "numba". Functions are compiled with
trust_input=True; prints JSON {benchmark name: ns per call}."""
import sys

import numpy as np
import pytensor
import pytensor.tensor as pt
from pytensor.compile.mode import Mode

import workloads as wl

MODE = {"c": Mode(linker="cvm", optimizer="fast_run"),
        "numba": Mode(linker="numba", optimizer="fast_run")}[sys.argv[1]]


def function(inputs, outputs, **kwargs):
    return pytensor.function(inputs, outputs, mode=MODE, trust_input=True,
                             **kwargs)


def lr_step(dtype, train):
    x_data, y_data, w_data = wl.lr_data(dtype)
    x, y = pt.matrix("x", dtype=dtype), pt.vector("y", dtype=dtype)
    w = pytensor.shared(w_data, "w")
    b = pytensor.shared(dtype(0), "b")
    prediction, xent, cost = wl.lr_forward(pt, x, y, w, b)
    updates = []
    if train:
        gw, gb = pytensor.grad(cost, [w, b])
        rate = dtype(0.1)  # a Python float would upcast float32 updates
        updates = [(w, w - rate * gw), (b, b - rate * gb)]
    f = function([x, y], [prediction, xent], updates=updates)
    return wl.median_ns(lambda: f(x_data, y_data))


def mlp_step(dtype, train):
    x_data, y_data, params = wl.mlp_data(dtype)
    x, y = pt.matrix("x", dtype=dtype), pt.matrix("y", dtype=dtype)
    shared = [pytensor.shared(p) for p in params]
    cost = wl.mlp_cost(pt, x, y, *shared)
    updates = []
    if train:
        grads = pytensor.grad(cost, shared)
        rate = dtype(wl.MLP_RATE)
        updates = [(p, p - rate * g) for p, g in zip(shared, grads)]
    f = function([x, y], cost, updates=updates)
    return wl.median_ns(lambda: f(x_data, y_data))


def compile_two_nodes(k):
    x = pt.dvector("x")
    f = function([x], pt.exp(x) + (1 + k * 1e-3))
    return lambda: f(np.ones(4))


def compile_lr_cost(k):
    x, y, w, b = pt.dmatrix("x"), pt.dvector("y"), pt.dvector("w"), pt.dscalar("b")
    prediction, _, cost = wl.lr_forward(pt, x, y, w, b + k * 1e-3)
    f = function([x, y, w, b], [prediction, cost])
    return lambda: f(np.ones((8, 4)), np.ones(8), np.ones(4), np.array(0.0))


def main():
    results = {}
    results["BM_Compile_TwoNodes"] = wl.compile_ns(compile_two_nodes)
    results["BM_Compile_LogisticRegressionCost"] = wl.compile_ns(compile_lr_cost)
    # Its compile directory's C modules (on disk, and loaded in this process).
    results["BM_CompileFromCache_TwoNodes"] = wl.cached_compile_ns(
        compile_two_nodes)
    results["BM_CompileFromCache_LogisticRegressionCost"] = \
        wl.cached_compile_ns(compile_lr_cost)

    f = function([], pt.constant(np.array([1.0, 2, 3, 4, 5])) * 2)
    results["BM_Call_NoInputFiveVector"] = wl.median_ns(f)
    a, data = pt.dvector("a"), np.ones(10)
    f = function([a], a + 1)
    results["BM_Call_AddOneTenElements"] = wl.median_ns(lambda: f(data))
    w, acc = pytensor.shared(np.ones(5)), pytensor.shared(np.zeros(5))
    x = pt.dscalar("x")
    f = function([x], [], updates=[(acc, acc + w * x)])
    one = np.array(1.0)
    results["BM_Call_TwoSharedOneUpdate"] = wl.median_ns(lambda: f(one))

    for name, dtype in wl.PRECISIONS:
        for mode, train in (("train", True), ("forward", False)):
            results[f"BM_LRStep/{name}_{mode}"] = lr_step(dtype, train)
            results[f"BM_MLP/{name}_{mode}"] = mlp_step(dtype, train)
    for bench, chain, n in wl.chain_cases():
        count, fn = wl.CHAINS[chain]
        inputs = [pt.dvector() for _ in range(count)]
        f = function(inputs, fn(pt, *inputs))
        data = wl.chain_data(chain, n)
        results[bench] = wl.median_ns(lambda: f(*data))
    for bench, data, axis in wl.sum_cases():
        x = pt.dvector() if axis is None else pt.dmatrix()
        f = function([x], x.sum(axis=axis))
        results[bench] = wl.median_ns(lambda: f(data))
    wl.emit(results)


main()
