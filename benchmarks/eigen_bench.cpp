//===- eigen_bench.cpp - Eigen peers of #1, #4 and #5 ---------------------===//
//
// The same workloads written with Eigen's expression templates, compiled
// for the host (-O3 -march=native). Built only where CMake finds Eigen;
// scripts/bench reports the peer as MISSING otherwise.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

#include <Eigen/Dense>

namespace {

namespace T = tensorjit;
using bench::Chain;

template <class Real>
using Matrix =
    Eigen::Matrix<Real, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class Real> using Vector = Eigen::Matrix<Real, Eigen::Dynamic, 1>;
template <class Real> using RowVector = Eigen::Matrix<Real, 1, Eigen::Dynamic>;

/// A copy of an array as an Eigen matrix (vectors as one column).
template <class M> M toEigen(const T::Array &a, int rows, int cols) {
  using Real = typename M::Scalar;
  return Eigen::Map<const Matrix<Real>>(a.data<Real>(), rows, cols);
}

template <class Real>
void BM_LRStep_Eigen(benchmark::State &state, bool train) {
  const int n = bench::kLRRows, feats = bench::kLRFeats;
  bench::LRData data(bench::dtypeOf<Real>);
  auto x = toEigen<Matrix<Real>>(data.x, n, feats);
  auto y = toEigen<Vector<Real>>(data.y, n, 1);
  auto w = toEigen<Vector<Real>>(data.w, feats, 1);
  Real b = 0;
  for (auto _ : state) {
    Eigen::Array<Real, Eigen::Dynamic, 1> p =
        1 / (1 + (-(x * w).array() - b).exp());
    Eigen::Array<bool, Eigen::Dynamic, 1> prediction = p > Real(0.5);
    Eigen::Array<Real, Eigen::Dynamic, 1> xent =
        -y.array() * p.log() - (1 - y.array()) * (1 - p).log();
    benchmark::DoNotOptimize(xent.data());
    benchmark::DoNotOptimize(prediction.data());
    if (!train)
      continue;
    Vector<Real> d = (p - y.array()).matrix() / Real(n);
    w -= Real(0.1) * (x.transpose() * d + Real(0.02) * w);
    b -= Real(0.1) * d.sum();
    benchmark::DoNotOptimize(w.data());
  }
  bench::setWork(state, bench::lrFlop(train), 0);
}
const bool registeredLR = bench::registerPrecisions(
    "BM_LRStep_Eigen", BM_LRStep_Eigen<double>, BM_LRStep_Eigen<float>);

template <class E> auto softplus(const E &t) { return t.exp().log1p(); }

void BM_Chain_Eigen(benchmark::State &state, Chain chain) {
  const int64_t n = state.range(0);
  std::vector<T::Array> in = bench::chainInputsData(chain, n);
  using Array = Eigen::Array<double, Eigen::Dynamic, 1>;
  auto map = [&](size_t i) {
    return Eigen::Map<const Array>(
        in[std::min(i, in.size() - 1)].data<double>(), n);
  };
  auto a = map(0), b = map(1), c = map(2);
  Array out(n);
  for (auto _ : state) {
    switch (chain) {
    case Chain::AxBPlusC:
      out = a * b + c;
      break;
    case Chain::SquareOfSum:
      out = a * a + b * b + 2 * a * b;
      break;
    case Chain::Sigmoid:
      out = 1 / (1 + (-a).exp());
      break;
    case Chain::SoftplusXent:
      out = b * softplus(-a) + (1 - b) * softplus(a);
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  bench::setWork(state, 0, bench::chainBytes(chain, n));
}
const bool registeredChains =
    bench::registerChains("BM_Chain_Eigen", BM_Chain_Eigen);

template <class Real> void BM_MLP_Eigen(benchmark::State &state, bool train) {
  using namespace bench;
  MLPData data(dtypeOf<Real>);
  auto x = toEigen<Matrix<Real>>(data.x, kBatch, kIn);
  auto y = toEigen<Matrix<Real>>(data.y, kBatch, kOut);
  auto w1 = toEigen<Matrix<Real>>(data.w1, kIn, kHidden);
  auto w2 = toEigen<Matrix<Real>>(data.w2, kHidden, kOut);
  auto b1 = toEigen<RowVector<Real>>(data.b1, 1, kHidden);
  auto b2 = toEigen<RowVector<Real>>(data.b2, 1, kOut);
  const Real rate = Real(kMLPRate);
  for (auto _ : state) {
    Matrix<Real> h = ((x * w1).rowwise() + b1).array().tanh();
    Matrix<Real> z = (h * w2).rowwise() + b2;
    z = (z.colwise() - z.rowwise().maxCoeff()).array().exp();
    Matrix<Real> p = z.array().colwise() / z.rowwise().sum().array();
    Real cost = -(y.array() * p.array().log()).sum() / kBatch;
    benchmark::DoNotOptimize(cost);
    if (!train)
      continue;
    Matrix<Real> dz = (p - y) / Real(kBatch);
    Matrix<Real> dh =
        ((dz * w2.transpose()).array() * (1 - h.array().square())).matrix();
    w2.noalias() -= rate * h.transpose() * dz;
    b2 -= rate * dz.colwise().sum();
    w1.noalias() -= rate * x.transpose() * dh;
    b1 -= rate * dh.colwise().sum();
    benchmark::DoNotOptimize(w1.data());
  }
  setWork(state, mlpFlop(train), 0);
}
const bool registeredMLP = bench::registerPrecisions(
    "BM_MLP_Eigen", BM_MLP_Eigen<double>, BM_MLP_Eigen<float>);

} // namespace
