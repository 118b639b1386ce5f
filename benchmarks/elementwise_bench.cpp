//===- elementwise_bench.cpp - BENCHMARKS.md #4: fused elementwise chains -===//
//
// Four float64 chains at 1e3, 1e5 and 1e7 elements, each compiled into one
// function; the bandwidth they reach is compared with the triad measured in
// the same run (machine_limits_bench.cpp).
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

namespace {

using bench::Chain;
namespace T = tensorjit;

T::Var chainGraph(Chain chain, const std::vector<T::Var> &in) {
  switch (chain) {
  case Chain::AxBPlusC:
    return in[0] * in[1] + in[2];
  case Chain::SquareOfSum:
    return in[0] * in[0] + in[1] * in[1] + 2 * in[0] * in[1];
  case Chain::Sigmoid:
    return T::sigmoid(in[0]);
  case Chain::SoftplusXent:
    return in[1] * T::softplus(-in[0]) + (1 - in[1]) * T::softplus(in[0]);
  }
  return in[0];
}

void BM_Chain(benchmark::State &state, Chain chain) {
  std::vector<T::Array> data = bench::chainInputsData(chain, state.range(0));
  std::vector<T::Var> vars;
  std::vector<T::Input> inputs;
  for (size_t i = 0; i < data.size(); ++i) {
    vars.push_back(T::dvector());
    inputs.push_back(vars.back());
  }
  T::Function f = T::function(inputs, chainGraph(chain, vars));
  if (data.size() == 1)
    bench::timeCalls(state, f, data[0]);
  else if (data.size() == 2)
    bench::timeCalls(state, f, data[0], data[1]);
  else
    bench::timeCalls(state, f, data[0], data[1], data[2]);
  bench::setWork(state, 0, bench::chainBytes(chain, state.range(0)));
}
const bool registered = bench::registerChains("BM_Chain", BM_Chain);

} // namespace
