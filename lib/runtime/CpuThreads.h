//===- CpuThreads.h - How many threads a compiled loop runs on --*- C++ -*-===//

#ifndef TENSORJIT_LIB_RUNTIME_CPUTHREADS_H
#define TENSORJIT_LIB_RUNTIME_CPUTHREADS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tensorjit::detail {

/// Innermost iterations each thread of a split loop gets at least: below
/// twice this, a loop runs on the calling thread alone (waking a thread
/// and joining it costs more than it saves; benchmarks/RESULTS.md).
inline constexpr int64_t kElementsPerThread = 1 << 16;

/// The functions tj-cpu-parallelize calls (tj_rt_cpu_threads and the
/// OpenMP runtime's omp_get_thread_num/omp_get_num_threads), by symbol.
std::vector<std::pair<std::string, void *>> cpu_threads_runtime_symbols();

} // namespace tensorjit::detail

/// Threads for a loop of `elements` innermost iterations: 1 below
/// 2 * kElementsPerThread, else elements / kElementsPerThread, at most
/// tensorjit::num_threads().
extern "C" int32_t tj_rt_cpu_threads(int64_t elements);

#endif // TENSORJIT_LIB_RUNTIME_CPUTHREADS_H
