//===- gpu_bench.cpp - BENCHMARKS.md #4, #6 and #7 on a CUDA device ------===//
//
// Run by scripts/test-gpu on a machine with a GPU (every benchmark skips
// with a message without one):
//  - the device's measured bandwidth: a device-to-device copy of 1 GiB;
//  - #4 at 1e8 elements: a*b+c and sigmoid with every operand in a shared
//    variable on the device, the result an update (no host copies), with
//    1, 2 (the default) and 4 elements a thread;
//  - #7 at 1e8: MRG31k3p uniforms into a shared variable;
//  - #3 on the device: the first call (the compile) of that LR step;
//  - #6: the seed's logistic-regression step (N=400, 784 features) with x,
//    y, w and b resident, f64 and f32: microseconds per step, kernels per
//    step and host<->device copies after the first step;
//  - n x n matmuls through cuBLAS and through our kernels, to place
//    kCublasMinSize (jit/Pipeline.h) where cuBLAS starts to win.
// Each iteration queues one call; the device is synchronized before the
// clock stops, so times include the kernels.
//
// Without a GPU, over the fake driver with free graph launches
// (TENSORJIT_LIBCUDA=build/test/unit/libtensorjit_fake_cuda.so
// TENSORJIT_FAKE_CUDA_FREE_GRAPHS=1), BM_LRStepResident/f64 times the
// host side of a step alone: the call, its recorded launches and
// allocations, and the batch's match with its graph.
//
//===----------------------------------------------------------------------===//

#include "workloads.h"

#include "jit/CudaRuntime.h"

#include <tensorjit/tensorjit.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>

namespace {

namespace T = tensorjit;
namespace cuda = mlir::tj::cuda;

const T::Device gpu = T::Device::cuda(0);

/// Runs `body`, turning a tensorjit::Error (out of memory, a driver
/// error) into a skipped benchmark with its message.
template <typename Body> void guarded(benchmark::State &state, Body body) {
  try {
    body();
  } catch (const T::Error &error) {
    state.SkipWithError(error.what());
  }
}

/// Skips `state` unless there is a device; true if there is.
bool haveDevice(benchmark::State &state) {
  if (T::Device::cuda_device_count() > 0)
    return true;
  state.SkipWithError(
      ("no CUDA device: " + std::string(cuda::deviceCount().status().message()))
          .c_str());
  return false;
}

void synchronize() {
  if (absl::Status status = cuda::synchronize(0); !status.ok())
    throw T::Error(std::string(status.message()));
}

/// Times `step` per iteration with the device drained at the end of each
/// batch (manual time: the batch's wall time / its iterations).
template <typename Step> void timeOnDevice(benchmark::State &state, Step step) {
  step(); // compiles, and warms the allocator
  synchronize();
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    step();
    synchronize();
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  }
}

void BM_DeviceCopy(benchmark::State &state) {
  if (!haveDevice(state))
    return;
  guarded(state, [&] {
    const size_t bytes = size_t{1} << 30;
    auto from = cuda::allocate(0, bytes), to = cuda::allocate(0, bytes);
    if (!from.ok() || !to.ok()) {
      for (auto *block : {&from, &to})
        if (block->ok())
          cuda::release(0, **block);
      state.SkipWithError("cannot allocate 2 GiB on the device");
      return;
    }
    timeOnDevice(state, [&] {
      if (absl::Status s = cuda::copyOnDevice(0, *to, *from, bytes); !s.ok())
        throw T::Error(std::string(s.message()));
    });
    cuda::release(0, *from);
    cuda::release(0, *to);
    // Read and written: the figure elementwise kernels are held to.
    state.counters["bytes"] = 2.0 * bytes;
    state.SetBytesProcessed(int64_t(state.iterations()) * 2 * bytes);
  });
}
BENCHMARK(BM_DeviceCopy)->UseManualTime()->Unit(benchmark::kMillisecond);

/// The argument: elements a thread (TENSORJIT_GPU_ELEMENTS_PER_THREAD while
/// the function compiles; 2 is the default).
void BM_Elementwise1e8(benchmark::State &state, bool sigmoid) {
  if (!haveDevice(state))
    return;
  std::string perThread = std::to_string(state.range(0));
  setenv("TENSORJIT_GPU_ELEMENTS_PER_THREAD", perThread.c_str(), 1);
  guarded(state, [&] {
    const int64_t n = 100'000'000;
    T::RandomState rng(0);
    T::Array host = rng.uniform({n}, -1, 1);
    auto a = T::shared(host, "a", gpu);
    auto b = T::shared(host, "b", gpu);
    auto c = T::shared(host, "c", gpu);
    auto out = T::shared(T::Array::empty(T::DType::Float64, {n}), "out", gpu);
    T::Var value = sigmoid ? 1 / (1 + T::exp(-a)) : a * b + c;
    auto f =
        T::function({}, std::vector<T::Output>{}, {.updates = {{out, value}}});
    timeOnDevice(state, [&] { f(); });
    double arrays = sigmoid ? 2 : 4; // read and written
    state.counters["bytes"] = arrays * 8 * n;
    state.SetBytesProcessed(int64_t(state.iterations()) * arrays * 8 * n);
  });
  unsetenv("TENSORJIT_GPU_ELEMENTS_PER_THREAD");
}
BENCHMARK_CAPTURE(BM_Elementwise1e8, a_times_b_plus_c, false)
    ->Arg(2)
    ->Arg(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Elementwise1e8, sigmoid, true)
    ->Arg(2)
    ->Arg(4)
    ->Arg(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

void BM_MrgUniform1e8(benchmark::State &state, T::DType dtype) {
  if (!haveDevice(state))
    return;
  guarded(state, [&] {
    const int64_t n = 100'000'000;
    T::MRGRandomStreams streams(1, gpu);
    auto out = T::shared(T::Array::empty(dtype, {n}), "out", gpu);
    auto f =
        T::function({}, std::vector<T::Output>{},
                    {.updates = {{out, streams.uniform({n}, 0, 1, dtype)}}});
    timeOnDevice(state, [&] { f(); });
    // Written: the fraction of the copy bandwidth (read + write) is against
    // half of it.
    state.counters["bytes"] = double(T::itemsize(dtype)) * n;
    state.SetBytesProcessed(int64_t(state.iterations()) * T::itemsize(dtype) *
                            n);
  });
}
BENCHMARK_CAPTURE(BM_MrgUniform1e8, f64, T::DType::Float64)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_MrgUniform1e8, f32, T::DType::Float32)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

/// #1's data, here resident on the device, and its training step: a new
/// function each time it is asked for.
struct ResidentLR {
  T::Shared x, y, w, b;
  explicit ResidentLR(T::DType dtype) {
    bench::LRData data(dtype);
    x = T::shared(data.x, "x", gpu);
    y = T::shared(data.y, "y", gpu);
    w = T::shared(data.w, "w", gpu);
    b = T::shared(T::Array(0.).astype(dtype), "b", gpu);
  }
  T::Function step() const { return bench::lrTrainStep(x, y, w, b); }
};

void BM_LRStepResident(benchmark::State &state, T::DType dtype, bool graphs) {
  if (!haveDevice(state))
    return;
  cuda::setGraphs(graphs);
  guarded(state, [&] {
    ResidentLR lr(dtype);
    T::Function train = lr.step();
    train();
    synchronize();
    cuda::LaunchStats before = cuda::launchStats();
    const int steps = 10000;
    for (auto _ : state) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < steps; ++i)
        train();
      synchronize();
      state.SetIterationTime(std::chrono::duration<double>(
                                 std::chrono::steady_clock::now() - start)
                                 .count() /
                             steps);
    }
    cuda::LaunchStats after = cuda::launchStats();
    double calls = double(state.iterations()) * steps;
    state.counters["kernels_per_step"] =
        (after.launches - before.launches) / calls;
    state.counters["copies_after_step_1"] =
        double(after.hostToDevice - before.hostToDevice) +
        double(after.deviceToHost - before.deviceToHost);
    state.counters["graphs_per_step"] =
        (after.graphLaunches - before.graphLaunches) / calls;
  });
  cuda::setGraphs(true);
}
// Each step one CUDA graph (from the third on), and kernel by kernel.
BENCHMARK_CAPTURE(BM_LRStepResident, f64, T::DType::Float64, true)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LRStepResident, f32, T::DType::Float32, true)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LRStepResident, f64_no_graphs, T::DType::Float64, false)
    ->UseManualTime()
    ->Iterations(3)
    ->Unit(benchmark::kMicrosecond);

/// #3 for the device: the first call of a new LR training step (f64) on
/// resident data, which compiles it (MLIR passes, LLVM for the host code
/// and the kernels' PTX) and loads its kernels (the driver's PTX JIT).
void BM_CompileDevice_LRStep(benchmark::State &state) {
  if (!haveDevice(state))
    return;
  guarded(state, [&] {
    ResidentLR lr(T::DType::Float64);
    lr.step()(); // the process-wide MLIR context is made once
    for (auto _ : state) {
      lr.step()();
      synchronize();
    }
  });
}
BENCHMARK(BM_CompileDevice_LRStep)->Unit(benchmark::kMillisecond);

/// The same from the persistent compile cache: the kernels' PTX comes with
/// the host object; the driver still JIT-compiles it when loading.
void BM_CompileFromCacheDevice_LRStep(benchmark::State &state) {
  if (!haveDevice(state))
    return;
  guarded(state, [&] {
    ResidentLR lr(T::DType::Float64);
    lr.step()();
    bench::timeFromCache(state, [&] {
      lr.step()();
      synchronize();
    });
  });
}
BENCHMARK(BM_CompileFromCacheDevice_LRStep)->Unit(benchmark::kMillisecond);

/// Row sums of 1000 x n, column sums of n x 1000 and the full sum of n
/// f64s, with short reductions in blocks (`blocks`: one per output, or per
/// 4 columns) or split into partial folds, for n around the block
/// branch's range (33 to 8192, 2048 for columns): where the blocks win.
/// What BM_ReduceDevice sums: the rows of 1000 x n, the columns of n x
/// 1000, or all of n.
enum class Reduced { Rows, Columns, All };

void BM_ReduceDevice(benchmark::State &state, Reduced reduced, bool blocks) {
  if (!haveDevice(state))
    return;
  // Compiled while set: the function keeps the choice.
  if (!blocks)
    setenv("TENSORJIT_GPU_BLOCK_REDUCTIONS", "0", 1);
  guarded(state, [&] {
    const int64_t n = state.range(0);
    T::RandomState rng(0);
    T::Shape shape = reduced == Reduced::Rows      ? T::Shape{1000, n}
                     : reduced == Reduced::Columns ? T::Shape{n, 1000}
                                                   : T::Shape{n};
    auto x = T::shared(rng.randn(shape), "x", gpu);
    auto s = T::shared(
        reduced == Reduced::All ? T::Array(0.0) : T::zeros({1000}), "s", gpu);
    T::Var sum = reduced == Reduced::Rows      ? x.sum(1)
                 : reduced == Reduced::Columns ? x.sum(0)
                                               : x.sum();
    auto f = T::function({}, std::vector<T::Output>{}, {.updates = {{s, sum}}});
    cuda::LaunchStats before = cuda::launchStats();
    timeOnDevice(state, [&] { f(); });
    cuda::LaunchStats after = cuda::launchStats();
    state.counters["kernels"] =
        (after.launches - before.launches) / (double(state.iterations()) + 1);
  });
  unsetenv("TENSORJIT_GPU_BLOCK_REDUCTIONS");
}
/// n = 64 to 16384: inside the block branch's 33 to 8192 (rows) or 1024
/// (f64 columns), and past it.
void reduceSizes(benchmark::internal::Benchmark *b) {
  b->RangeMultiplier(4)->Range(64, 16384)->UseManualTime()->Unit(
      benchmark::kMicrosecond);
}
[[maybe_unused]] const bool reduceRegistered = [] {
  for (auto [name, reduced] : {std::pair{"rows", Reduced::Rows},
                               {"cols", Reduced::Columns},
                               {"sum", Reduced::All}})
    for (bool blocks : {true, false}) {
      std::string full = std::string("BM_ReduceDevice/") + name +
                         (blocks ? "_blocks" : "_split");
      benchmark::RegisterBenchmark(full.c_str(), [reduced, blocks](
                                                     benchmark::State &state) {
        BM_ReduceDevice(state, reduced, blocks);
      })->Apply(reduceSizes);
    }
  return true;
}();

void BM_MatmulDevice(benchmark::State &state, T::DType dtype, bool cublas) {
  if (!haveDevice(state))
    return;
  if (cublas && !cuda::cublasAvailable()) {
    state.SkipWithError("no cuBLAS");
    return;
  }
  // Asked by each large product's call (tj_rt_cublas_ready).
  cuda::setCublas(cublas);
  guarded(state, [&] {
    const int64_t n = state.range(0);
    T::RandomState rng(0);
    auto a = T::shared(rng.randn({n, n}).astype(dtype), "a", gpu);
    auto b = T::shared(rng.randn({n, n}).astype(dtype), "b", gpu);
    auto c = T::shared(T::Array::empty(dtype, {n, n}), "c", gpu);
    auto f = T::function({}, std::vector<T::Output>{},
                         {.updates = {{c, T::dot(a, b)}}});
    cuda::LaunchStats before = cuda::launchStats();
    timeOnDevice(state, [&] { f(); });
    cuda::LaunchStats after = cuda::launchStats();
    double calls = double(state.iterations()) + 1;
    state.counters["cublas_calls"] =
        (after.libraryCalls - before.libraryCalls) / calls;
    state.counters["kernels"] = (after.launches - before.launches) / calls;
    state.counters["flops"] =
        benchmark::Counter(2.0 * n * n * n * double(state.iterations()),
                           benchmark::Counter::kIsRate);
  });
  cuda::setCublas(true);
}
/// n = 64 (below kCublasMinSize, about 81^3: kernels on both sides), 96,
/// then 128 to `largest`, doubling.
template <int64_t largest> void matmulSizes(benchmark::internal::Benchmark *b) {
  b->Arg(64)->Arg(96);
  for (int64_t n = 128; n <= largest; n *= 2)
    b->Arg(n);
}

BENCHMARK_CAPTURE(BM_MatmulDevice, f64_cublas, T::DType::Float64, true)
    ->Apply(matmulSizes<4096>)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_MatmulDevice, f64_kernels, T::DType::Float64, false)
    ->Apply(matmulSizes<1024>)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_MatmulDevice, f32_cublas, T::DType::Float32, true)
    ->Apply(matmulSizes<4096>)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_MatmulDevice, f32_kernels, T::DType::Float32, false)
    ->Apply(matmulSizes<1024>)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace
