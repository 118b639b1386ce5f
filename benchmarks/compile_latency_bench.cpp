//===- compile_latency_bench.cpp - BENCHMARKS.md #3: compiles -------------===//
//
// Each iteration builds a new graph and calls it once: the time is the
// first call. BM_Compile_* compile cold, dominated by MLIR passes and LLVM
// code generation; BM_CompileFromCache_* load what the first compile left
// in the persistent compile cache (TENSORJIT_CACHE_DIR, a new temporary
// directory). The process-wide MLIR context is created before timing
// starts.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

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

/// The logistic-regression forward pass and cost of the seed tutorial.
/// Builds the cost function anew and calls it once.
void logisticRegressionCost() {
  static const T::Array dx = T::ones({8, 4}), dy = T::ones({8}),
                        w = T::ones({4});
  auto x = T::dmatrix("x");
  auto y = T::dvector("y");
  auto wv = T::dvector("w");
  auto b = T::dscalar("b");
  auto p1 = 1 / (1 + T::exp(-T::dot(x, wv) - b));
  auto xent = -y * T::log(p1) - (1 - y) * T::log(1 - p1);
  auto cost = xent.mean() + 0.01 * (wv * wv).sum();
  auto f = T::function({x, y, wv, b}, {p1 > 0.5, cost}, {.name = "lr_cost"});
  benchmark::DoNotOptimize(f(dx, dy, w, 0.0));
}

void BM_Compile_LogisticRegressionCost(benchmark::State &state) {
  warmUp();
  for (auto _ : state)
    logisticRegressionCost();
}
BENCHMARK(BM_Compile_LogisticRegressionCost)->Unit(benchmark::kMillisecond);

/// The seed's training step, its data shared on the CPU (400 x 784, f64).
T::Function lrTrainStep() {
  static const bench::LRData data(T::DType::Float64);
  static const T::Shared x = T::shared(data.x, "x"), y = T::shared(data.y, "y"),
                         w = T::shared(data.w, "w"),
                         b = T::shared(T::Array(0.0), "b");
  return bench::lrTrainStep(x, y, w, b);
}

void BM_Compile_LRTrainStep(benchmark::State &state) {
  warmUp();
  for (auto _ : state)
    lrTrainStep()();
}
BENCHMARK(BM_Compile_LRTrainStep)->Unit(benchmark::kMillisecond);

void BM_CompileFromCache_TwoNodes(benchmark::State &state) {
  warmUp();
  T::Array input = T::ones({4});
  bench::timeFromCache(state, [&] {
    auto x = T::dvector("x");
    auto f = T::function({x}, T::exp(x) + 1, {.name = "two_nodes"});
    benchmark::DoNotOptimize(f(input));
  });
}
BENCHMARK(BM_CompileFromCache_TwoNodes)->Unit(benchmark::kMillisecond);

void BM_CompileFromCache_LogisticRegressionCost(benchmark::State &state) {
  warmUp();
  bench::timeFromCache(state, logisticRegressionCost);
}
BENCHMARK(BM_CompileFromCache_LogisticRegressionCost)
    ->Unit(benchmark::kMillisecond);

void BM_CompileFromCache_LRTrainStep(benchmark::State &state) {
  warmUp();
  bench::timeFromCache(state, [] { lrTrainStep()(); });
}
BENCHMARK(BM_CompileFromCache_LRTrainStep)->Unit(benchmark::kMillisecond);

} // namespace
