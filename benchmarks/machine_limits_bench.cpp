//===- machine_limits_bench.cpp - The machine's limits, measured in-run ---===//
//
// STREAM-style triad a[i] = b[i] + s*c[i] over arrays far larger than the
// last-level cache (24 bytes an element), and the FMA peak with enough
// independent vector FMA chains to fill the pipelines, each on one thread
// and on all hardware threads. scripts/bench divides the bandwidth and
// FLOP rate of the other benchmarks by these. Compiled with -O3
// -march=native so that the FMA loop uses the host's widest vectors.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <memory>
#include <thread>

namespace {

/// Runs body(thread, threads) on `threads` threads and waits for them.
template <class F> void onThreads(int threads, F body) {
  std::vector<std::jthread> pool;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(body, t, threads);
  body(0, threads);
}

int threadCount(bool all) {
  return all ? std::max(1u, std::thread::hardware_concurrency()) : 1;
}

/// 2^25 float64 (256 MiB) per array: far beyond any CPU's LLC here.
constexpr int64_t kTriadElements = int64_t(1) << 25;

void BM_Triad(benchmark::State &state, bool allThreads) {
  const int threads = threadCount(allThreads);
  const int64_t n = kTriadElements;
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]),
      c(new double[n]);
  auto part = [&](int t, int count) {
    return std::pair{n * t / count, n * (t + 1) / count};
  };
  onThreads(threads, [&](int t, int count) { // first touch by the owner
    auto [begin, end] = part(t, count);
    std::fill(a.get() + begin, a.get() + end, 0.0);
    std::fill(b.get() + begin, b.get() + end, 1.0);
    std::fill(c.get() + begin, c.get() + end, 2.0);
  });
  const double s = 3.0;
  for (auto _ : state) {
    onThreads(threads, [&](int t, int count) {
      auto [begin, end] = part(t, count);
      double *pa = a.get();
      const double *pb = b.get(), *pc = c.get();
      for (int64_t i = begin; i < end; ++i)
        pa[i] = pb[i] + s * pc[i];
    });
    benchmark::DoNotOptimize(a.get());
    benchmark::ClobberMemory();
  }
  bench::setWork(state, 0, 24.0 * n);
}
BENCHMARK_CAPTURE(BM_Triad, one_thread, false)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Triad, all_threads, true)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

#if defined(__AVX512F__)
using VecD = __m512d;
using VecF = __m512;
VecD fma(VecD a, VecD b, VecD c) { return _mm512_fmadd_pd(a, b, c); }
VecF fma(VecF a, VecF b, VecF c) { return _mm512_fmadd_ps(a, b, c); }
#elif defined(__FMA__)
using VecD = __m256d;
using VecF = __m256;
VecD fma(VecD a, VecD b, VecD c) { return _mm256_fmadd_pd(a, b, c); }
VecF fma(VecF a, VecF b, VecF c) { return _mm256_fmadd_ps(a, b, c); }
#else
using VecD = double;
using VecF = float;
template <class Real> Real fma(Real a, Real b, Real c) {
  return std::fma(a, b, c);
}
#endif

/// Independent accumulators: enough to cover FMA latency x throughput
/// (4 x 2 on current x86) and few enough to stay in 16 vector registers.
constexpr int kChains = 12;
constexpr int64_t kRounds = 1 << 20;

template <class Vec, class Real> Vec splat(Real value) {
  Real lanes[sizeof(Vec) / sizeof(Real)];
  std::fill(std::begin(lanes), std::end(lanes), value);
  Vec vec;
  std::memcpy(&vec, lanes, sizeof vec);
  return vec;
}

/// kChains x kRounds FMAs of Vec's width; returns the FLOP done.
template <class Vec, class Real> double fmaChains(Real seed) {
  Vec acc[kChains];
  Vec mul = splat<Vec>(Real(0.999999)), add = splat<Vec>(Real(1e-7));
  for (int k = 0; k < kChains; ++k)
    acc[k] = splat<Vec>(seed + k);
  for (int64_t r = 0; r < kRounds; ++r) {
    for (int k = 0; k < kChains; ++k)
      acc[k] = fma(acc[k], mul, add);
    asm volatile("" : "+x"(mul)); // an unknown mul: no folding of rounds
  }
  for (int k = 0; k < kChains; ++k)
    benchmark::DoNotOptimize(acc[k]);
  return 2.0 * kChains * kRounds * (sizeof(Vec) / sizeof(Real));
}

template <class Vec, class Real>
void BM_FMAPeak(benchmark::State &state, bool allThreads) {
  const int threads = threadCount(allThreads);
  double flop = 0;
  for (auto _ : state) {
    std::vector<double> done(threads);
    onThreads(threads, [&](int t, int) { done[t] = fmaChains<Vec>(Real(t)); });
    flop = 0;
    for (double d : done)
      flop += d;
  }
  bench::setWork(state, flop, 0);
}
const bool registered = [] {
  for (bool all : {false, true}) {
    std::string threads = all ? "_all_threads" : "_one_thread";
    benchmark::RegisterBenchmark(("BM_FMAPeak/f64" + threads).c_str(),
                                 BM_FMAPeak<VecD, double>, all)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_FMAPeak/f32" + threads).c_str(),
                                 BM_FMAPeak<VecF, float>, all)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

} // namespace
