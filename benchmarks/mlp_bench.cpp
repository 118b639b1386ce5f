//===- mlp_bench.cpp - BENCHMARKS.md #5 and #8: MLP 784-500-10 ------------===//
//
// The Theano 2010 paper's MLP (workloads.h): an SGD step with the weights
// in shared variables, and the forward pass alone (#8: gradient cost =
// step / forward), float64 and float32.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

namespace {

namespace T = tensorjit;

void BM_MLP(benchmark::State &state, T::DType dtype, bool train) {
  bench::MLPData data(dtype);
  auto x = T::tensor(dtype, 2, "x");
  auto y = T::tensor(dtype, 2, "y");
  auto w1 = T::shared(data.w1, "w1"), b1 = T::shared(data.b1, "b1");
  auto w2 = T::shared(data.w2, "w2"), b2 = T::shared(data.b2, "b2");
  auto h = T::tanh(T::dot(x, w1) + b1);
  auto z = T::dot(h, w2) + b2;
  auto e = T::exp(z - z.max(1, true));
  auto p = e / e.sum(1, true);
  auto cost = -(y * T::log(p)).sum(1).mean();
  T::Function f = [&] {
    if (!train)
      return T::function({x, y}, cost);
    auto [gw1, gb1, gw2, gb2] = T::grad(cost, {w1, b1, w2, b2});
    const double rate = bench::kMLPRate;
    return T::function({x, y}, cost,
                       {.updates = {{w1, w1 - rate * gw1},
                                    {b1, b1 - rate * gb1},
                                    {w2, w2 - rate * gw2},
                                    {b2, b2 - rate * gb2}}});
  }();
  bench::timeCalls(state, f, data.x, data.y);
  bench::setWork(state, bench::mlpFlop(train), 0);
}
const bool registered = bench::registerDTypes("BM_MLP", BM_MLP);

} // namespace
