//===- CpuThreads.cpp - How many threads a compiled loop runs on ----------===//
//
// tj-cpu-parallelize makes each large loop of compiled CPU code ask
// tj_rt_cpu_threads how many threads to run on; the threads are libomp's
// (LLVM's OpenMP runtime), which the compiled omp.parallel regions call.
// tensorjit::set_num_threads bounds the count, and OpenBLAS's.
//
//===----------------------------------------------------------------------===//

#include "lib/runtime/CpuThreads.h"

#include "tensorjit/device.h"
#include "tensorjit/error.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>

// OpenBLAS's own thread count (its products run on its threads).
extern "C" void openblas_set_num_threads(int);

namespace {

/// TENSORJIT_NUM_THREADS if it is a positive number (which then bounds
/// OpenBLAS too), else the hardware's thread count (OpenBLAS keeps its own
/// default, OPENBLAS_NUM_THREADS or the hardware's).
int initialThreads() {
  if (const char *text = std::getenv("TENSORJIT_NUM_THREADS")) {
    char *end = nullptr;
    long value = std::strtol(text, &end, 10);
    if (end != text && *end == '\0' && value >= 1 && value <= 1 << 16) {
      openblas_set_num_threads(static_cast<int>(value));
      return static_cast<int>(value);
    }
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

std::atomic<int> maxThreads{initialThreads()};

} // namespace

extern "C" int32_t tj_rt_cpu_threads(int64_t elements) {
  using tensorjit::detail::kElementsPerThread;
  int max = maxThreads.load(std::memory_order_relaxed);
  if (max <= 1 || elements < 2 * kElementsPerThread)
    return 1;
  return static_cast<int32_t>(
      std::min<int64_t>(max, elements / kElementsPerThread));
}

namespace tensorjit {

int num_threads() { return maxThreads.load(std::memory_order_relaxed); }

void set_num_threads(int threads) {
  if (threads < 1)
    throw Error("set_num_threads: expected at least 1 thread, got " +
                std::to_string(threads));
  maxThreads.store(threads, std::memory_order_relaxed);
  openblas_set_num_threads(threads);
}

namespace detail {

std::vector<std::pair<std::string, void *>> cpu_threads_runtime_symbols() {
  return {
      {"tj_rt_cpu_threads", reinterpret_cast<void *>(&tj_rt_cpu_threads)},
      {"omp_get_thread_num", reinterpret_cast<void *>(&omp_get_thread_num)},
      {"omp_get_num_threads", reinterpret_cast<void *>(&omp_get_num_threads)}};
}

} // namespace detail
} // namespace tensorjit
