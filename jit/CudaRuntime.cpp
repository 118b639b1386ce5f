//===- CudaRuntime.cpp - Our CUDA runtime over the driver API -------------===//
//
// The driver is reached through dlopen/dlsym only, and its few types are
// declared below, so this file needs neither cuda.h nor libcuda to build.
// The symbols are the unsuffixed or `_v2` names CUDA 13's libcuda exports
// (not the `_ptds`/`_ptsz` ones), so stream 0 is the legacy default stream.
//
//===----------------------------------------------------------------------===//

#include "jit/CudaRuntime.h"
#include "lib/runtime/Blas.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

namespace {

// The driver API's types and the few constants we use (cuda.h, CUDA 13).
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUgraph = struct CUgraph_st *;
using CUgraphNode = struct CUgraphNode_st *;
using CUgraphExec = struct CUgraphExec_st *;

/// CUDA_KERNEL_NODE_PARAMS_v2 (what cuGraphAddKernelNode_v2 takes).
struct KernelNodeParams {
  CUfunction function;
  unsigned gridX, gridY, gridZ, blockX, blockY, blockZ, sharedBytes;
  void **params;
  void **extra;
  void *kernel;  ///< a CUkernel; null: `function` is used
  void *context; ///< null: the current context
};

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr int CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr int CU_JIT_OPTIMIZATION_LEVEL = 7;

/// The driver functions we call, resolved with dlsym.
struct DriverApi {
  CUresult (*init)(unsigned flags);
  CUresult (*getErrorName)(CUresult, const char **);
  CUresult (*getErrorString)(CUresult, const char **);
  CUresult (*deviceGetCount)(int *);
  CUresult (*deviceGet)(CUdevice *, int ordinal);
  CUresult (*deviceGetName)(char *, int length, CUdevice);
  CUresult (*deviceGetAttribute)(int *, int attribute, CUdevice);
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*ctxSetCurrent)(CUcontext);
  CUresult (*ctxSynchronize)();
  CUresult (*memGetInfo)(size_t *free, size_t *total);
  CUresult (*memAlloc)(CUdeviceptr *, size_t);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*memcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*memcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*memcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*memsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*memsetD16Async)(CUdeviceptr, unsigned short, size_t, CUstream);
  CUresult (*moduleLoadDataEx)(CUmodule *, const void *image,
                               unsigned numOptions, int *options,
                               void **values);
  CUresult (*moduleUnload)(CUmodule);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned,
                           unsigned, unsigned, unsigned sharedBytes, CUstream,
                           void **params, void **extra);
  // Graphs (optional: without them, every launch is queued on its own).
  CUresult (*funcGetParamInfo)(CUfunction, size_t index, size_t *offset,
                               size_t *size);
  // Optional: which cuBLAS to load first.
  CUresult (*driverGetVersion)(int *);
  CUresult (*graphCreate)(CUgraph *, unsigned flags);
  CUresult (*graphAddKernelNode)(CUgraphNode *, CUgraph,
                                 const CUgraphNode *dependencies,
                                 size_t dependencyCount,
                                 const KernelNodeParams *);
  CUresult (*graphInstantiate)(CUgraphExec *, CUgraph,
                               unsigned long long flags);
  CUresult (*graphLaunch)(CUgraphExec, CUstream);
  CUresult (*graphExecDestroy)(CUgraphExec);
  CUresult (*graphDestroy)(CUgraph);
};

/// A buffer a kernel launch reads or writes (tj_rt_gpu_access): its
/// aligned pointer.
struct Access {
  uint64_t pointer;
  bool writes;

  bool operator==(const Access &) const = default;
};

/// One kernel launch of a batch; its parameters' bytes are in the batch.
struct KernelLaunch {
  CUfunction function;
  /// Grid x, y, z; block x, y, z; dynamic shared-memory bytes.
  std::array<unsigned, 7> shape;
  /// Its parameters: offsets[firstParam, firstParam + params) in the batch.
  uint32_t firstParam, params;
  /// The buffers it touches: accesses[firstAccess, firstAccess + accesses)
  /// in the batch (none known: it may touch anything).
  uint32_t firstAccess, accesses;

  bool operator==(const KernelLaunch &) const = default;
};

/// The kernels one call of compiled code launched, in order, with their
/// parameters by value: what a CUDA graph of the call replays.
struct Batch {
  std::vector<KernelLaunch> launches;
  /// Each parameter's offset in `bytes`.
  std::vector<uint32_t> offsets;
  std::vector<char> bytes;
  std::vector<Access> accesses;

  /// The bytes first: batches of the same kernels differ in their buffers,
  /// mostly in the first kernel's first parameters.
  bool operator==(const Batch &other) const {
    return bytes == other.bytes && launches == other.launches &&
           offsets == other.offsets && accesses == other.accesses;
  }
  bool empty() const { return launches.empty(); }
  void clear() {
    launches.clear();
    offsets.clear();
    bytes.clear();
    accesses.clear();
  }
  /// The driver's `kernelParams` for each launch: pointers into `bytes`.
  std::vector<void *> pointers() {
    std::vector<void *> result;
    result.reserve(offsets.size());
    for (uint32_t offset : offsets)
      result.push_back(bytes.data() + offset);
    return result;
  }
};

/// A batch seen before, and once seen twice, its instantiated graph.
struct CachedGraph {
  Batch batch;
  CUgraphExec exec = nullptr;
  /// Set when building the graph failed: the batch is launched kernel by
  /// kernel from then on.
  bool unbuildable = false;
  uint64_t lastUse = 0;
};

/// One device: its primary context and its caching allocator.
///
/// Its locks are std::mutex, not absl::Mutex: Debian builds Abseil without
/// NDEBUG, so every absl::Mutex lock runs the deadlock detector (about
/// 100 ns against 15), and a call on the device takes several.
struct Device {
  int ordinal = 0;
  CUdevice handle = 0;
  /// Guards the members from `context` to `blas`.
  std::mutex mutex;
  /// Retained on first use and kept for the life of the process.
  CUcontext context = nullptr;
  /// Freed blocks by rounded size, ready for reuse.
  absl::flat_hash_map<size_t, std::vector<CUdeviceptr>> cache;
  /// Blocks handed out, with their rounded size.
  absl::flat_hash_map<CUdeviceptr, size_t> live;
  mlir::tj::cuda::AllocatorStats stats;
  /// This device's cuBLAS handle (a cublasHandle_t), made on first use
  /// (cublasAvailable(), which compiled code asks before a large matmul).
  void *blas = nullptr;

  /// Guards the members after it.
  std::mutex graphMutex;
  /// Batches seen lately, with their graphs, least recently used evicted.
  std::vector<CachedGraph> graphs;
  /// The module generation the graphs were made in (see moduleGeneration).
  uint64_t graphGeneration = 0;
  uint64_t graphClock = 0;
};

struct Driver {
  /// OK, or why there is no usable driver; then `devices` is empty.
  absl::Status status;
  DriverApi api{};
  /// Whether the driver has what CUDA graphs need (CUDA 12.4 or later).
  bool graphs = false;
  std::vector<std::unique_ptr<Device>> devices;
};

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)". The toolkit's stub library
/// cannot name its own errors, hence the few names kept here.
std::string describe(const DriverApi &api, CUresult result) {
  const char *name = nullptr, *text = nullptr;
  if (api.getErrorName && api.getErrorName(result, &name) == CUDA_SUCCESS &&
      name) {
    if (api.getErrorString(result, &text) == CUDA_SUCCESS && text)
      return absl::StrCat(name, " (", text, ")");
    return name;
  }
  switch (result) {
  case 3:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case 34:
    return "CUDA_ERROR_STUB_LIBRARY (the CUDA driver is the toolkit's stub)";
  case 35:
    return "CUDA_ERROR_INSUFFICIENT_DRIVER";
  case 100:
    return "CUDA_ERROR_NO_DEVICE";
  default:
    return absl::StrCat("CUDA error ", result);
  }
}

/// Where dlsym's answer for a driver function goes.
template <typename Function> void **slot(Function &function) {
  return reinterpret_cast<void **>(&function);
}

/// Resolves each (name, slot); the first name the library lacks, or null.
const char *
resolve(void *library,
        std::initializer_list<std::pair<const char *, void **>> symbols) {
  for (const auto &[name, address] : symbols)
    if (!(*address = dlsym(library, name)))
      return name;
  return nullptr;
}

/// Resolves every DriverApi member but the graph functions, by the name
/// CUDA 13's libcuda exports.
absl::Status resolveSymbols(void *library, const std::string &libraryName,
                            DriverApi &api) {
  const char *missing = resolve(
      library, {
                   {"cuInit", slot(api.init)},
                   {"cuGetErrorName", slot(api.getErrorName)},
                   {"cuGetErrorString", slot(api.getErrorString)},
                   {"cuDeviceGetCount", slot(api.deviceGetCount)},
                   {"cuDeviceGet", slot(api.deviceGet)},
                   {"cuDeviceGetName", slot(api.deviceGetName)},
                   {"cuDeviceGetAttribute", slot(api.deviceGetAttribute)},
                   {"cuDevicePrimaryCtxRetain", slot(api.primaryCtxRetain)},
                   {"cuCtxSetCurrent", slot(api.ctxSetCurrent)},
                   {"cuCtxSynchronize", slot(api.ctxSynchronize)},
                   {"cuMemGetInfo_v2", slot(api.memGetInfo)},
                   {"cuMemAlloc_v2", slot(api.memAlloc)},
                   {"cuMemFree_v2", slot(api.memFree)},
                   {"cuMemcpyHtoD_v2", slot(api.memcpyHtoD)},
                   {"cuMemcpyDtoH_v2", slot(api.memcpyDtoH)},
                   {"cuMemcpyAsync", slot(api.memcpyAsync)},
                   {"cuMemsetD32Async", slot(api.memsetD32Async)},
                   {"cuMemsetD16Async", slot(api.memsetD16Async)},
                   {"cuModuleLoadDataEx", slot(api.moduleLoadDataEx)},
                   {"cuModuleUnload", slot(api.moduleUnload)},
                   {"cuModuleGetFunction", slot(api.moduleGetFunction)},
                   {"cuLaunchKernel", slot(api.launchKernel)},
               });
  if (missing)
    return absl::FailedPreconditionError(
        absl::StrCat("no CUDA driver: ", libraryName, " lacks ", missing, " (",
                     dlerror(), ")"));
  return absl::OkStatus();
}

/// Resolves the graph functions; whether the driver has them all.
bool resolveGraphSymbols(void *library, DriverApi &api) {
  return !resolve(
      library, {
                   {"cuFuncGetParamInfo", slot(api.funcGetParamInfo)},
                   {"cuGraphCreate", slot(api.graphCreate)},
                   {"cuGraphAddKernelNode_v2", slot(api.graphAddKernelNode)},
                   {"cuGraphInstantiateWithFlags", slot(api.graphInstantiate)},
                   {"cuGraphLaunch", slot(api.graphLaunch)},
                   {"cuGraphExecDestroy", slot(api.graphExecDestroy)},
                   {"cuGraphDestroy", slot(api.graphDestroy)},
               });
}

std::unique_ptr<Driver> loadDriver() {
  auto driver = std::make_unique<Driver>();
  const char *override = std::getenv("TENSORJIT_LIBCUDA");
  std::string name = override && *override ? override : "libcuda.so.1";
  void *library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    driver->status = absl::FailedPreconditionError(absl::StrCat(
        "no CUDA driver: ", name, " could not be loaded (", dlerror(), ")"));
    return driver;
  }
  DriverApi &api = driver->api;
  driver->status = resolveSymbols(library, name, api);
  if (!driver->status.ok())
    return driver;
  driver->graphs = resolveGraphSymbols(library, api);
  *slot(api.driverGetVersion) = dlsym(library, "cuDriverGetVersion");
  if (CUresult result = api.init(0)) {
    driver->status = absl::FailedPreconditionError(
        absl::StrCat("no CUDA device: cuInit failed: ", describe(api, result)));
    return driver;
  }
  int count = 0;
  if (CUresult result = api.deviceGetCount(&count)) {
    driver->status = absl::FailedPreconditionError(absl::StrCat(
        "no CUDA device: cuDeviceGetCount failed: ", describe(api, result)));
    return driver;
  }
  for (int ordinal = 0; ordinal < count; ++ordinal) {
    auto device = std::make_unique<Device>();
    device->ordinal = ordinal;
    if (CUresult result = api.deviceGet(&device->handle, ordinal)) {
      driver->status = absl::FailedPreconditionError(absl::StrCat(
          "cuDeviceGet(", ordinal, ") failed: ", describe(api, result)));
      driver->devices.clear();
      return driver;
    }
    driver->devices.push_back(std::move(device));
  }
  return driver;
}

/// The driver, loaded on first use. Never destroyed: compiled modules are
/// unloaded from global destructors that may run after ours.
Driver &driver() {
  static Driver *const instance = loadDriver().release();
  return *instance;
}

const DriverApi &api() { return driver().api; }

absl::Status driverError(absl::string_view call, int ordinal, CUresult result) {
  std::string message = absl::StrCat(call, " on CUDA device ", ordinal, ": ",
                                     describe(api(), result));
  if (result == CUDA_ERROR_OUT_OF_MEMORY)
    return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

absl::StatusOr<Device *> deviceFor(int ordinal) {
  Driver &loaded = driver();
  if (!loaded.status.ok())
    return loaded.status;
  int count = static_cast<int>(loaded.devices.size());
  if (ordinal < 0 || ordinal >= count)
    return absl::InvalidArgumentError(
        absl::StrCat("no CUDA device ", ordinal, ": this machine has ", count));
  return loaded.devices[ordinal].get();
}

//===----------------------------------------------------------------------===//
// Contexts: which device's primary context is current on this thread.
//
// The thread-locals here are initial-exec, like the library's others
// (libtensorjit is linked, not dlopen'ed): static TLS, no __tls_get_addr
// call on each compiled launch, allocation or access it is told. Those
// with a constructor or destructor are function-local: at namespace scope
// their initialization guard would be dynamic TLS all the same.
//===----------------------------------------------------------------------===//

/// The device setDevice() chose for this thread's mgpu* calls.
[[gnu::tls_model("initial-exec")]] thread_local int currentOrdinal = 0;
/// The device whose context this thread last made current (-1: none). We
/// assume nothing else changes the thread's context behind our back.
[[gnu::tls_model("initial-exec")]] thread_local int boundOrdinal = -1;

/// Makes `ordinal`'s primary context current on this thread; cheap when it
/// already is.
absl::Status bind(int ordinal) {
  if (boundOrdinal == ordinal)
    return absl::OkStatus();
  absl::StatusOr<Device *> device = deviceFor(ordinal);
  if (!device.ok())
    return device.status();
  CUcontext context = nullptr;
  {
    std::lock_guard lock((*device)->mutex);
    if (!(*device)->context) {
      if (CUresult result =
              api().primaryCtxRetain(&(*device)->context, (*device)->handle))
        return driverError("cuDevicePrimaryCtxRetain", ordinal, result);
    }
    context = (*device)->context;
  }
  if (CUresult result = api().ctxSetCurrent(context))
    return driverError("cuCtxSetCurrent", ordinal, result);
  boundOrdinal = ordinal;
  return absl::OkStatus();
}

/// deviceFor(ordinal), with its context made current.
absl::StatusOr<Device *> enter(int ordinal) {
  absl::StatusOr<Device *> device = deviceFor(ordinal);
  if (!device.ok())
    return device;
  if (absl::Status bound = bind(ordinal); !bound.ok())
    return bound;
  return device;
}

//===----------------------------------------------------------------------===//
// The caching allocator.
//
// Sizes are rounded up to a multiple of 512 bytes below 1 MiB and to a
// multiple of 2 MiB from there on, so that blocks of nearby sizes share a
// class and the waste stays under 2 MiB (or half the block) per block.
//
// A block released while kernels that use it are still queued may be handed
// out again at once: every kernel, copy and memset runs on the device's one
// stream (the legacy default stream, which the synchronous copies also
// order against), so whatever the new owner queues runs after the work the
// old owner queued. The cached memory itself is only returned to the driver
// after synchronizing the device (cuMemFree itself only may wait for that
// work).
//===----------------------------------------------------------------------===//

constexpr size_t kSmallQuantum = 512;
constexpr size_t kLargeThreshold = size_t(1) << 20;
constexpr size_t kLargeQuantum = size_t(2) << 20;

size_t roundUp(size_t bytes) {
  size_t quantum = bytes < kLargeThreshold ? kSmallQuantum : kLargeQuantum;
  return std::max<size_t>((bytes + quantum - 1) / quantum * quantum, quantum);
}

/// Returns the device's cached blocks to the driver (its `mutex` held, its
/// context current). Work queued earlier may still use them, and cuMemFree
/// only "may" wait for it (cuda.h): the device is synchronized first.
/// Errors are dropped: a failing call means the context is broken, which
/// the next copy or synchronize reports.
void freeCachedBlocks(Device &device) {
  if (device.cache.empty())
    return;
  (void)api().ctxSynchronize();
  for (auto &[size, blocks] : device.cache)
    for (CUdeviceptr block : blocks)
      (void)api().memFree(block);
  device.cache.clear();
  device.stats.cached = 0;
}

absl::Status outOfMemory(int ordinal, size_t asked, size_t rounded) {
  std::string message =
      absl::StrCat("cuMemAlloc(", rounded, " bytes) on CUDA device ", ordinal,
                   ": ", describe(api(), CUDA_ERROR_OUT_OF_MEMORY),
                   "; asked for ", asked, " bytes");
  size_t free = 0, total = 0;
  if (api().memGetInfo(&free, &total) == CUDA_SUCCESS)
    absl::StrAppend(&message, ", ", free, " bytes free of ", total);
  return absl::ResourceExhaustedError(message);
}

//===----------------------------------------------------------------------===//
// State of the mgpu* entry points.
//===----------------------------------------------------------------------===//

/// The first error an mgpu* call made on this thread.
absl::Status &launchError() {
  [[gnu::tls_model("initial-exec")]] thread_local absl::Status error;
  return error;
}

void recordError(absl::Status status) {
  if (launchError().ok())
    launchError() = std::move(status);
}

struct Counters {
  std::atomic<size_t> launches{0}, modulesLoaded{0};
  std::atomic<size_t> hostToDevice{0}, deviceToHost{0};
  std::atomic<size_t> graphLaunches{0}, graphsBuilt{0};
  std::atomic<size_t> libraryCalls{0};
};
Counters counters;

/// Which device each loaded module lives on (for unloading).
struct ModuleRegistry {
  std::mutex mutex;
  /// Guarded by `mutex`.
  absl::flat_hash_map<CUmodule, int> devices;
};

/// Never destroyed, like the driver: mgpuModuleUnload runs from global
/// destructors.
ModuleRegistry &modules() {
  static ModuleRegistry *const instance = new ModuleRegistry;
  return *instance;
}

/// Bumped by every unload, so that the per-thread function caches drop
/// entries whose module address could be reused.
std::atomic<uint64_t> moduleGeneration{0};

/// Where a kernel's parameters go in the buffer the driver copies them from
/// (cuFuncGetParamInfo): (offset, size) each.
struct ParamLayout {
  std::vector<std::pair<uint32_t, uint32_t>> params;
  /// The buffer's size: the end of the last parameter.
  uint32_t bytes = 0;
};

/// Kernel handles by (module, name), and the layouts of their parameters,
/// per thread so that the launch path takes no lock: the generated code
/// looks the kernel up before each launch with a constant name, whose
/// address is a stable key.
struct FunctionCache {
  uint64_t generation = 0;
  absl::flat_hash_map<std::pair<CUmodule, const char *>, CUfunction> functions;
  absl::flat_hash_map<CUfunction, std::optional<ParamLayout>> layouts;

  /// Drops everything when a module was unloaded since the last look.
  void refresh() {
    uint64_t current = moduleGeneration.load(std::memory_order_acquire);
    if (generation == current)
      return;
    functions.clear();
    layouts.clear();
    generation = current;
  }
};
FunctionCache &functionCache() {
  [[gnu::tls_model("initial-exec")]] thread_local FunctionCache cache;
  return cache;
}

/// What mgpuEventCreate returns: with a single stream, events order nothing
/// that is not ordered already.
char eventSentinel;

void *loadModule(const void *image, std::optional<int> optLevel) {
  int ordinal = currentOrdinal;
  if (absl::Status bound = bind(ordinal); !bound.ok()) {
    recordError(bound);
    return nullptr;
  }
  char log[8192] = {};
  int options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                   CU_JIT_OPTIMIZATION_LEVEL};
  void *values[] = {log, reinterpret_cast<void *>(uintptr_t(sizeof(log))),
                    reinterpret_cast<void *>(uintptr_t(optLevel.value_or(0)))};
  unsigned count = optLevel ? 3 : 2;
  CUmodule module = nullptr;
  if (CUresult result =
          api().moduleLoadDataEx(&module, image, count, options, values)) {
    std::string call =
        optLevel ? absl::StrCat("cuModuleLoadDataEx(PTX, -O", *optLevel, ")")
                 : "cuModuleLoadDataEx(binary)";
    absl::Status error = driverError(call, ordinal, result);
    if (log[0])
      error = absl::Status(
          error.code(), absl::StrCat(error.message(), "; JIT log: ",
                                     absl::StripTrailingAsciiWhitespace(log)));
    recordError(error);
    return nullptr;
  }
  {
    ModuleRegistry &registry = modules();
    std::lock_guard lock(registry.mutex);
    registry.devices[module] = ordinal;
  }
  counters.modulesLoaded.fetch_add(1, std::memory_order_relaxed);
  return module;
}

/// Queues one piece of compiled code's work (`queue()`, a CUresult) on the
/// current device; a failure is recorded, named by `name()`. Nothing is
/// queued after a failed step of the same call (an allocation that returned
/// null): a kernel on a null buffer would fault and break the context for
/// good. Returns whether the work was queued.
template <typename Queue, typename Name>
bool queueWork(Queue queue, Name name) {
  if (!launchError().ok())
    return false;
  int ordinal = currentOrdinal;
  if (absl::Status bound = bind(ordinal); !bound.ok()) {
    recordError(bound);
    return false;
  }
  if (CUresult result = queue()) {
    recordError(driverError(name(), ordinal, result));
    return false;
  }
  return true;
}

/// Queues one kernel (`shape`: grid, block, shared bytes) and counts it.
void queueKernel(CUfunction function, const std::array<unsigned, 7> &shape,
                 void **params, void **extra) {
  bool launched = queueWork(
      [&] {
        return api().launchKernel(function, shape[0], shape[1], shape[2],
                                  shape[3], shape[4], shape[5], shape[6],
                                  nullptr, params, extra);
      },
      [&] {
        return absl::StrFormat("cuLaunchKernel(grid %dx%dx%d, block %dx%dx%d)",
                               shape[0], shape[1], shape[2], shape[3], shape[4],
                               shape[5]);
      });
  if (launched)
    counters.launches.fetch_add(1, std::memory_order_relaxed);
}

//===----------------------------------------------------------------------===//
// Batches and CUDA graphs.
//
// Within a cuda::LaunchBatch (a call of compiled code), kernel launches are
// recorded with their parameters' bytes, not queued. When the scope ends
// the batch is queued: kernel by kernel the first time it is seen, as an
// instantiated CUDA graph (one cuGraphLaunch) from the second time on. A
// graph's kernel waits for the earlier ones it conflicts with: compiled
// code tells each launch's buffers and whether it writes them
// (tj_rt_gpu_access, from tj-gpu-launch-accesses), and kernels that touch
// no buffer in common, or only read the ones they share, may run side by
// side. A launch told nothing, or a buffer by other than the start of a
// block the allocator handed out (it could be part of any), conflicts with
// everything. Seen means equal: the same kernels, shapes and
// parameter bytes, buffer addresses included, so a graph replays exactly
// the launches the call made. A training step that swaps each updated
// variable with its spare alternates between two batches, which the cache
// holds both of.
//
// Ordering stays that of one stream: any other work compiled code queues
// (copies, memsets) first queues the batch so far and ends the recording
// for the rest of the call. Blocks compiled code frees while recording go
// back to the caching allocator only after the batch is queued; released
// earlier, another thread could allocate one and queue work on it ahead of
// the kernels still to come that use it.
//===----------------------------------------------------------------------===//

/// Batches a device keeps, with their graphs.
constexpr size_t kCachedGraphs = 16;

/// Whether batches are replayed as graphs (TENSORJIT_CUDA_GRAPHS=0: never).
std::atomic<bool> graphsWanted{[] {
  const char *setting = std::getenv("TENSORJIT_CUDA_GRAPHS");
  return !setting || std::string_view(setting) != "0";
}()};

/// This thread's batch.
struct Recording {
  /// LaunchBatch scopes open on this thread; the outermost queues.
  int depth = 0;
  /// Whether launches are being recorded (false outside a scope, and for
  /// the rest of a call after other work).
  bool active = false;
  Batch batch;
  /// Blocks freed while recording, released once the batch is queued.
  std::vector<void *> frees;
  /// What the next kernel launch touches (tj_rt_gpu_access).
  std::vector<Access> pending;
};
Recording &recording() {
  [[gnu::tls_model("initial-exec")]] thread_local Recording state;
  return state;
}

/// `function`'s parameter layout, or nullopt if the driver cannot tell it.
const std::optional<ParamLayout> &paramLayout(CUfunction function,
                                              size_t count) {
  FunctionCache &cache = functionCache();
  cache.refresh();
  auto [found, inserted] = cache.layouts.try_emplace(function);
  if (!inserted)
    return found->second;
  ParamLayout layout;
  for (size_t i = 0; i < count; ++i) {
    size_t offset = 0, size = 0;
    if (api().funcGetParamInfo(function, i, &offset, &size) != CUDA_SUCCESS ||
        offset + size > std::numeric_limits<uint32_t>::max())
      return found->second; // nullopt
    layout.params.emplace_back(offset, size);
    layout.bytes = std::max<uint32_t>(layout.bytes, offset + size);
  }
  // A kernel with more parameters than the launch passes is not recorded
  // (its bytes would be incomplete); it is launched as it is.
  size_t offset = 0, size = 0;
  if (api().funcGetParamInfo(function, count, &offset, &size) == CUDA_SUCCESS)
    return found->second; // nullopt
  found->second = std::move(layout);
  return found->second;
}

/// Copies the `layout.params.size()` parameters `params` points to into a
/// launch's buffer at `bytes` + `base`, and their offsets in it into
/// `offsets`. Compiled code passes 8- and 4-byte scalars: copies of a
/// constant size are a move each, not a memcpy call. A function of its own
/// so that its loop keeps its registers.
[[gnu::noinline]] void copyParams(const ParamLayout &layout, void **params,
                                  size_t base, char *bytes, uint32_t *offsets) {
  char *buffer = bytes + base;
  size_t count = layout.params.size();
  const std::pair<uint32_t, uint32_t> *places = layout.params.data();
  for (size_t i = 0; i < count; ++i) {
    auto [offset, size] = places[i];
    if (size == 8)
      std::memcpy(buffer + offset, params[i], 8);
    else if (size == 4)
      std::memcpy(buffer + offset, params[i], 4);
    else
      std::memcpy(buffer + offset, params[i], size);
    offsets[i] = static_cast<uint32_t>(base + offset);
  }
}

/// Appends a launch, touching `accesses`, to this thread's batch; false if
/// it cannot be recorded (then it must be queued now).
bool recordLaunch(CUfunction function, const std::array<unsigned, 7> &shape,
                  void **params, size_t count,
                  const std::vector<Access> &accesses) {
  const std::optional<ParamLayout> &layout = paramLayout(function, count);
  if (!layout || layout->params.size() != count)
    return false;
  Batch &batch = recording().batch;
  size_t base = batch.bytes.size(), firstParam = batch.offsets.size();
  if (base + layout->bytes > std::numeric_limits<uint32_t>::max())
    return false;
  batch.bytes.resize(base + layout->bytes, 0);
  batch.offsets.resize(firstParam + count);
  batch.launches.push_back({function, shape, static_cast<uint32_t>(firstParam),
                            static_cast<uint32_t>(count),
                            static_cast<uint32_t>(batch.accesses.size()),
                            static_cast<uint32_t>(accesses.size())});
  batch.accesses.insert(batch.accesses.end(), accesses.begin(), accesses.end());
  copyParams(*layout, params, base, batch.bytes.data(),
             batch.offsets.data() + firstParam);
  return true;
}

void queueEach(Batch &batch) {
  std::vector<void *> pointers = batch.pointers();
  for (const KernelLaunch &launch : batch.launches)
    queueKernel(launch.function, launch.shape,
                pointers.data() + launch.firstParam, nullptr);
}

} // namespace

std::vector<std::vector<size_t>> mlir::tj::cuda::detail::launchDependencies(
    const std::vector<std::vector<std::pair<uint64_t, bool>>> &accesses) {
  size_t n = accesses.size();
  // Whether launch j must wait for launch i < j: either may touch
  // anything, or both touch a buffer and one writes it.
  auto waits = [&](size_t i, size_t j) {
    if (accesses[i].empty() || accesses[j].empty())
      return true;
    for (auto [p, writesP] : accesses[i])
      for (auto [q, writesQ] : accesses[j])
        if (p == q && (writesP || writesQ))
          return true;
    return false;
  };
  // Each launch's direct dependencies, without those another of them
  // already waits for.
  std::vector<llvm::BitVector> before(n, llvm::BitVector(n));
  std::vector<std::vector<size_t>> result(n);
  for (size_t j = 0; j < n; ++j) {
    for (size_t i = j; i-- > 0;) {
      if (before[j].test(i) || !waits(i, j))
        continue;
      result[j].push_back(i);
      before[j].set(i);
      before[j] |= before[i];
    }
    std::reverse(result[j].begin(), result[j].end());
  }
  return result;
}

namespace {

/// Instantiates `entry`'s batch as a graph of kernel nodes (its `exec`),
/// or marks it unbuildable. A node waits for the earlier ones it conflicts
/// with (their accesses; an access to other than the start of one of
/// `owner`'s blocks, or a launch with none known, conflicts with all).
void buildGraph(Device &owner, CachedGraph &entry) {
  const DriverApi &driverApi = api();
  CUgraph graph = nullptr;
  entry.unbuildable = true;
  if (driverApi.graphCreate(&graph, 0) != CUDA_SUCCESS)
    return;
  const Batch &batch = entry.batch;
  std::vector<std::vector<std::pair<uint64_t, bool>>> accesses(
      batch.launches.size());
  {
    std::lock_guard lock(owner.mutex);
    for (auto [launch, touched] : llvm::zip(batch.launches, accesses))
      for (uint32_t a = 0; a < launch.accesses; ++a) {
        const Access &access = batch.accesses[launch.firstAccess + a];
        if (!owner.live.contains(access.pointer)) {
          touched.clear();
          break;
        }
        touched.push_back({access.pointer, access.writes});
      }
  }
  std::vector<std::vector<size_t>> dependencies =
      mlir::tj::cuda::detail::launchDependencies(accesses);
  std::vector<void *> pointers = entry.batch.pointers();
  std::vector<CUgraphNode> nodes;
  bool built = true;
  for (auto [launch, waits] : llvm::zip(batch.launches, dependencies)) {
    KernelNodeParams node{
        launch.function, launch.shape[0], launch.shape[1],
        launch.shape[2], launch.shape[3], launch.shape[4],
        launch.shape[5], launch.shape[6], pointers.data() + launch.firstParam,
        nullptr,         nullptr,         nullptr};
    std::vector<CUgraphNode> after;
    for (size_t i : waits)
      after.push_back(nodes[i]);
    CUgraphNode added = nullptr;
    if (driverApi.graphAddKernelNode(&added, graph,
                                     after.empty() ? nullptr : after.data(),
                                     after.size(), &node) != CUDA_SUCCESS) {
      built = false;
      break;
    }
    nodes.push_back(added);
  }
  if (built &&
      driverApi.graphInstantiate(&entry.exec, graph, 0) == CUDA_SUCCESS) {
    entry.unbuildable = false;
    counters.graphsBuilt.fetch_add(1, std::memory_order_relaxed);
  } else {
    entry.exec = nullptr;
  }
  (void)driverApi.graphDestroy(graph);
}

/// The entry of `owner`'s cache equal to `batch`, or null after adding one
/// (in place of the least recently used if the cache is full). Its
/// `graphMutex` is held.
CachedGraph *seenBefore(Device &owner, const Batch &batch) {
  uint64_t generation = moduleGeneration.load(std::memory_order_acquire);
  if (owner.graphGeneration != generation) {
    // Their kernels may be gone, and their handles reused.
    for (CachedGraph &cached : owner.graphs)
      if (cached.exec)
        (void)api().graphExecDestroy(cached.exec);
    owner.graphs.clear();
    owner.graphGeneration = generation;
  }
  // Compared, not hashed: a comparison stops at the first parameter that
  // differs, where a hash reads every byte, every call.
  for (CachedGraph &cached : owner.graphs)
    if (cached.batch == batch) {
      cached.lastUse = ++owner.graphClock;
      return &cached;
    }
  if (owner.graphs.size() == kCachedGraphs) {
    auto oldest =
        std::min_element(owner.graphs.begin(), owner.graphs.end(),
                         [](const CachedGraph &a, const CachedGraph &b) {
                           return a.lastUse < b.lastUse;
                         });
    if (oldest->exec)
      (void)api().graphExecDestroy(oldest->exec);
    owner.graphs.erase(oldest);
  }
  owner.graphs.push_back({batch, nullptr, false, ++owner.graphClock});
  return nullptr;
}

/// Queues `batch` as one graph launch if it was seen before (instantiating
/// its graph the first time); false if it must go kernel by kernel.
bool queueGraph(Device &owner, const Batch &batch) {
  std::lock_guard lock(owner.graphMutex);
  CachedGraph *cached = seenBefore(owner, batch);
  if (!cached)
    return false;
  if (!cached->exec && !cached->unbuildable)
    buildGraph(owner, *cached);
  if (!cached->exec)
    return false;
  if (api().graphLaunch(cached->exec, nullptr) != CUDA_SUCCESS) {
    // Kernel by kernel from now on, where a broken context reports itself.
    (void)api().graphExecDestroy(cached->exec);
    cached->exec = nullptr;
    cached->unbuildable = true;
    return false;
  }
  counters.launches.fetch_add(batch.launches.size(), std::memory_order_relaxed);
  counters.graphLaunches.fetch_add(1, std::memory_order_relaxed);
  return true;
}

/// Queues this thread's batch (see above), then releases the blocks freed
/// while recording. After a failed step of the call nothing is queued.
void queueBatch() {
  Recording &state = recording();
  Batch &batch = state.batch;
  if (!batch.empty() && launchError().ok()) {
    absl::StatusOr<Device *> device = enter(currentOrdinal);
    if (!device.ok())
      recordError(device.status());
    else if (!mlir::tj::cuda::graphsAvailable() || batch.launches.size() < 2 ||
             !queueGraph(**device, batch))
      queueEach(batch);
  }
  batch.clear();
  mlir::tj::cuda::release(currentOrdinal, state.frees);
  state.frees.clear();
}

/// Queues the batch so far and records nothing more until the scope ends:
/// before work that is not a kernel launch.
void stopRecording() {
  Recording &state = recording();
  if (!state.active)
    return;
  state.active = false;
  queueBatch();
}

//===----------------------------------------------------------------------===//
// cuBLAS, for the matmuls tj-linalg-to-blas hands it (library=cublas).
// Loaded with dlopen like the driver, on first use; its calls go to the
// legacy default stream (a handle's default), in order with our kernels.
//===----------------------------------------------------------------------===//

using cublasHandle_t = struct cublasContext *;
using cublasStatus_t = int;
constexpr int CUBLAS_OP_N = 0;
constexpr int CUBLAS_OP_T = 1;

template <typename T>
using CublasGemm = cublasStatus_t (*)(cublasHandle_t, int transa, int transb,
                                      int m, int n, int k, const T *alpha,
                                      const T *a, int lda, const T *b, int ldb,
                                      const T *beta, T *c, int ldc);

struct Cublas {
  /// OK, or why cuBLAS cannot be used.
  absl::Status status;
  cublasStatus_t (*create)(cublasHandle_t *) = nullptr;
  cublasStatus_t (*destroy)(cublasHandle_t) = nullptr;
  const char *(*statusName)(cublasStatus_t) = nullptr;
  CublasGemm<double> dgemm = nullptr;
  CublasGemm<float> sgemm = nullptr;
};

/// `TENSORJIT_LIBCUBLAS`, or the CUDA 13 or 12 library (the driver's
/// major version first: a newer cuBLAS than the driver does not start),
/// from the loader's path or the toolkit's.
std::unique_ptr<Cublas> loadCublas() {
  auto loaded = std::make_unique<Cublas>();
  std::vector<std::string> names;
  if (const char *override = std::getenv("TENSORJIT_LIBCUBLAS");
      override && *override) {
    names = {override};
  } else {
    int version = 0;
    if (api().driverGetVersion)
      (void)api().driverGetVersion(&version);
    std::vector<std::string> majors = {"13", "12"};
    if (version / 1000 == 12)
      std::swap(majors[0], majors[1]);
    for (const char *directory : {"", "/usr/local/cuda/lib64/"})
      for (const std::string &major : majors)
        names.push_back(absl::StrCat(directory, "libcublas.so.", major));
  }
  void *library = nullptr;
  for (const std::string &name : names)
    if ((library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)))
      break;
  if (!library) {
    loaded->status = absl::FailedPreconditionError(
        absl::StrCat("no cuBLAS: ", names.front(), " could not be loaded (",
                     dlerror(), ")"));
    return loaded;
  }
  if (const char *missing =
          resolve(library, {{"cublasCreate_v2", slot(loaded->create)},
                            {"cublasDestroy_v2", slot(loaded->destroy)},
                            {"cublasDgemm_v2", slot(loaded->dgemm)},
                            {"cublasSgemm_v2", slot(loaded->sgemm)}}))
    loaded->status = absl::FailedPreconditionError(
        absl::StrCat("no cuBLAS: the library lacks ", missing));
  // Optional: names the status in errors.
  *slot(loaded->statusName) = dlsym(library, "cublasGetStatusName");
  return loaded;
}

Cublas &cublas() {
  static Cublas *const instance = loadCublas().release();
  return *instance;
}

/// Whether compiled code should call cuBLAS (TENSORJIT_CUBLAS=0: never).
std::atomic<bool> cublasWanted{[] {
  const char *setting = std::getenv("TENSORJIT_CUBLAS");
  return !setting || std::string_view(setting) != "0";
}()};

absl::Status cublasError(absl::string_view call, int ordinal,
                         cublasStatus_t status) {
  const char *name =
      cublas().statusName ? cublas().statusName(status) : nullptr;
  return absl::InternalError(
      absl::StrCat(call, " on CUDA device ", ordinal, ": ",
                   name ? name : absl::StrCat("cuBLAS status ", status)));
}

/// `ordinal`'s cuBLAS handle, made on first use (its context made current
/// on this thread). cuBLAS allocates its workspace outside our allocator:
/// a failure releases our cached blocks and tries once more.
absl::StatusOr<cublasHandle_t> blasHandle(int ordinal) {
  absl::StatusOr<Device *> device = enter(ordinal);
  if (!device.ok())
    return device.status();
  Cublas &library = cublas();
  if (!library.status.ok())
    return library.status;
  {
    std::lock_guard lock((*device)->mutex);
    if ((*device)->blas)
      return static_cast<cublasHandle_t>((*device)->blas);
  }
  // Made without the lock (cublasCreate starts the CUDA runtime), so
  // allocations on the device go on meanwhile.
  cublasHandle_t handle = nullptr;
  cublasStatus_t status = library.create(&handle);
  if (status) {
    {
      std::lock_guard lock((*device)->mutex);
      freeCachedBlocks(**device);
    }
    status = library.create(&handle);
  }
  if (status)
    return cublasError("cublasCreate_v2", ordinal, status);
  std::lock_guard lock((*device)->mutex);
  if ((*device)->blas) // another thread's came first
    (void)library.destroy(handle);
  else
    (*device)->blas = handle;
  return static_cast<cublasHandle_t>((*device)->blas);
}

/// c = alpha a b + beta c on device buffers (row-major, or transposed
/// views), queued after the kernels before it.
template <typename T>
void cublasGemm(tensorjit::detail::Buffer<T, 2> *a,
                tensorjit::detail::Buffer<T, 2> *b,
                tensorjit::detail::Buffer<T, 2> *c, double alpha, double beta) {
  stopRecording();
  if (!launchError().ok())
    return;
  int64_t m = c->sizes[0], n = c->sizes[1], k = a->sizes[1];
  if (m == 0 || n == 0 || (k == 0 && beta == 1))
    return;
  using tensorjit::detail::MatrixLayout;
  MatrixLayout la = layoutOf(*a), lb = layoutOf(*b), lc = layoutOf(*c);
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  // k = 0 (which cuBLAS does not document) never comes: the compiler calls
  // this from m n k >= 1 (tj-linalg-to-blas's min-size).
  if (k == 0 || !la.ok || !lb.ok || !lc.ok || lc.transposed ||
      std::max({m, n, k, la.leading, lb.leading, lc.leading}) > kIntMax) {
    recordError(absl::UnimplementedError(
        absl::StrCat("cuBLAS gemm of ", m, "x", k, " by ", k, "x", n,
                     ": an operand's layout or size is not one cuBLAS takes")));
    return;
  }
  absl::StatusOr<cublasHandle_t> handle = blasHandle(currentOrdinal);
  if (!handle.ok()) {
    recordError(handle.status());
    return;
  }
  // Row-major c = op(a) op(b) is column-major c^T = op(b)^T op(a)^T, the
  // same bytes: b goes first, each with the flag it has row-major.
  T scale = static_cast<T>(alpha), keep = static_cast<T>(beta);
  CublasGemm<T> gemm;
  if constexpr (sizeof(T) == 8)
    gemm = cublas().dgemm;
  else
    gemm = cublas().sgemm;
  if (cublasStatus_t status =
          gemm(*handle, lb.transposed ? CUBLAS_OP_T : CUBLAS_OP_N,
               la.transposed ? CUBLAS_OP_T : CUBLAS_OP_N, int(n), int(m),
               int(k), &scale, b->data(), int(lb.leading), a->data(),
               int(la.leading), &keep, c->data(), int(lc.leading))) {
    recordError(
        cublasError(sizeof(T) == 8 ? "cublasDgemm_v2" : "cublasSgemm_v2",
                    currentOrdinal, status));
    return;
  }
  counters.libraryCalls.fetch_add(1, std::memory_order_relaxed);
}

} // namespace

namespace mlir::tj::cuda {

absl::StatusOr<int> deviceCount() {
  Driver &loaded = driver();
  if (!loaded.status.ok())
    return loaded.status;
  return static_cast<int>(loaded.devices.size());
}

absl::Status setDevice(int ordinal) {
  if (absl::Status bound = bind(ordinal); !bound.ok())
    return bound;
  currentOrdinal = ordinal;
  return absl::OkStatus();
}

absl::StatusOr<std::string> deviceDescription(int ordinal) {
  absl::StatusOr<Device *> device = deviceFor(ordinal);
  if (!device.ok())
    return device.status();
  char name[256] = {};
  int major = 0, minor = 0;
  CUdevice handle = (*device)->handle;
  if (CUresult result = api().deviceGetName(name, sizeof(name), handle))
    return driverError("cuDeviceGetName", ordinal, result);
  if (CUresult result = api().deviceGetAttribute(
          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, handle))
    return driverError("cuDeviceGetAttribute", ordinal, result);
  if (CUresult result = api().deviceGetAttribute(
          &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, handle))
    return driverError("cuDeviceGetAttribute", ordinal, result);
  return absl::StrCat(name, " (sm_", major, minor, ")");
}

absl::StatusOr<void *> allocate(int ordinal, size_t bytes) {
  absl::StatusOr<Device *> entered = enter(ordinal);
  if (!entered.ok())
    return entered.status();
  Device &device = **entered;
  if (bytes > std::numeric_limits<size_t>::max() / 2)
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot allocate ", bytes, " bytes on CUDA device ",
                     ordinal, ": more than any device has"));
  size_t size = roundUp(bytes);
  std::lock_guard lock(device.mutex);
  CUdeviceptr block = 0;
  if (auto cached = device.cache.find(size);
      cached != device.cache.end() && !cached->second.empty()) {
    block = cached->second.back();
    cached->second.pop_back();
    device.stats.cached -= size;
    ++device.stats.cacheHits;
  } else {
    CUresult result = api().memAlloc(&block, size);
    if (result == CUDA_ERROR_OUT_OF_MEMORY) {
      freeCachedBlocks(device);
      result = api().memAlloc(&block, size);
    }
    if (result == CUDA_ERROR_OUT_OF_MEMORY)
      return outOfMemory(ordinal, bytes, size);
    if (result)
      return driverError(absl::StrCat("cuMemAlloc(", size, " bytes)"), ordinal,
                         result);
  }
  device.live[block] = size;
  device.stats.inUse += size;
  ++device.stats.allocations;
  return reinterpret_cast<void *>(block);
}

void release(int ordinal, absl::Span<void *const> pointers) {
  absl::StatusOr<Device *> device = deviceFor(ordinal);
  if (pointers.empty() || !device.ok())
    return;
  Device &owner = **device;
  std::lock_guard lock(owner.mutex);
  for (void *pointer : pointers) {
    auto live = owner.live.find(reinterpret_cast<CUdeviceptr>(pointer));
    if (!pointer || live == owner.live.end())
      continue;
    owner.cache[live->second].push_back(live->first);
    owner.stats.inUse -= live->second;
    owner.stats.cached += live->second;
    owner.live.erase(live);
  }
}

void releaseCache() {
  for (const std::unique_ptr<Device> &device : driver().devices) {
    if (!bind(device->ordinal).ok())
      continue;
    std::lock_guard lock(device->mutex);
    freeCachedBlocks(*device);
  }
}

AllocatorStats allocatorStats(int ordinal) {
  absl::StatusOr<Device *> device = deviceFor(ordinal);
  if (!device.ok())
    return {};
  std::lock_guard lock((*device)->mutex);
  return (*device)->stats;
}

namespace {
/// One copy through `driverCall` (a CUresult), on `ordinal`, named `name`
/// in errors and counted in `counter` (if any); empty copies do nothing.
template <typename DriverCall>
absl::Status copy(int ordinal, size_t bytes, const char *name,
                  std::atomic<size_t> *counter, DriverCall driverCall) {
  stopRecording();
  if (absl::Status bound = bind(ordinal); !bound.ok())
    return bound;
  if (bytes == 0)
    return absl::OkStatus();
  if (CUresult result = driverCall())
    return driverError(absl::StrCat(name, "(", bytes, " bytes)"), ordinal,
                       result);
  if (counter)
    counter->fetch_add(1, std::memory_order_relaxed);
  return absl::OkStatus();
}
} // namespace

absl::Status copyToDevice(int ordinal, void *device, const void *host,
                          size_t bytes) {
  return copy(ordinal, bytes, "cuMemcpyHtoD", &counters.hostToDevice, [&] {
    return api().memcpyHtoD(reinterpret_cast<CUdeviceptr>(device), host, bytes);
  });
}

absl::Status copyToHost(int ordinal, void *host, const void *device,
                        size_t bytes) {
  return copy(ordinal, bytes, "cuMemcpyDtoH", &counters.deviceToHost, [&] {
    return api().memcpyDtoH(host, reinterpret_cast<CUdeviceptr>(device), bytes);
  });
}

absl::Status copyOnDevice(int ordinal, void *to, const void *from,
                          size_t bytes) {
  return copy(ordinal, bytes, "cuMemcpyAsync", nullptr, [&] {
    return api().memcpyAsync(reinterpret_cast<CUdeviceptr>(to),
                             reinterpret_cast<CUdeviceptr>(from), bytes,
                             nullptr);
  });
}

absl::Status synchronize(int ordinal) {
  stopRecording();
  if (absl::Status bound = bind(ordinal); !bound.ok())
    return bound;
  if (CUresult result = api().ctxSynchronize())
    return driverError("cuCtxSynchronize", ordinal, result);
  return absl::OkStatus();
}

absl::Status takeLaunchError() { return std::exchange(launchError(), {}); }

LaunchStats launchStats() {
  LaunchStats stats;
  stats.launches = counters.launches.load(std::memory_order_relaxed);
  stats.modulesLoaded = counters.modulesLoaded.load(std::memory_order_relaxed);
  stats.hostToDevice = counters.hostToDevice.load(std::memory_order_relaxed);
  stats.deviceToHost = counters.deviceToHost.load(std::memory_order_relaxed);
  stats.graphLaunches = counters.graphLaunches.load(std::memory_order_relaxed);
  stats.graphsBuilt = counters.graphsBuilt.load(std::memory_order_relaxed);
  stats.libraryCalls = counters.libraryCalls.load(std::memory_order_relaxed);
  return stats;
}

LaunchBatch::LaunchBatch() {
  // Without graphs there is nothing to gain from holding launches back.
  Recording &state = recording();
  if (state.depth++ == 0)
    state.active = graphsAvailable();
}

LaunchBatch::~LaunchBatch() {
  Recording &state = recording();
  if (--state.depth == 0) {
    state.active = false;
    // Accesses told for no launch must not reach the next call's.
    state.pending.clear();
    queueBatch();
  }
}

void setGraphs(bool enabled) {
  graphsWanted.store(enabled, std::memory_order_relaxed);
}

bool graphsAvailable() {
  return driver().status.ok() && driver().graphs &&
         graphsWanted.load(std::memory_order_relaxed);
}

void setCublas(bool enabled) {
  cublasWanted.store(enabled, std::memory_order_relaxed);
}

bool cublasAvailable(int ordinal) {
  return cublasWanted.load(std::memory_order_relaxed) && driver().status.ok() &&
         blasHandle(ordinal).ok();
}

} // namespace mlir::tj::cuda

//===----------------------------------------------------------------------===//
// The mgpu* entry points, with the C signatures MLIR 22's gpu-to-llvm and
// gpu.binary translation call. Streams are always the legacy default stream
// (nullptr); module, function and event handles are opaque pointers.
//===----------------------------------------------------------------------===//

extern "C" {

/// PTX text, NUL-terminated; called from a global constructor of the
/// compiled module.
void *mgpuModuleLoadJIT(void *data, int optLevel) {
  return loadModule(data, std::clamp(optLevel, 0, 4));
}

/// A cubin or fatbin.
void *mgpuModuleLoad(void *data, size_t /*size*/) {
  return loadModule(data, std::nullopt);
}

/// Called from a global destructor, possibly at exit: errors are dropped.
void mgpuModuleUnload(void *module) {
  if (!module)
    return;
  std::optional<int> ordinal;
  {
    ModuleRegistry &registry = modules();
    std::lock_guard lock(registry.mutex);
    if (auto found = registry.devices.find(static_cast<CUmodule>(module));
        found != registry.devices.end()) {
      ordinal = found->second;
      registry.devices.erase(found);
    }
  }
  moduleGeneration.fetch_add(1, std::memory_order_release);
  if (ordinal && bind(*ordinal).ok())
    (void)api().moduleUnload(static_cast<CUmodule>(module));
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  if (!module) {
    recordError(absl::FailedPreconditionError(
        absl::StrCat("no kernel ", name, ": its module did not load")));
    return nullptr;
  }
  FunctionCache &cache = functionCache();
  cache.refresh();
  auto key = std::make_pair(static_cast<CUmodule>(module), name);
  if (auto found = cache.functions.find(key); found != cache.functions.end())
    return found->second;
  CUfunction function = nullptr;
  if (CUresult result =
          api().moduleGetFunction(&function, key.first, key.second)) {
    recordError(driverError(absl::StrCat("cuModuleGetFunction(", name, ")"),
                            currentOrdinal, result));
    return nullptr;
  }
  cache.functions[key] = function;
  return function;
}

/// The device's one stream: the legacy default stream.
void *mgpuStreamCreate() { return nullptr; }

void mgpuStreamDestroy(void * /*stream*/) {}

/// Does not block: the library synchronizes when a call's results are read,
/// and the copy to the host reports any error the kernels raised.
void mgpuStreamSynchronize(void * /*stream*/) {}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void * /*stream*/,
                      void **params, void **extra, size_t paramsCount) {
  // The accesses told are this launch's only (the vector keeps its
  // capacity: no allocation per launch).
  Recording &state = recording();
  llvm::scope_exit told([&] { state.pending.clear(); });
  if (!function) {
    recordError(absl::FailedPreconditionError(
        "cannot launch a kernel that did not load"));
    return;
  }
  // An empty array gives an empty grid: nothing to run (the driver would
  // call it an invalid value).
  if (gridX * gridY * gridZ * blockX * blockY * blockZ == 0)
    return;
  std::array<unsigned, 7> shape{unsigned(gridX),      unsigned(gridY),
                                unsigned(gridZ),      unsigned(blockX),
                                unsigned(blockY),     unsigned(blockZ),
                                unsigned(sharedBytes)};
  auto kernel = static_cast<CUfunction>(function);
  if (state.active) {
    // Nothing is queued after a failed step of the call.
    if (!launchError().ok() ||
        (!extra &&
         recordLaunch(kernel, shape, params, paramsCount, state.pending)))
      return;
    stopRecording();
  }
  queueKernel(kernel, shape, params, extra);
}

void *mgpuMemAlloc(uint64_t bytes, void * /*stream*/, bool isHostShared) {
  if (isHostShared) {
    recordError(absl::UnimplementedError(
        "gpu.alloc host_shared: tensorjit's CUDA runtime has no host-shared "
        "memory"));
    return nullptr;
  }
  absl::StatusOr<void *> block =
      mlir::tj::cuda::allocate(currentOrdinal, bytes);
  if (Recording &state = recording();
      !block.ok() && state.active && !state.frees.empty()) {
    // The blocks this call freed are held until its batch is queued: queue
    // it now, so that they can be reused, and try again.
    stopRecording();
    block = mlir::tj::cuda::allocate(currentOrdinal, bytes);
  }
  if (!block.ok()) {
    recordError(block.status());
    return nullptr;
  }
  return *block;
}

void mgpuMemFree(void *pointer, void * /*stream*/) {
  if (Recording &state = recording(); state.active)
    state.frees.push_back(pointer);
  else
    mlir::tj::cuda::release(currentOrdinal, pointer);
}

/// With pageable host memory on either side the driver finishes the copy
/// before returning, so results copied to the host are ready.
void mgpuMemcpy(void *to, void *from, size_t bytes, void * /*stream*/) {
  stopRecording();
  queueWork(
      [&] {
        return api().memcpyAsync(reinterpret_cast<CUdeviceptr>(to),
                                 reinterpret_cast<CUdeviceptr>(from), bytes,
                                 nullptr);
      },
      [&] { return absl::StrCat("cuMemcpyAsync(", bytes, " bytes)"); });
}

void mgpuMemset32(void *to, unsigned value, size_t count, void * /*stream*/) {
  stopRecording();
  queueWork(
      [&] {
        return api().memsetD32Async(reinterpret_cast<CUdeviceptr>(to), value,
                                    count, nullptr);
      },
      [&] { return absl::StrCat("cuMemsetD32Async(", count, ")"); });
}

void mgpuMemset16(void *to, unsigned short value, size_t count,
                  void * /*stream*/) {
  stopRecording();
  queueWork(
      [&] {
        return api().memsetD16Async(reinterpret_cast<CUdeviceptr>(to), value,
                                    count, nullptr);
      },
      [&] { return absl::StrCat("cuMemsetD16Async(", count, ")"); });
}

// Events: everything runs in order on one stream, so recording, waiting on
// and synchronizing with an event need do nothing.
void *mgpuEventCreate() { return &eventSentinel; }
void mgpuEventDestroy(void * /*event*/) {}
void mgpuEventSynchronize(void * /*event*/) {}
void mgpuEventRecord(void * /*event*/, void * /*stream*/) {}
void mgpuStreamWaitEvent(void * /*stream*/, void * /*event*/) {}

void mgpuSetDefaultDevice(int32_t ordinal) { currentOrdinal = ordinal; }

// What tj-linalg-to-blas (library=cublas) calls: same arguments as the
// CPU's tj_rt_blas_gemm_* (lib/runtime/Blas.cpp), on device buffers.
void _mlir_ciface_tj_rt_cublas_gemm_f64(tensorjit::detail::Buffer<double, 2> *a,
                                        tensorjit::detail::Buffer<double, 2> *b,
                                        tensorjit::detail::Buffer<double, 2> *c,
                                        double alpha, double beta) {
  cublasGemm(a, b, c, alpha, beta);
}

void _mlir_ciface_tj_rt_cublas_gemm_f32(tensorjit::detail::Buffer<float, 2> *a,
                                        tensorjit::detail::Buffer<float, 2> *b,
                                        tensorjit::detail::Buffer<float, 2> *c,
                                        double alpha, double beta) {
  cublasGemm(a, b, c, alpha, beta);
}

// What tj-linalg-to-blas's code asks before a large matmul: cuBLAS is
// loaded, and its handle made, at the first such question.
bool tj_rt_cublas_ready() {
  return mlir::tj::cuda::cublasAvailable(currentOrdinal);
}

// What tj-gpu-launch-accesses calls before a launch, once per buffer.
void tj_rt_gpu_access(int64_t pointer, int64_t writes) {
  recording().pending.push_back({static_cast<uint64_t>(pointer), writes != 0});
}

} // extern "C"

std::vector<std::pair<std::string, void *>>
mlir::tj::cuda::gpuRuntimeSymbols() {
  auto entry = [](const char *name, auto *function) {
    return std::make_pair(std::string(name),
                          reinterpret_cast<void *>(function));
  };
  return {
      entry("mgpuModuleLoadJIT", &mgpuModuleLoadJIT),
      entry("mgpuModuleLoad", &mgpuModuleLoad),
      entry("mgpuModuleUnload", &mgpuModuleUnload),
      entry("mgpuModuleGetFunction", &mgpuModuleGetFunction),
      entry("mgpuStreamCreate", &mgpuStreamCreate),
      entry("mgpuStreamDestroy", &mgpuStreamDestroy),
      entry("mgpuStreamSynchronize", &mgpuStreamSynchronize),
      entry("mgpuLaunchKernel", &mgpuLaunchKernel),
      entry("mgpuMemAlloc", &mgpuMemAlloc),
      entry("mgpuMemFree", &mgpuMemFree),
      entry("mgpuMemcpy", &mgpuMemcpy),
      entry("mgpuMemset32", &mgpuMemset32),
      entry("mgpuMemset16", &mgpuMemset16),
      entry("mgpuEventCreate", &mgpuEventCreate),
      entry("mgpuEventDestroy", &mgpuEventDestroy),
      entry("mgpuEventSynchronize", &mgpuEventSynchronize),
      entry("mgpuEventRecord", &mgpuEventRecord),
      entry("mgpuStreamWaitEvent", &mgpuStreamWaitEvent),
      entry("mgpuSetDefaultDevice", &mgpuSetDefaultDevice),
      entry("_mlir_ciface_tj_rt_cublas_gemm_f64",
            &_mlir_ciface_tj_rt_cublas_gemm_f64),
      entry("_mlir_ciface_tj_rt_cublas_gemm_f32",
            &_mlir_ciface_tj_rt_cublas_gemm_f32),
      entry("tj_rt_cublas_ready", &tj_rt_cublas_ready),
      entry("tj_rt_gpu_access", &tj_rt_gpu_access),
  };
}
