#!/usr/bin/env python3
"""numpy's side of BENCHMARKS.md #1, #2, #4, #5, #8 and the large sums,
gradients derived by hand; prints JSON {benchmark name: ns per call}."""
import numpy as np

import workloads as wl


def lr_step(dtype, train):
    x, y, w = wl.lr_data(dtype)
    state = {"w": w, "b": dtype(0)}

    def step():
        w, b = state["w"], state["b"]
        p = 1 / (1 + np.exp(-x.dot(w) - b))
        prediction = p > 0.5
        xent = -y * np.log(p) - (1 - y) * np.log(1 - p)
        if train:
            d = (p - y) / wl.LR_ROWS
            state["w"] = w - dtype(0.1) * (x.T.dot(d) + dtype(0.02) * w)
            state["b"] = b - dtype(0.1) * d.sum()
        return prediction, xent

    return wl.median_ns(step)


def mlp_step(dtype, train):
    x, y, params = wl.mlp_data(dtype)
    rate = dtype(wl.MLP_RATE)

    def step():
        w1, b1, w2, b2 = params
        h = np.tanh(x.dot(w1) + b1)
        z = h.dot(w2) + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        cost = -(y * np.log(p)).sum(axis=1).mean()
        if train:
            dz = (p - y) / wl.BATCH
            dh = dz.dot(w2.T) * (1 - h * h)
            params[:] = (w1 - rate * x.T.dot(dh), b1 - rate * dh.sum(axis=0),
                         w2 - rate * h.T.dot(dz), b2 - rate * dz.sum(axis=0))
        return cost

    return wl.median_ns(step)


def main():
    results = {}
    five, a = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.ones(10)
    acc, w = np.zeros(5), np.ones(5)
    results["BM_Call_NoInputFiveVector"] = wl.median_ns(lambda: five * 2)
    results["BM_Call_AddOneTenElements"] = wl.median_ns(lambda: a + 1)
    # The state update in place, numpy's best case.
    results["BM_Call_TwoSharedOneUpdate"] = wl.median_ns(
        lambda: np.add(acc, w * 1.0, out=acc))
    with np.errstate(all="ignore"):
        for name, dtype in wl.PRECISIONS:
            for mode, train in (("train", True), ("forward", False)):
                results[f"BM_LRStep/{name}_{mode}"] = lr_step(dtype, train)
                results[f"BM_MLP/{name}_{mode}"] = mlp_step(dtype, train)
        for bench, chain, n in wl.chain_cases():
            inputs = wl.chain_data(chain, n)
            fn = wl.CHAINS[chain][1]
            results[bench] = wl.median_ns(lambda: fn(np, *inputs))
        for bench, data, axis in wl.sum_cases():
            results[bench] = wl.median_ns(lambda: data.sum(axis=axis))
    # #7: 1e7 draws from the legacy RandomState (what RandomStreams
    # reproduces).
    rng = np.random.RandomState(1234)
    results["BM_Random/MT19937_uniform_f64"] = wl.median_ns(
        lambda: rng.random_sample(10_000_000))
    results["BM_Random/MT19937_normal_f64"] = wl.median_ns(
        lambda: rng.standard_normal(10_000_000))
    wl.emit(results)


main()
