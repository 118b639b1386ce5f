//===- sum_bench.cpp - Large float64 sums, against the triad --------------===//
//
// A full sum, a few long rows' sums and many short rows' column sums of 1e7
// elements (workloads.h), each compiled into one function; their
// bandwidth is compared with the triad measured in the same run, and on
// all threads (scripts/bench's second run) with the all-threads triad.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

namespace {

namespace T = tensorjit;

void BM_Sum(benchmark::State &state, bench::SumCase c) {
  T::Array data = bench::sumData(c);
  T::Var x = c.axis < 0 ? T::dvector() : T::dmatrix();
  T::Var sum = c.axis < 0 ? x.sum() : x.sum({c.axis});
  T::Function f = T::function({x}, sum);
  bench::timeCalls(state, f, data);
  bench::setWork(state, 0, bench::sumBytes(c));
}

const bool registered = [] {
  for (const bench::SumCase &c : bench::kSums)
    benchmark::RegisterBenchmark((std::string("BM_Sum/") + c.name).c_str(),
                                 BM_Sum, c)
        ->Unit(benchmark::kMicrosecond);
  return true;
}();

} // namespace
