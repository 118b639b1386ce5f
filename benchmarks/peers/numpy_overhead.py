#!/usr/bin/env python3
"""numpy's side of BENCHMARKS.md #2: the same tiny workloads as
benchmarks/call_overhead_bench.cpp, timed in this process (median of 7
repetitions), printed as JSON {name: ns_per_call}."""
import json
import timeit

import numpy as np


def per_call_ns(statement, setup_globals, number=200_000, repeat=7):
    timer = timeit.Timer(statement, globals=setup_globals)
    times = sorted(timer.repeat(repeat=repeat, number=number))
    return times[len(times) // 2] / number * 1e9


five = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
a = np.ones(10)
w = np.ones(5)
acc = np.zeros(5)
print(json.dumps({
    "BM_Call_NoInputFiveVector": per_call_ns("five * 2", {"five": five}),
    "BM_Call_AddOneTenElements": per_call_ns("a + 1", {"a": a}),
    # The state update in place, numpy's best case.
    "BM_Call_TwoSharedOneUpdate": per_call_ns(
        "np.add(acc, w * x, out=acc)", {"np": np, "acc": acc, "w": w,
                                        "x": 1.0}),
}))
