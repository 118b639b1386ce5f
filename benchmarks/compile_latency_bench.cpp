//===- compile_latency_bench.cpp - BENCHMARKS.md #3: cold compiles --------===//
//
// Each iteration builds a new graph and calls it once: the time is the
// first call, dominated by MLIR passes and LLVM code generation. The
// process-wide MLIR context is created before timing starts.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

namespace T = tensorjit;

namespace {

void warmUp() {
  static bool done = [] {
    auto x = T::dscalar("x");
    T::function({x}, x + 1)(1.0);
    return true;
  }();
  (void)done;
}

/// A 2-node graph: exp(x) + 1.
void BM_Compile_TwoNodes(benchmark::State &state) {
  warmUp();
  T::Array input = T::ones({4});
  for (auto _ : state) {
    auto x = T::dvector("x");
    auto f = T::function({x}, T::exp(x) + 1);
    benchmark::DoNotOptimize(f(input));
  }
}
BENCHMARK(BM_Compile_TwoNodes)->Unit(benchmark::kMillisecond);

/// The logistic-regression forward pass and cost of the seed tutorial
/// (the training step needs T::grad, which comes with the autodiff issue).
void BM_Compile_LogisticRegressionCost(benchmark::State &state) {
  warmUp();
  T::Array dx = T::ones({8, 4}), dy = T::ones({8}), w = T::ones({4});
  for (auto _ : state) {
    auto x = T::dmatrix("x");
    auto y = T::dvector("y");
    auto wv = T::dvector("w");
    auto b = T::dscalar("b");
    auto p1 = 1 / (1 + T::exp(-T::dot(x, wv) - b));
    auto xent = -y * T::log(p1) - (1 - y) * T::log(1 - p1);
    auto cost = xent.mean() + 0.01 * (wv * wv).sum();
    auto f = T::function({x, y, wv, b}, {p1 > 0.5, cost});
    benchmark::DoNotOptimize(f(dx, dy, w, 0.0));
  }
}
BENCHMARK(BM_Compile_LogisticRegressionCost)->Unit(benchmark::kMillisecond);

} // namespace
