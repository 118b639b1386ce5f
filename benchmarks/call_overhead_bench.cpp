//===- call_overhead_bench.cpp - BENCHMARKS.md #2: cached call overhead ---===//
//
// Time per call of tiny compiled functions after the first (compiling)
// call, and the same work as a plain C++ loop, whose time is the kernel's
// share. Overhead = tensorjit - loop.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

namespace T = tensorjit;

namespace {

/// (a) A function of no inputs returning a 5-vector.
void BM_Call_NoInputFiveVector(benchmark::State &state) {
  auto f = T::function({}, T::constant(T::array({1., 2., 3., 4., 5.})) * 2);
  f();
  for (auto _ : state)
    benchmark::DoNotOptimize(f());
}
BENCHMARK(BM_Call_NoInputFiveVector);

/// (b) a + 1 on 10 elements.
void BM_Call_AddOneTenElements(benchmark::State &state) {
  auto a = T::dvector("a");
  auto f = T::function({a}, a + 1);
  T::Array input = T::ones({10});
  f(input);
  for (auto _ : state)
    benchmark::DoNotOptimize(f(input));
}
BENCHMARK(BM_Call_AddOneTenElements);

/// (c) Two shared variables and one update: acc += w * x.
void BM_Call_TwoSharedOneUpdate(benchmark::State &state) {
  T::Shared w = T::shared(T::ones({5}), "w");
  T::Shared acc = T::shared(T::zeros({5}), "acc");
  auto x = T::dscalar("x");
  auto f = T::function({x}, std::vector<T::Output>{},
                       {.updates = {{acc, acc + w * x}}});
  f(1.0);
  for (auto _ : state)
    benchmark::DoNotOptimize(f(1.0));
}
BENCHMARK(BM_Call_TwoSharedOneUpdate);

/// The kernel of (b) as a loop, with its output allocation.
void BM_Loop_AddOneTenElements(benchmark::State &state) {
  std::vector<double> input(10, 1.0);
  for (auto _ : state) {
    std::vector<double> out(10);
    for (int i = 0; i < 10; ++i)
      out[i] = input[i] + 1;
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Loop_AddOneTenElements);

} // namespace
