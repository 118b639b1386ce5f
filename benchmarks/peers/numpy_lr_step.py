#!/usr/bin/env python3
"""numpy's side of BENCHMARKS.md #1: the seed's logistic-regression step
(N=400, feats=784) written with numpy, float64 and float32, median of 7
repetitions; prints JSON {name: ns_per_step}."""
import json
import timeit

import numpy as np

N, FEATS = 400, 784


def step_ns(dtype):
    rng = np.random.RandomState(0)
    x = rng.randn(N, FEATS).astype(dtype)
    y = rng.randint(0, 2, N).astype(dtype)
    state = {"w": rng.randn(FEATS).astype(dtype), "b": dtype(0)}

    def step():
        w, b = state["w"], state["b"]
        p = 1 / (1 + np.exp(-x.dot(w) - b))
        prediction = p > 0.5
        xent = -y * np.log(p) - (1 - y) * np.log(1 - p)
        d = (p - y) / N
        state["w"] = w - dtype(0.1) * (x.T.dot(d) + dtype(0.02) * w)
        state["b"] = b - dtype(0.1) * d.sum()
        return prediction, xent

    with np.errstate(all="ignore"):
        times = sorted(timeit.repeat(step, number=200, repeat=7))
    return times[3] / 200 * 1e9


print(json.dumps({"BM_LRStep/f64_train": step_ns(np.float64),
                  "BM_LRStep/f32_train": step_ns(np.float32)}))
