#!/usr/bin/env python3
"""BENCHMARKS.md #6 for the peers on a CUDA device: the seed's LR training
step (#1's model and data) with x, y, w, b resident on the GPU, 10 000 steps
after a warm-up, timed by the host clock around the loop and one final
synchronization (what tensorjit_gpu_bench's LRStepResident measures).
Peers: PyTorch eager (autograd), PyTorch with the step captured in a CUDA
graph, and jax.jit with the state donated. A peer that cannot run is
reported, not fatal. Prints one line per measurement,
`name us_per_step`, and JSON on the last line.

Run on the GPU machine, whose image has torch and jax:
    python3 benchmarks/peers/gpu_lr_step.py
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads as wl  # noqa: E402

STEPS = 10_000
RATE = 0.1


def timed(step, synchronize):
    for _ in range(100):
        step()
    synchronize()
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    synchronize()
    return (time.perf_counter() - start) / STEPS * 1e6


def torch_steps(dtype):
    import torch

    class ops:  # the numpy names lr_forward uses (torch.dot is 1-d only)
        dot, exp, log = torch.matmul, torch.exp, torch.log

    x, y, w = (torch.from_numpy(a).cuda() for a in wl.lr_data(dtype))
    w.requires_grad_(True)
    b = torch.zeros((), dtype=w.dtype, device="cuda", requires_grad=True)

    def step():
        _, _, cost = wl.lr_forward(ops, x, y, w, b)
        gw, gb = torch.autograd.grad(cost, (w, b))
        with torch.no_grad():
            w.sub_(RATE * gw)
            b.sub_(RATE * gb)

    results = {"torch_eager": timed(step, torch.cuda.synchronize)}
    # The same step captured once in a CUDA graph and replayed.
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(3):
            step()
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step()
    results["torch_cuda_graph"] = timed(graph.replay, torch.cuda.synchronize)
    return results


def jax_steps(dtype):
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    x, y, w = (jax.device_put(a) for a in wl.lr_data(dtype))
    b = jnp.zeros((), dtype=w.dtype)

    def cost(w, b):
        return wl.lr_forward(jnp, x, y, w, b)[2]

    @jax.jit
    def train(w, b):
        gw, gb = jax.grad(cost, argnums=(0, 1))(w, b)
        return w - RATE * gw, b - RATE * gb

    state = [w, b]

    def step():
        state[:] = train(*state)

    return {"jax_jit": timed(step, lambda: jax.block_until_ready(state))}


def main():
    results = {}
    for dtype in ("float64", "float32"):
        for peer in (torch_steps, jax_steps):
            try:
                for name, us in peer(dtype).items():
                    results[f"{name}_{dtype}"] = us
                    print(f"{name}_{dtype} {us:.2f}", flush=True)
            except Exception as error:  # a peer that cannot run is reported
                print(f"{peer.__name__}({dtype}) failed: {error!r}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
