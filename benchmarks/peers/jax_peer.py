#!/usr/bin/env python3
"""JAX's side of BENCHMARKS.md #1-#5 and #8: jax.jit on CPU, every call
waited for with block_until_ready; shared state is passed through the
jitted step as arguments and results. Prints JSON {name: ns per call}."""
import tempfile

import jax
from jax._src import compilation_cache

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402  (after the x64 switch)
import numpy as np  # noqa: E402

import workloads as wl  # noqa: E402


def stepper(step, state, *inputs):
    """A call of step(*inputs, *state) -> (outputs, new state), waited for,
    that keeps the new state for the next call (a shared variable)."""
    state = list(state)

    def call():
        outputs, state[:] = step(*inputs, *state)
        jax.block_until_ready((outputs, state))

    return call


def lr_step(dtype, train):
    x, y, w = (jnp.asarray(a) for a in wl.lr_data(dtype))

    def cost(w, b, x, y):
        prediction, xent, c = wl.lr_forward(jnp, x, y, w, b)
        return c, (prediction, xent)

    @jax.jit
    def step(x, y, w, b):
        if not train:
            return cost(w, b, x, y)[1], (w, b)
        (_, outputs), (gw, gb) = jax.value_and_grad(
            cost, argnums=(0, 1), has_aux=True)(w, b, x, y)
        return outputs, (w - 0.1 * gw, b - 0.1 * gb)

    return wl.median_ns(stepper(step, (w, jnp.asarray(dtype(0))), x, y))


def mlp_step(dtype, train):
    x, y, params = wl.mlp_data(dtype)
    x, y = jnp.asarray(x), jnp.asarray(y)

    @jax.jit
    def step(x, y, *params):
        if not train:
            return wl.mlp_cost(jnp, x, y, *params), params
        cost, grads = jax.value_and_grad(
            lambda p: wl.mlp_cost(jnp, x, y, *p))(params)
        return cost, tuple(p - wl.MLP_RATE * g for p, g in zip(params, grads))

    return wl.median_ns(stepper(step, [jnp.asarray(p) for p in params], x, y))


def compile_two_nodes(k):
    f = jax.jit(lambda x: jnp.exp(x) + (1 + k * 1e-3))
    return lambda: jax.block_until_ready(f(np.ones(4)))


def compile_lr_cost(k):
    f = jax.jit(lambda x, y, w, b: wl.lr_forward(jnp, x, y, w, b + k * 1e-3)
                [0::2])
    return lambda: jax.block_until_ready(
        f(np.ones((8, 4)), np.ones(8), np.ones(4), 0.0))


def timed(f, *args):
    return wl.median_ns(lambda: jax.block_until_ready(f(*args)))


def main():
    results = {}
    results["BM_Compile_TwoNodes"] = wl.compile_ns(compile_two_nodes)
    results["BM_Compile_LogisticRegressionCost"] = wl.compile_ns(compile_lr_cost)
    # Its persistent compilation cache, in a new directory, for every entry.
    with tempfile.TemporaryDirectory() as cache:
        jax.config.update("jax_compilation_cache_dir", cache)
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)
        jax.config.update("jax_persistent_cache_min_entry_size_bytes", -1)
        compilation_cache.reset_cache()
        results["BM_CompileFromCache_TwoNodes"] = wl.cached_compile_ns(
            compile_two_nodes)
        results["BM_CompileFromCache_LogisticRegressionCost"] = \
            wl.cached_compile_ns(compile_lr_cost)
        jax.config.update("jax_compilation_cache_dir", None)
        compilation_cache.reset_cache()

    five = jnp.array([1.0, 2, 3, 4, 5])
    results["BM_Call_NoInputFiveVector"] = timed(jax.jit(lambda: five * 2))
    results["BM_Call_AddOneTenElements"] = timed(
        jax.jit(lambda a: a + 1), jnp.ones(10))
    results["BM_Call_TwoSharedOneUpdate"] = wl.median_ns(stepper(
        jax.jit(lambda x, w, acc: ((), (w, acc + w * x))),
        (jnp.ones(5), jnp.zeros(5)), 1.0))

    for name, dtype in wl.PRECISIONS:
        for mode, train in (("train", True), ("forward", False)):
            results[f"BM_LRStep/{name}_{mode}"] = lr_step(dtype, train)
            results[f"BM_MLP/{name}_{mode}"] = mlp_step(dtype, train)
    for bench, chain, n in wl.chain_cases():
        fn = wl.CHAINS[chain][1]
        data = [jnp.asarray(a) for a in wl.chain_data(chain, n)]
        results[bench] = timed(jax.jit(lambda *a: fn(jnp, *a)), *data)
    for bench, data, axis in wl.sum_cases():
        results[bench] = timed(jax.jit(lambda a, axis=axis: a.sum(axis=axis)),
                               jnp.asarray(data))
    wl.emit(results)


main()
