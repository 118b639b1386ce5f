//===- random_bench.cpp - BENCHMARKS.md #7: random draw throughput --------===//
//
// 1e7 draws per call from compiled functions: MT19937 (RandomStreams,
// numpy's algorithms, made by the runtime) and MRG31k3p (MRGRandomStreams,
// generated inline), uniform and normal. The bytes written are the work
// (scripts/bench reports them against the triad bandwidth);
// benchmarks/peers/numpy_peer.py times numpy's legacy RandomState on the
// same MT19937 draws.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

#include "workloads.h"

namespace T = tensorjit;

namespace {

constexpr int64_t kDraws = 10'000'000;

enum class Kind { Uniform, Normal };

void BM_Random(benchmark::State &state, bool mrg, Kind kind, T::DType dtype) {
  T::RandomStreams streams =
      mrg ? T::MRGRandomStreams(1234) : T::RandomStreams(1234);
  T::RandomVariable draw = kind == Kind::Uniform
                               ? streams.uniform({kDraws}, 0.0, 1.0, dtype)
                               : streams.normal({kDraws}, 0.0, 1.0, dtype);
  T::Function f = T::function({}, draw);
  f(); // compile
  for (auto _ : state)
    benchmark::DoNotOptimize(f());
  bench::setWork(state, 0, static_cast<double>(kDraws * T::itemsize(dtype)));
}

BENCHMARK_CAPTURE(BM_Random, MT19937_uniform_f64, false, Kind::Uniform,
                  T::DType::Float64)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Random, MT19937_normal_f64, false, Kind::Normal,
                  T::DType::Float64)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Random, MRG31k3p_uniform_f64, true, Kind::Uniform,
                  T::DType::Float64)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Random, MRG31k3p_uniform_f32, true, Kind::Uniform,
                  T::DType::Float32)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Random, MRG31k3p_normal_f32, true, Kind::Normal,
                  T::DType::Float32)
    ->Unit(benchmark::kMillisecond);

} // namespace
