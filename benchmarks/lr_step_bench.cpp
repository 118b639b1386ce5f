//===- lr_step_bench.cpp - BENCHMARKS.md #1 and #8 ------------------------===//
//
// The seed's logistic-regression step (workloads.h) in float64 and
// float32, and the forward pass alone (#8: gradient cost = step / forward).
// The C, OpenBLAS and Eigen peers are in c_loops_bench.cpp,
// openblas_bench.cpp and eigen_bench.cpp.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

namespace {

namespace T = tensorjit;

void BM_LRStep(benchmark::State &state, T::DType dtype, bool train) {
  bench::LRData data(dtype);
  auto x = T::tensor(dtype, 2, "x");
  auto y = T::tensor(dtype, 1, "y");
  auto w = T::shared(data.w, "w");
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
  bench::timeCalls(state, f, data.x, data.y);
  bench::setWork(state, bench::lrFlop(train), 0);
}
const bool registered = bench::registerDTypes("BM_LRStep", BM_LRStep);

} // namespace
