//===- c_loops_bench.cpp - Hand-written fused C peers of #1 and #4 --------===//
//
// What a C programmer writes by hand, compiled for the host (-O3
// -march=native -fopenmp-simd): the logistic-regression step in one pass
// over x (row i's gradient needs only its own z_i), and each elementwise
// chain as one loop into a preallocated output.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

#include <cmath>

namespace {

namespace T = tensorjit;
using bench::Chain, bench::kLRRows, bench::kLRFeats;

template <class Real>
void BM_LRStep_CLoops(benchmark::State &state, bool train) {
  bench::LRData data(bench::dtypeOf<Real>);
  const Real *x = data.x.data<Real>(), *y = data.y.data<Real>();
  std::vector<Real> w(data.w.data<Real>(), data.w.data<Real>() + kLRFeats);
  std::vector<Real> gw(kLRFeats), xent(kLRRows);
  std::vector<char> prediction(kLRRows);
  Real b = 0;
  for (auto _ : state) {
    Real gb = 0;
    for (int j = 0; j < kLRFeats; ++j)
      gw[j] = Real(0.02) * w[j];
    for (int i = 0; i < kLRRows; ++i) {
      const Real *row = x + i * kLRFeats;
      Real z = b;
#pragma omp simd reduction(+ : z)
      for (int j = 0; j < kLRFeats; ++j)
        z += row[j] * w[j];
      Real p = 1 / (1 + std::exp(-z));
      prediction[i] = p > Real(0.5);
      xent[i] = -y[i] * std::log(p) - (1 - y[i]) * std::log(1 - p);
      if (!train)
        continue;
      Real d = (p - y[i]) / kLRRows;
      gb += d;
#pragma omp simd
      for (int j = 0; j < kLRFeats; ++j)
        gw[j] += row[j] * d;
    }
    if (train) {
      for (int j = 0; j < kLRFeats; ++j)
        w[j] -= Real(0.1) * gw[j];
      b -= Real(0.1) * gb;
    }
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(xent.data());
    benchmark::DoNotOptimize(prediction.data());
  }
  bench::setWork(state, bench::lrFlop(train), 0);
}
const bool registeredLR = bench::registerPrecisions(
    "BM_LRStep_CLoops", BM_LRStep_CLoops<double>, BM_LRStep_CLoops<float>);

double softplus(double t) { return std::log1p(std::exp(t)); }

void BM_Chain_CLoops(benchmark::State &state, Chain chain) {
  const int64_t n = state.range(0);
  std::vector<T::Array> in = bench::chainInputsData(chain, n);
  const double *a = in[0].data<double>();
  const double *b = in.size() > 1 ? in[1].data<double>() : nullptr;
  const double *c = in.size() > 2 ? in[2].data<double>() : nullptr;
  std::vector<double> out(n);
  double *o = out.data();
  for (auto _ : state) {
    switch (chain) {
    case Chain::AxBPlusC:
      for (int64_t i = 0; i < n; ++i)
        o[i] = a[i] * b[i] + c[i];
      break;
    case Chain::SquareOfSum:
      for (int64_t i = 0; i < n; ++i)
        o[i] = a[i] * a[i] + b[i] * b[i] + 2 * a[i] * b[i];
      break;
    case Chain::Sigmoid:
      for (int64_t i = 0; i < n; ++i)
        o[i] = 1 / (1 + std::exp(-a[i]));
      break;
    case Chain::SoftplusXent:
      for (int64_t i = 0; i < n; ++i)
        o[i] = b[i] * softplus(-a[i]) + (1 - b[i]) * softplus(a[i]);
      break;
    }
    benchmark::DoNotOptimize(o);
    benchmark::ClobberMemory();
  }
  bench::setWork(state, 0, bench::chainBytes(chain, n));
}
const bool registeredChains =
    bench::registerChains("BM_Chain_CLoops", BM_Chain_CLoops);

} // namespace
