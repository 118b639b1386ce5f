//===- lr_step_bench.cpp - BENCHMARKS.md #1 and #8 ------------------------===//
//
// The seed's logistic-regression step (N=400, feats=784) in float64 and
// float32, the forward pass alone (#8: gradient cost = step / forward),
// and a hand-written C++ step (two passes over x) as the in-process peer.
//
//===----------------------------------------------------------------------===//

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace T = tensorjit;

namespace {

constexpr int N = 400, kFeats = 784;

struct Problem {
  T::Array dx, dy, w0;
  explicit Problem(T::DType dtype) {
    T::RandomState rng(0);
    dx = rng.randn({N, kFeats}).astype(dtype);
    dy = rng.randint(0, 2, {N});
    w0 = rng.randn({kFeats}).astype(dtype);
  }
};

void BM_LRStep(benchmark::State &state, T::DType dtype, bool train) {
  Problem problem(dtype);
  auto x = T::tensor(dtype, 2, "x");
  auto y = T::tensor(dtype, 1, "y");
  auto w = T::shared(problem.w0, "w");
  auto b = T::shared(T::Array(0.).astype(dtype), "b");
  auto p_1 = 1 / (1 + T::exp(-T::dot(x, w) - b));
  auto xent = -y * T::log(p_1) - (1 - y) * T::log(1 - p_1);
  auto cost = xent.mean() + 0.01 * (w * w).sum();
  T::Function f =
      train ? [&] {
        auto [gw, gb] = T::grad(cost, {w, b});
        return T::function({x, y}, {p_1 > 0.5, xent},
                           {.updates = {{w, w - 0.1 * gw},
                                        {b, b - 0.1 * gb}}});
      }()
            : T::function({x, y}, {p_1 > 0.5, xent});
  T::Array dy = problem.dy.astype(dtype);
  f(problem.dx, dy);
  for (auto _ : state)
    benchmark::DoNotOptimize(f(problem.dx, dy));
}
BENCHMARK_CAPTURE(BM_LRStep, f64_train, T::DType::Float64, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LRStep, f64_forward, T::DType::Float64, false)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LRStep, f32_train, T::DType::Float32, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LRStep, f32_forward, T::DType::Float32, false)
    ->Unit(benchmark::kMicrosecond);

/// The same step by hand in C++ (float64): z = Xw + b, p = sigmoid(z),
/// gw = X^T (p - y) / N + 0.02 w, then the updates.
void BM_LRStep_HandWrittenC(benchmark::State &state) {
  Problem problem(T::DType::Float64);
  const double *x = problem.dx.data<double>();
  std::vector<double> w(problem.w0.data<double>(),
                        problem.w0.data<double>() + kFeats);
  std::vector<double> y(N), p(N), gw(kFeats);
  for (int i = 0; i < N; ++i)
    y[i] = problem.dy.at<int64_t>(i);
  double b = 0;
  for (auto _ : state) {
    double gb = 0;
    for (int i = 0; i < N; ++i) {
      double z = b;
      for (int j = 0; j < kFeats; ++j)
        z += x[i * kFeats + j] * w[j];
      p[i] = 1 / (1 + std::exp(-z)) - y[i];
      gb += p[i];
    }
    for (int j = 0; j < kFeats; ++j)
      gw[j] = 0.02 * w[j];
    for (int i = 0; i < N; ++i)
      for (int j = 0; j < kFeats; ++j)
        gw[j] += x[i * kFeats + j] * p[i] / N;
    for (int j = 0; j < kFeats; ++j)
      w[j] -= 0.1 * gw[j];
    b -= 0.1 * gb / N;
    benchmark::DoNotOptimize(w.data());
  }
}
BENCHMARK(BM_LRStep_HandWrittenC)->Unit(benchmark::kMicrosecond);

} // namespace
