//===- CudaRuntime.h - Our CUDA runtime over the driver API -----*- C++ -*-===//
//
// tensorjit's own CUDA runtime. The driver (libcuda.so.1) is loaded with
// dlopen on first use, so nothing here needs a driver to build, link or run
// on a machine without a GPU: there every entry point reports "no device"
// as a status.
//
// Two faces:
//  - the host side of the library (shared variables, calls) uses the
//    functions below: device selection, allocations through a caching
//    allocator, copies, synchronization;
//  - compiled host code (gpu-to-llvm) calls the `mgpu*` entry points that
//    MLIR's upstream runtime would provide; gpuRuntimeSymbols() hands them
//    to the JIT. Errors inside them cannot unwind through compiled code, so
//    they are recorded per thread and taken with takeLaunchError() after a
//    call.
//
// All work goes to one stream per device (the legacy default stream), so
// kernels, copies and frees are ordered without per-kernel synchronization.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_JIT_CUDARUNTIME_H
#define TENSORJIT_JIT_CUDARUNTIME_H

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace mlir::tj::cuda {

/// Loads the driver (once; `TENSORJIT_LIBCUDA` overrides the library name,
/// for tests), initializes it, and returns the number of devices. A missing
/// driver or a failed cuInit is an error status, never a crash.
absl::StatusOr<int> deviceCount();

/// Makes `ordinal`'s primary context current on this thread (retaining it
/// on first use). An absent driver or an ordinal out of range is an error
/// ("no CUDA device 1: this machine has 1").
///
/// It also chooses the device of this thread's mgpu* calls (device 0 until
/// then). Compiled modules load their kernels from a global constructor
/// (mgpuModuleLoadJIT), on the thread's device at that time: call
/// setDevice() before initializing an engine, and run it on that device.
absl::Status setDevice(int ordinal);

/// The device's name and compute capability, e.g. "NVIDIA H200 (sm_90)".
absl::StatusOr<std::string> deviceDescription(int ordinal);

/// Device memory from the caching allocator: freed blocks are kept per
/// size class and reused; when the driver is out of memory the cache is
/// released and the allocation retried once, then a ResourceExhausted
/// status says how much was asked for and how much is free. Sizes round up
/// to a multiple of 512 bytes below 1 MiB, of 2 MiB from there on.
absl::StatusOr<void *> allocate(int ordinal, size_t bytes);
/// Returns blocks to the cache (ordered after the work queued before
/// them), under one lock. Null and pointers that allocate() did not return
/// are ignored.
void release(int ordinal, absl::Span<void *const> pointers);
inline void release(int ordinal, void *pointer) {
  release(ordinal, absl::MakeConstSpan(&pointer, 1));
}
/// Frees every cached block of every device.
void releaseCache();
/// Bytes currently handed out and held in the cache, per device (tests).
struct AllocatorStats {
  size_t inUse = 0, cached = 0;
  size_t allocations = 0, cacheHits = 0;
};
AllocatorStats allocatorStats(int ordinal);

/// Copies, ordered on the device's stream; the copies to the host wait for
/// the data.
absl::Status copyToDevice(int ordinal, void *device, const void *host,
                          size_t bytes);
absl::Status copyToHost(int ordinal, void *host, const void *device,
                        size_t bytes);
absl::Status copyOnDevice(int ordinal, void *to, const void *from,
                          size_t bytes);
/// Waits for all work queued on the device and reports its first error.
absl::Status synchronize(int ordinal);

/// The error an mgpu* entry point recorded on this thread since the last
/// call (OkStatus if none), cleared.
absl::Status takeLaunchError();

/// Counters of what compiled code did (tests and benchmark #6 read them).
struct LaunchStats {
  size_t launches = 0, modulesLoaded = 0;    ///< kernels, in graphs or not
  size_t hostToDevice = 0, deviceToHost = 0; ///< copies through the API
  size_t graphLaunches = 0, graphsBuilt = 0;
  size_t libraryCalls = 0; ///< cuBLAS calls queued
};
LaunchStats launchStats();

/// One call of compiled code, as one batch of launches: while it lives,
/// the kernels compiled code launches on this thread are recorded with
/// their parameters, and queued when it ends; the second time the same
/// batch comes (same kernels, shapes and parameter bytes), as one CUDA
/// graph, instantiated then and replayed from then on. Any other work
/// queued in the scope (a copy, a memset) queues the batch so far first
/// and ends the recording. Blocks compiled code frees in the scope return
/// to the cache after the batch is queued. Scopes nest; the outermost
/// queues.
class LaunchBatch {
public:
  LaunchBatch();
  ~LaunchBatch();
  LaunchBatch(const LaunchBatch &) = delete;
  LaunchBatch &operator=(const LaunchBatch &) = delete;
};

/// Turns graph replay on or off for batches queued from now on (on unless
/// the environment sets TENSORJIT_CUDA_GRAPHS=0; benchmarks compare both).
void setGraphs(bool enabled);
/// Whether batches are replayed as graphs: wanted, and the driver has the
/// graph API (CUDA 12.4 or later).
bool graphsAvailable();

/// Turns cuBLAS on or off for matmuls from now on, in functions compiled
/// before too (on unless the environment sets TENSORJIT_CUBLAS=0;
/// benchmarks compare both).
void setCublas(bool enabled);
/// Whether large matmuls on `ordinal` go to cuBLAS: wanted, and cuBLAS
/// loads and makes a handle on that device (kept for its calls; a failure
/// is tried again at the next question; `TENSORJIT_LIBCUBLAS` overrides
/// the library's name, else libcublas.so.13 or .12, the driver's version
/// first, from the loader's path or /usr/local/cuda/lib64). Compiled code
/// asks it (tj_rt_cublas_ready) before each large matmul, so a process
/// that runs none never loads cuBLAS.
bool cublasAvailable(int ordinal = 0);

/// The mgpu* entry points, by symbol, for the JIT. Unlike upstream's,
/// mgpuStreamCreate returns the one stream (the legacy default stream,
/// null), mgpuStreamDestroy and the event functions do nothing, and
/// mgpuStreamSynchronize does not block: results are waited for when they
/// are copied to the host. With them, tj_rt_cublas_gemm_{f32,f64},
/// tj_rt_cublas_ready() (cublasAvailable on the calling thread's device), and
/// tj_rt_gpu_access(pointer, writes), which tells the next kernel launch
/// on this thread one buffer it touches (tj-gpu-launch-accesses).
std::vector<std::pair<std::string, void *>> gpuRuntimeSymbols();

namespace detail {
/// For a batch's launches, each given as the buffers it touches (pointer,
/// writes; none: it may touch anything), the earlier launches each must
/// wait for in a CUDA graph: those it conflicts with (a buffer both touch
/// and one writes), less those one of them already waits for.
std::vector<std::vector<size_t>> launchDependencies(
    const std::vector<std::vector<std::pair<uint64_t, bool>>> &accesses);
} // namespace detail

} // namespace mlir::tj::cuda

#endif // TENSORJIT_JIT_CUDARUNTIME_H
