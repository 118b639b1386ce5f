//===- fake_cuda.cpp - A CUDA driver without a GPU, for tests -------------===//
//
// libtensorjit_fake_cuda.so exports the driver functions our runtime loads
// (TENSORJIT_LIBCUDA points it here), on host memory and without running
// any kernel: one device, allocations that malloc serves (with an optional
// limit, to test running out of memory), real copies and memsets, modules
// whose kernels and parameter layouts are read from the PTX text, and
// launches (one by one or through graphs, whose nodes' dependencies the
// log shows) written to a log that the tests read through the fakeCuda*
// functions. It checks what a driver would reject: unknown or freed device
// memory in copies, frees and the pointer parameters (`.ptr` in the PTX)
// of the kernels it is asked to run, unknown kernels or graphs, and
// dependencies on nodes of another graph. With
// TENSORJIT_FAKE_CUDA_FREE_GRAPHS=1 a graph launch is only counted, for
// benchmarks of the host side of a call.
//
// It is also a cuBLAS (TENSORJIT_LIBCUBLAS points here too) whose gemm
// computes on the host, column-major as cuBLAS does, after checking that
// each matrix lies in live device memory: so the tests check the
// runtime's mapping of row-major, transposed and accumulated products onto
// cuBLAS's arguments by their numbers.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace {

using CUresult = int;
using CUdeviceptr = unsigned long long;

constexpr CUresult kSuccess = 0, kInvalidValue = 1, kOutOfMemory = 2,
                   kNotInitialized = 3, kInvalidPtx = 218, kNotFound = 500;

struct Function {
  std::string name;
  /// Each parameter's (offset, size) in the parameter buffer.
  std::vector<std::pair<size_t, size_t>> params;
  /// Which parameters are pointers to global memory (`.ptr` in the PTX).
  std::vector<bool> pointers;
};

struct Module {
  std::vector<std::unique_ptr<Function>> functions;
};

/// A launch's grid and block sizes (x, y, z each).
using LaunchShape = std::array<unsigned, 6>;

/// What the log keeps of a kernel run: its name, parameters' bytes and
/// launch shape.
struct Run {
  std::string kernel;
  std::string bytes;
  bool inGraph;
  LaunchShape shape;
};

struct GraphNode {
  Function *function;
  std::string bytes;
  /// The nodes it waits for (indices).
  std::vector<size_t> after;
  LaunchShape shape;
};

struct Graph {
  std::vector<GraphNode> nodes;
};

struct State {
  std::mutex mutex;
  bool initialized = false;
  /// Live allocations: base -> size.
  std::map<CUdeviceptr, size_t> blocks;
  size_t inUse = 0, limit = SIZE_MAX;
  std::set<Module *> modules;
  std::set<Graph *> graphs, execs;
  std::vector<Run> runs;
  std::vector<std::string> events; ///< "kernel NAME", "graph N", "copy", ...
  size_t graphLaunches = 0, instantiated = 0, rejected = 0;
  /// Set by the tests: cuGraphLaunch fails (as a driver might refuse one).
  bool failGraphLaunches = false;
  /// TENSORJIT_FAKE_CUDA_FREE_GRAPHS=1: cuGraphLaunch only counts, with no
  /// check and no log, so that a benchmark over this driver times the host
  /// side of a call rather than the fake's bookkeeping.
  bool freeGraphLaunches = [] {
    const char *setting = std::getenv("TENSORJIT_FAKE_CUDA_FREE_GRAPHS");
    return setting && std::string(setting) == "1";
  }();
  /// cuBLAS handles: asked for, live, and how many of the next asks fail.
  size_t cublasCreates = 0, cublasHandles = 0, failCublasCreates = 0;
};

State &state() {
  static State *const instance = new State;
  return *instance;
}

/// Rejects the call (counted) with `result`.
CUresult reject(State &s, CUresult result) {
  ++s.rejected;
  return result;
}

/// Whether [pointer, pointer + bytes) lies in one live block.
bool inBlock(const State &s, CUdeviceptr pointer, size_t bytes) {
  auto next = s.blocks.upper_bound(pointer);
  if (next == s.blocks.begin())
    return false;
  --next;
  return pointer + bytes <= next->first + next->second;
}

/// Bytes of a PTX scalar type: "u64" 8, "f32" 4, "b8" 1.
size_t typeSize(const std::string &type) {
  if (type.size() < 2)
    return 0;
  return std::strtoul(type.c_str() + 1, nullptr, 10) / 8;
}

/// The kernels of a PTX text: each `.entry NAME(.param .TYPE NAME, ...)`,
/// parameters aligned to their size (or `.align N` with `.b8 NAME[M]`).
bool parsePtx(const std::string &ptx, Module &module) {
  size_t at = 0;
  while ((at = ptx.find(".entry ", at)) != std::string::npos) {
    at += 7;
    size_t open = ptx.find('(', at), close = ptx.find(')', at);
    if (open == std::string::npos || close == std::string::npos || close < open)
      return false;
    auto function = std::make_unique<Function>();
    function->name = ptx.substr(at, open - at);
    while (!function->name.empty() && function->name.back() == ' ')
      function->name.pop_back();
    std::string list = ptx.substr(open + 1, close - open - 1);
    size_t offset = 0, p = 0;
    while ((p = list.find(".param", p)) != std::string::npos) {
      p += 6;
      size_t end = list.find_first_of(",", p);
      std::string decl =
          list.substr(p, end == std::string::npos ? end : end - p);
      // ".u64 NAME", ".u64 .ptr .align 1 NAME" (the pointee's alignment),
      // ".align 8 .b8 NAME[16]".
      std::vector<std::string> tokens;
      for (size_t t = 0;
           (t = decl.find_first_not_of(" \t\n", t)) != std::string::npos;) {
        size_t stop = decl.find_first_of(" \t\n", t);
        tokens.push_back(decl.substr(t, stop - t));
        t = stop;
      }
      size_t align = 0, type = 0;
      if (tokens.size() >= 3 && tokens[0] == ".align") {
        align = std::strtoul(tokens[1].c_str(), nullptr, 10);
        type = 2;
      }
      if (tokens.size() < type + 2)
        return false;
      size_t size = typeSize(tokens[type].substr(1));
      if (size_t bracket = tokens.back().find('[');
          bracket != std::string::npos)
        size *= std::strtoul(tokens.back().c_str() + bracket + 1, nullptr, 10);
      if (!align)
        align = std::max<size_t>(size, 1);
      if (size == 0)
        return false;
      offset = (offset + align - 1) / align * align;
      function->params.emplace_back(offset, size);
      function->pointers.push_back(
          std::find(tokens.begin(), tokens.end(), ".ptr") != tokens.end());
      offset += size;
    }
    module.functions.push_back(std::move(function));
    at = close;
  }
  return !module.functions.empty();
}

/// The parameters' bytes as the driver would copy them.
std::string paramBytes(const Function &function, void **params) {
  size_t total = 0;
  for (auto [offset, size] : function.params)
    total = std::max(total, offset + size);
  std::string bytes(total, '\0');
  for (size_t i = 0; i < function.params.size(); ++i)
    std::memcpy(bytes.data() + function.params[i].first, params[i],
                function.params[i].second);
  return bytes;
}

/// Whether every pointer parameter in `bytes` points into a live block, as
/// a kernel's loads and stores would need.
bool pointersLive(const State &s, const Function &function,
                  const std::string &bytes) {
  for (size_t i = 0; i < function.params.size(); ++i) {
    if (!function.pointers[i])
      continue;
    CUdeviceptr pointer = 0;
    std::memcpy(&pointer, bytes.data() + function.params[i].first,
                sizeof(pointer));
    if (!inBlock(s, pointer, 1))
      return false;
  }
  return true;
}

/// Deletes `handle`, one of `s.*owned`, or rejects it if it is not one.
template <typename Object>
CUresult destroy(std::set<Object *> State::*owned, void *handle) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!(s.*owned).erase(static_cast<Object *>(handle)))
    return reject(s, kInvalidValue);
  delete static_cast<Object *>(handle);
  return kSuccess;
}

/// Sets `count` elements at `to` to `value`.
template <typename Element>
CUresult memsetElements(CUdeviceptr to, Element value, size_t count) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!inBlock(s, to, count * sizeof(Element)))
    return reject(s, kInvalidValue);
  std::fill_n(reinterpret_cast<Element *>(to), count, value);
  s.events.push_back("memset");
  return kSuccess;
}

bool knownFunction(const State &s, void *handle) {
  for (Module *module : s.modules)
    for (const auto &function : module->functions)
      if (function.get() == handle)
        return true;
  return false;
}

} // namespace

extern "C" {

// --- The driver API ---------------------------------------------------------

CUresult cuInit(unsigned) {
  state().initialized = true;
  return kSuccess;
}
CUresult cuGetErrorName(CUresult result, const char **name) {
  switch (result) {
  case kOutOfMemory:
    *name = "CUDA_ERROR_OUT_OF_MEMORY";
    return kSuccess;
  case kInvalidValue:
    *name = "CUDA_ERROR_INVALID_VALUE";
    return kSuccess;
  case kInvalidPtx:
    *name = "CUDA_ERROR_INVALID_PTX";
    return kSuccess;
  case kNotFound:
    *name = "CUDA_ERROR_NOT_FOUND";
    return kSuccess;
  default:
    return kInvalidValue;
  }
}
CUresult cuGetErrorString(CUresult result, const char **text) {
  *text = result == kOutOfMemory ? "out of memory" : "fake driver error";
  return kSuccess;
}
CUresult cuDeviceGetCount(int *count) {
  *count = 1;
  return state().initialized ? kSuccess : kNotInitialized;
}
CUresult cuDeviceGet(int *device, int ordinal) {
  *device = ordinal;
  return ordinal == 0 ? kSuccess : kInvalidValue;
}
CUresult cuDeviceGetName(char *name, int length, int) {
  std::strncpy(name, "Fake CUDA device", length);
  return kSuccess;
}
CUresult cuDeviceGetAttribute(int *value, int attribute, int) {
  *value = attribute == 75 ? 9 : 0; // compute capability 9.0
  return kSuccess;
}
CUresult cuDevicePrimaryCtxRetain(void **context, int) {
  static char primary;
  *context = &primary;
  return kSuccess;
}
CUresult cuCtxSetCurrent(void *) { return kSuccess; }
CUresult cuCtxSynchronize() { return kSuccess; }
CUresult cuMemGetInfo_v2(size_t *free, size_t *total) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  *total = s.limit;
  *free = s.limit - s.inUse;
  return kSuccess;
}
CUresult cuMemAlloc_v2(CUdeviceptr *pointer, size_t bytes) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (bytes == 0)
    return reject(s, kInvalidValue);
  if (bytes > s.limit - s.inUse)
    return kOutOfMemory;
  void *block = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!block)
    return kOutOfMemory;
  *pointer = reinterpret_cast<CUdeviceptr>(block);
  s.blocks[*pointer] = bytes;
  s.inUse += bytes;
  return kSuccess;
}
CUresult cuMemFree_v2(CUdeviceptr pointer) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  auto block = s.blocks.find(pointer);
  if (block == s.blocks.end())
    return reject(s, kInvalidValue);
  s.inUse -= block->second;
  s.blocks.erase(block);
  std::free(reinterpret_cast<void *>(pointer));
  return kSuccess;
}
CUresult cuMemcpyHtoD_v2(CUdeviceptr to, const void *from, size_t bytes) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!inBlock(s, to, bytes))
    return reject(s, kInvalidValue);
  std::memcpy(reinterpret_cast<void *>(to), from, bytes);
  s.events.push_back("copy to device");
  return kSuccess;
}
CUresult cuMemcpyDtoH_v2(void *to, CUdeviceptr from, size_t bytes) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!inBlock(s, from, bytes))
    return reject(s, kInvalidValue);
  std::memcpy(to, reinterpret_cast<void *>(from), bytes);
  s.events.push_back("copy to host");
  return kSuccess;
}
CUresult cuMemcpyAsync(CUdeviceptr to, CUdeviceptr from, size_t bytes, void *) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!inBlock(s, to, bytes) || !inBlock(s, from, bytes))
    return reject(s, kInvalidValue);
  std::memmove(reinterpret_cast<void *>(to), reinterpret_cast<void *>(from),
               bytes);
  s.events.push_back("copy on device");
  return kSuccess;
}
CUresult cuMemsetD32Async(CUdeviceptr to, unsigned value, size_t count,
                          void *) {
  return memsetElements<uint32_t>(to, value, count);
}
CUresult cuMemsetD16Async(CUdeviceptr to, unsigned short value, size_t count,
                          void *) {
  return memsetElements<uint16_t>(to, value, count);
}
CUresult cuModuleLoadDataEx(void **module, const void *image, unsigned, int *,
                            void **) {
  auto loaded = std::make_unique<Module>();
  if (!parsePtx(static_cast<const char *>(image), *loaded))
    return kInvalidPtx;
  State &s = state();
  std::lock_guard lock(s.mutex);
  *module = loaded.get();
  s.modules.insert(loaded.release());
  return kSuccess;
}
CUresult cuModuleUnload(void *module) {
  return destroy(&State::modules, module);
}
CUresult cuModuleGetFunction(void **function, void *module, const char *name) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!s.modules.count(static_cast<Module *>(module)))
    return reject(s, kInvalidValue);
  for (const auto &candidate : static_cast<Module *>(module)->functions)
    if (candidate->name == name) {
      *function = candidate.get();
      return kSuccess;
    }
  return kNotFound;
}
CUresult cuFuncGetParamInfo(void *function, size_t index, size_t *offset,
                            size_t *size) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!knownFunction(s, function))
    return reject(s, kInvalidValue);
  const auto &params = static_cast<Function *>(function)->params;
  if (index >= params.size())
    return kInvalidValue;
  *offset = params[index].first;
  *size = params[index].second;
  return kSuccess;
}
CUresult cuLaunchKernel(void *function, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned, void *,
                        void **params, void **extra) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!knownFunction(s, function) || extra || !params ||
      gx * gy * gz * bx * by * bz == 0)
    return reject(s, kInvalidValue);
  auto &kernel = *static_cast<Function *>(function);
  std::string bytes = paramBytes(kernel, params);
  if (!pointersLive(s, kernel, bytes))
    return reject(s, kInvalidValue);
  s.runs.push_back({kernel.name, std::move(bytes), false,
                    LaunchShape{gx, gy, gz, bx, by, bz}});
  s.events.push_back("kernel " + kernel.name);
  return kSuccess;
}

/// The v2 kernel node parameters (cuda.h's CUDA_KERNEL_NODE_PARAMS_v2).
struct KernelNodeParams {
  void *function;
  unsigned grid[3], block[3], sharedBytes;
  void **params;
  void **extra;
  void *kernel;
  void *context;
};

CUresult cuGraphCreate(void **graph, unsigned) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  auto *created = new Graph;
  s.graphs.insert(created);
  *graph = created;
  return kSuccess;
}
CUresult cuGraphAddKernelNode_v2(void **node, void *graph,
                                 void *const *dependencies, size_t count,
                                 const KernelNodeParams *params) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  auto *target = static_cast<Graph *>(graph);
  if (!s.graphs.count(target) || !knownFunction(s, params->function) ||
      params->extra || params->kernel || (count && !dependencies))
    return reject(s, kInvalidValue);
  auto &kernel = *static_cast<Function *>(params->function);
  // A node is its index + 1; it waits for nodes of its graph.
  std::vector<size_t> after;
  for (size_t i = 0; i < count; ++i) {
    auto index = reinterpret_cast<uintptr_t>(dependencies[i]);
    if (index == 0 || index > target->nodes.size())
      return reject(s, kInvalidValue);
    after.push_back(index - 1);
  }
  // The driver copies the parameters now.
  target->nodes.push_back(
      {&kernel, paramBytes(kernel, params->params), std::move(after),
       LaunchShape{params->grid[0], params->grid[1], params->grid[2],
                   params->block[0], params->block[1], params->block[2]}});
  *node = reinterpret_cast<void *>(uintptr_t(target->nodes.size()));
  return kSuccess;
}
CUresult cuGraphInstantiateWithFlags(void **exec, void *graph,
                                     unsigned long long) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (!s.graphs.count(static_cast<Graph *>(graph)))
    return reject(s, kInvalidValue);
  auto *made = new Graph(*static_cast<Graph *>(graph));
  s.execs.insert(made);
  ++s.instantiated;
  *exec = made;
  return kSuccess;
}
CUresult cuGraphLaunch(void *exec, void *) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  auto *graph = static_cast<Graph *>(exec);
  if (!s.execs.count(graph))
    return reject(s, kInvalidValue);
  if (s.failGraphLaunches)
    return kInvalidValue;
  if (s.freeGraphLaunches) {
    ++s.graphLaunches;
    return kSuccess;
  }
  for (const GraphNode &node : graph->nodes)
    if (!knownFunction(s, node.function) ||
        !pointersLive(s, *node.function, node.bytes))
      return reject(s, kInvalidValue);
  for (const GraphNode &node : graph->nodes)
    s.runs.push_back({node.function->name, node.bytes, true, node.shape});
  ++s.graphLaunches;
  // "graph N", then ", i<j+k" for each node that does not wait for just
  // the one before it ("i<-": for none).
  std::string event = "graph " + std::to_string(graph->nodes.size());
  for (size_t i = 0; i < graph->nodes.size(); ++i) {
    const std::vector<size_t> &after = graph->nodes[i].after;
    if (i == 0 ? after.empty() : after == std::vector<size_t>{i - 1})
      continue;
    event += ", " + std::to_string(i) + "<";
    for (size_t j = 0; j < after.size(); ++j)
      event.append(j ? "+" : "").append(std::to_string(after[j]));
    if (after.empty())
      event += "-";
  }
  s.events.push_back(event);
  return kSuccess;
}
CUresult cuGraphExecDestroy(void *exec) { return destroy(&State::execs, exec); }
CUresult cuGraphDestroy(void *graph) { return destroy(&State::graphs, graph); }

// --- cuBLAS ----------------------------------------------------------------

constexpr int kCublasInvalidValue = 7;

constexpr int kCublasAllocFailed = 3;

int cublasCreate_v2(void **handle) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  ++s.cublasCreates;
  if (s.failCublasCreates > 0) {
    --s.failCublasCreates;
    return kCublasAllocFailed;
  }
  *handle = new int(0);
  ++s.cublasHandles;
  return kSuccess;
}

int cublasDestroy_v2(void *handle) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  delete static_cast<int *>(handle);
  --s.cublasHandles;
  return kSuccess;
}

} // extern "C"

namespace {

/// C = alpha op(A) op(B) + beta C, column-major, op(A) m x k, op(B) k x n
/// (beta 0: C is not read). Logged as "cublas NAME TA TB MxNxK".
template <typename T>
int gemm(const char *name, int transa, int transb, int m, int n, int k,
         const T *alpha, const T *a, int lda, const T *b, int ldb,
         const T *beta, T *c, int ldc) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  // The stored matrices: rows, columns, leading dimension.
  int aRows = transa ? k : m, aCols = transa ? m : k;
  int bRows = transb ? n : k, bCols = transb ? k : n;
  auto inMemory = [&](const T *matrix, int rows, int cols, int ld) {
    if (rows == 0 || cols == 0)
      return true;
    size_t elements = size_t(cols - 1) * ld + rows;
    return inBlock(s, reinterpret_cast<CUdeviceptr>(matrix),
                   elements * sizeof(T));
  };
  if (m < 0 || n < 0 || k < 0 || lda < std::max(1, aRows) ||
      ldb < std::max(1, bRows) || ldc < std::max(1, m) ||
      !inMemory(a, aRows, aCols, lda) || !inMemory(b, bRows, bCols, ldb) ||
      !inMemory(c, m, n, ldc))
    return reject(s, kCublasInvalidValue);
  auto opA = [&](int i, int p) {
    return transa ? a[p + i * lda] : a[i + p * lda];
  };
  auto opB = [&](int p, int j) {
    return transb ? b[j + p * ldb] : b[p + j * ldb];
  };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      T sum = 0;
      for (int p = 0; p < k; ++p)
        sum += opA(i, p) * opB(p, j);
      T &out = c[i + j * ldc];
      out = *alpha * sum + (*beta == 0 ? T(0) : *beta * out);
    }
  s.events.push_back(std::string("cublas ") + name + (transa ? " T" : " N") +
                     (transb ? " T " : " N ") + std::to_string(m) + "x" +
                     std::to_string(n) + "x" + std::to_string(k));
  return kSuccess;
}

} // namespace

extern "C" {

int cublasDgemm_v2(void *, int transa, int transb, int m, int n, int k,
                   const double *alpha, const double *a, int lda,
                   const double *b, int ldb, const double *beta, double *c,
                   int ldc) {
  return gemm("dgemm", transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c,
              ldc);
}

int cublasSgemm_v2(void *, int transa, int transb, int m, int n, int k,
                   const float *alpha, const float *a, int lda, const float *b,
                   int ldb, const float *beta, float *c, int ldc) {
  return gemm("sgemm", transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c,
              ldc);
}

// --- For the tests ----------------------------------------------------------

/// Counters: "kernels" run (directly or in graphs), "graphLaunches",
/// "instantiated" graphs, "liveBlocks", "liveExecs", "rejected" calls,
/// "cublasCreates" (asked for) and "cublasHandles" (live).
size_t fakeCudaCount(const char *what) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  std::string name = what;
  if (name == "kernels")
    return s.runs.size();
  if (name == "graphLaunches")
    return s.graphLaunches;
  if (name == "instantiated")
    return s.instantiated;
  if (name == "liveBlocks")
    return s.blocks.size();
  if (name == "liveExecs")
    return s.execs.size();
  if (name == "liveModules")
    return s.modules.size();
  if (name == "rejected")
    return s.rejected;
  if (name == "cublasCreates")
    return s.cublasCreates;
  if (name == "cublasHandles")
    return s.cublasHandles;
  std::abort();
}

/// The events since the last call, joined by "; " ("kernel k", "graph 2",
/// "graph 3, 2<0" (see cuGraphLaunch),
/// "copy to device", "copy to host", "copy on device", "memset",
/// "cublas dgemm N T 3x4x5"), cleared.
const char *fakeCudaTakeEvents() {
  static thread_local std::string joined;
  State &s = state();
  std::lock_guard lock(s.mutex);
  joined.clear();
  for (const std::string &event : s.events)
    joined += (joined.empty() ? "" : "; ") + event;
  s.events.clear();
  return joined.c_str();
}

/// The parameter bytes of the `index`th kernel run (in run order), copied
/// into `bytes` (up to `capacity`); its size, or -1 if there is none.
long fakeCudaRunParams(size_t index, void *bytes, size_t capacity) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (index >= s.runs.size())
    return -1;
  const std::string &run = s.runs[index].bytes;
  std::memcpy(bytes, run.data(), std::min(capacity, run.size()));
  return static_cast<long>(run.size());
}

/// The grid and block sizes (x, y, z each) of the `index`th kernel run, in
/// `shape`; false if there is none.
bool fakeCudaRunShape(size_t index, unsigned *shape) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  if (index >= s.runs.size())
    return false;
  std::copy(s.runs[index].shape.begin(), s.runs[index].shape.end(), shape);
  return true;
}

/// Whether cuGraphLaunch fails from now on.
void fakeCudaFailGraphLaunches(bool fail) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.failGraphLaunches = fail;
}

/// The next `count` cublasCreate_v2 calls fail (as with no memory left).
void fakeCublasFailCreates(size_t count) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.failCublasCreates = count;
}

/// Device memory from now on: at most `bytes` in use (SIZE_MAX: no limit).
void fakeCudaSetMemoryLimit(size_t bytes) {
  State &s = state();
  std::lock_guard lock(s.mutex);
  s.limit = bytes;
}

} // extern "C"
