#!/usr/bin/env python3
"""numpy's side of BENCHMARKS.md #7: 1e7 draws from the legacy RandomState
(MT19937, the algorithms T::RandomStreams reproduces), median of 5
repetitions after a warm-up, printed as JSON {name: ns_per_call}."""
import json
import timeit

import numpy as np

N = 10_000_000
rng = np.random.RandomState(1234)


def per_call_ns(statement, repeat=5):
    timer = timeit.Timer(statement, globals={"rng": rng, "N": N})
    timer.timeit(number=1)
    times = sorted(timer.repeat(repeat=repeat, number=1))
    return times[len(times) // 2] * 1e9


print(json.dumps({
    "BM_Random/MT19937_uniform_f64": per_call_ns("rng.random_sample(N)"),
    "BM_Random/MT19937_normal_f64": per_call_ns("rng.standard_normal(N)"),
}))
