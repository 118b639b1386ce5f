//===- openblas_bench.cpp - C + OpenBLAS peers of #1 and #5 ---------------===//
//
// The logistic-regression step with two gemv calls and the MLP step with
// gemm calls (the weight updates folded into the gemm of their gradient),
// the elementwise parts as plain loops. Built only where CMake finds
// OpenBLAS; scripts/bench reports the peer as MISSING otherwise.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

#include <cblas.h>

#include <cmath>

namespace {

namespace T = tensorjit;
using bench::kBatch, bench::kHidden, bench::kIn, bench::kOut;
using bench::kLRFeats, bench::kLRRows;

/// y = alpha op(A) x + beta y, A row-major m x n.
void gemv(bool trans, int m, int n, double alpha, const double *a,
          const double *x, double beta, double *y) {
  cblas_dgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, a,
              n, x, 1, beta, y, 1);
}
void gemv(bool trans, int m, int n, float alpha, const float *a, const float *x,
          float beta, float *y) {
  cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, m, n, alpha, a,
              n, x, 1, beta, y, 1);
}

/// C = alpha op(A) op(B) + beta C, row-major, op(A) m x k, op(B) k x n.
void gemm(bool transA, bool transB, int m, int n, int k, double alpha,
          const double *a, const double *b, double beta, double *c) {
  cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              transA ? m : k, b, transB ? k : n, beta, c, n);
}
void gemm(bool transA, bool transB, int m, int n, int k, float alpha,
          const float *a, const float *b, float beta, float *c) {
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
              transB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
              transA ? m : k, b, transB ? k : n, beta, c, n);
}

template <class Real>
void BM_LRStep_OpenBLAS(benchmark::State &state, bool train) {
  bench::LRData data(bench::dtypeOf<Real>);
  const Real *x = data.x.data<Real>(), *y = data.y.data<Real>();
  std::vector<Real> w(data.w.data<Real>(), data.w.data<Real>() + kLRFeats);
  std::vector<Real> z(kLRRows), d(kLRRows), xent(kLRRows), gw(kLRFeats);
  std::vector<char> prediction(kLRRows);
  Real b = 0;
  for (auto _ : state) {
    gemv(false, kLRRows, kLRFeats, Real(1), x, w.data(), Real(0), z.data());
    Real gb = 0;
    for (int i = 0; i < kLRRows; ++i) {
      Real p = 1 / (1 + std::exp(-z[i] - b));
      prediction[i] = p > Real(0.5);
      xent[i] = -y[i] * std::log(p) - (1 - y[i]) * std::log(1 - p);
      d[i] = (p - y[i]) / kLRRows;
      gb += d[i];
    }
    if (train) {
      for (int j = 0; j < kLRFeats; ++j)
        gw[j] = Real(0.02) * w[j];
      gemv(true, kLRRows, kLRFeats, Real(1), x, d.data(), Real(1), gw.data());
      for (int j = 0; j < kLRFeats; ++j)
        w[j] -= Real(0.1) * gw[j];
      b -= Real(0.1) * gb;
    }
    benchmark::DoNotOptimize(w.data());
    benchmark::DoNotOptimize(xent.data());
  }
  bench::setWork(state, bench::lrFlop(train), 0);
}
const bool registeredLR =
    bench::registerPrecisions("BM_LRStep_OpenBLAS", BM_LRStep_OpenBLAS<double>,
                              BM_LRStep_OpenBLAS<float>);

/// out (rows x cols) = in + bias broadcast over rows.
template <class Real>
void setRows(Real *out, const Real *bias, int rows, int cols) {
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      out[i * cols + j] = bias[j];
}

template <class Real>
void BM_MLP_OpenBLAS(benchmark::State &state, bool train) {
  bench::MLPData data(bench::dtypeOf<Real>);
  auto copy = [](const T::Array &a) {
    return std::vector<Real>(a.data<Real>(), a.data<Real>() + a.size());
  };
  const Real *x = data.x.data<Real>(), *y = data.y.data<Real>();
  std::vector<Real> w1 = copy(data.w1), b1 = copy(data.b1);
  std::vector<Real> w2 = copy(data.w2), b2 = copy(data.b2);
  std::vector<Real> h(kBatch * kHidden), dh(kBatch * kHidden), z(kBatch * kOut);
  const Real rate = Real(bench::kMLPRate);
  for (auto _ : state) {
    setRows(h.data(), b1.data(), kBatch, kHidden);
    gemm(false, false, kBatch, kHidden, kIn, Real(1), x, w1.data(), Real(1),
         h.data());
    for (Real &v : h)
      v = std::tanh(v);
    setRows(z.data(), b2.data(), kBatch, kOut);
    gemm(false, false, kBatch, kOut, kHidden, Real(1), h.data(), w2.data(),
         Real(1), z.data());
    Real cost = 0;
    for (int i = 0; i < kBatch; ++i) { // z becomes dcost/dz = (p - y) / B
      Real *row = z.data() + i * kOut, top = row[0], sum = 0;
      for (int j = 1; j < kOut; ++j)
        top = std::max(top, row[j]);
      for (int j = 0; j < kOut; ++j)
        sum += row[j] = std::exp(row[j] - top);
      for (int j = 0; j < kOut; ++j) {
        Real p = row[j] / sum, t = y[i * kOut + j];
        cost -= t * std::log(p) / kBatch;
        row[j] = (p - t) / kBatch;
      }
    }
    benchmark::DoNotOptimize(cost);
    if (!train)
      continue;
    gemm(false, true, kBatch, kHidden, kOut, Real(1), z.data(), w2.data(),
         Real(0), dh.data());
    for (int k = 0; k < kBatch * kHidden; ++k)
      dh[k] *= 1 - h[k] * h[k];
    gemm(true, false, kHidden, kOut, kBatch, -rate, h.data(), z.data(), Real(1),
         w2.data());
    gemm(true, false, kIn, kHidden, kBatch, -rate, x, dh.data(), Real(1),
         w1.data());
    for (int i = 0; i < kBatch; ++i) {
      for (int j = 0; j < kOut; ++j)
        b2[j] -= rate * z[i * kOut + j];
      for (int j = 0; j < kHidden; ++j)
        b1[j] -= rate * dh[i * kHidden + j];
    }
    benchmark::DoNotOptimize(w1.data());
  }
  bench::setWork(state, bench::mlpFlop(train), 0);
}
const bool registeredMLP = bench::registerPrecisions(
    "BM_MLP_OpenBLAS", BM_MLP_OpenBLAS<double>, BM_MLP_OpenBLAS<float>);

} // namespace
