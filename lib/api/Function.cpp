//===- Function.cpp - function(): binding, the compile cache, calls -------===//
//
// function() only checks and records the graph. A call binds its arguments
// to inputs, infers every shape on the host (rejecting bad shapes before any
// kernel runs), looks the signature up in the cache (compiling on a miss),
// allocates the outputs and runs the compiled code on memref descriptors.
//
//===----------------------------------------------------------------------===//

#include "tensorjit/function.h"

#include "jit/CompileCache.h"
#include "jit/CudaRuntime.h"
#include "jit/Engine.h"
#include "lib/api/Graph.h"
#include "lib/emit/Emit.h"
#include "lib/runtime/Allocator.h"
#include "lib/runtime/Blas.h"
#include "lib/runtime/CpuThreads.h"
#include "lib/runtime/DTypes.h"
#include "lib/runtime/RandomStorage.h"
#include "lib/runtime/ShapeInference.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_os_ostream.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace tensorjit {

namespace {
void expectOneOutput(size_t size) {
  if (size != 1)
    throw Error("Outputs: converting to one Array needs exactly one output, "
                "this call returned " +
                std::to_string(size));
}
} // namespace

Outputs::operator Array() const & {
  expectOneOutput(size());
  return *begin();
}

Outputs::operator Array() && {
  expectOneOutput(size());
  return one_ ? std::move(*one_) : std::move(arrays_[0]);
}

namespace detail {

namespace {

std::atomic<uint64_t> functionCounter{0};
using detail::SharedState;

/// The memref descriptor (allocated, aligned, offset, sizes, strides) of a
/// dense row-major buffer of `shape` at words[start...], without its data
/// pointers (written by each call).
void writeDescriptorSizes(std::vector<int64_t> &words, size_t start,
                          const Shape &shape) {
  auto rank = static_cast<int64_t>(shape.size());
  int64_t *sizes = words.data() + start + 3; // (past the end at rank 0)
  words[start + 2] = 0;
  int64_t stride = 1;
  for (int64_t d = rank - 1; d >= 0; --d) {
    sizes[d] = shape[d];
    sizes[rank + d] = stride;
    stride *= shape[d];
  }
}

/// Holds the mutexes of a call's shared variables, locked in the order
/// given (by address), and unlocks them in reverse.
class SharedLocks {
public:
  explicit SharedLocks(std::span<SharedState *const> states) : states_(states) {
    size_t locked = 0;
    try {
      for (; locked < states.size(); ++locked)
        states[locked]->mutex.lock();
    } catch (...) {
      unlock(locked);
      throw;
    }
  }
  ~SharedLocks() { unlock(states_.size()); }
  SharedLocks(const SharedLocks &) = delete;
  SharedLocks &operator=(const SharedLocks &) = delete;

private:
  void unlock(size_t count) {
    while (count > 0)
      states_[--count]->mutex.unlock();
  }
  std::span<SharedState *const> states_;
};

/// The host functions compiled code may call: MT19937 draws, the BLAS,
/// malloc/free, the thread count of large loops, and the CUDA runtime's
/// mgpu* entry points.
const mlir::tj::Executable::RuntimeSymbols &runtimeSymbols() {
  static const auto symbols = [] {
    mlir::tj::Executable::RuntimeSymbols all = random_runtime_symbols();
    for (auto &symbol : blas_runtime_symbols())
      all.push_back(symbol);
    for (auto &symbol : allocator_runtime_symbols())
      all.push_back(symbol);
    for (auto &symbol : cpu_threads_runtime_symbols())
      all.push_back(symbol);
    for (auto &symbol : mlir::tj::cuda::gpuRuntimeSymbols())
      all.push_back(symbol);
    return all;
  }();
  return symbols;
}

std::string inputLabel(const Node &node, size_t position) {
  return node.name.empty()
             ? absl::StrCat("input #", position)
             : absl::StrCat("input '", node.name, "' (#", position, ")");
}

} // namespace

/// A compiled signature; entries are never removed, so pointers to them
/// stay valid for the Function's life.
struct CacheEntry {
  Signature signature;
  std::unique_ptr<mlir::tj::Executable> executable;
};

struct CallScratch;

class FunctionImpl {
public:
  FunctionImpl(std::vector<Input> inputs, std::vector<Output> outputs,
               FunctionOptions options);

  Outputs call(std::span<const Argument> arguments);
  Stats stats() const {
    return {calls_.load(), compiles_.load(), cacheHits_.load(),
            persistentHits_.load()};
  }
  std::string ir(Stage stage) const;
  std::vector<std::string> rewrites() const { return stageIR().rewrites; }
  const std::string &name() const { return graph_.name; }

private:
  /// What the latest call's signature compiled to; throws before any call.
  const mlir::tj::StageIR &stageIR() const;
  /// Points `bound[i]` at the value of input i (an argument, a default, or
  /// a weak scalar converted into `converted`).
  void bind(std::span<const Argument> arguments,
            std::vector<const Array *> &bound, std::vector<uint8_t> &given,
            std::vector<Array> &converted);
  /// What a call with new input dtypes or shapes works out once: the
  /// signature, every shape, the compiled entry (found or compiled) and
  /// the sizes and strides of the descriptors.
  void prepare(CallScratch &s);
  /// Finds or compiles the entry for `signature` and makes it the last one.
  const CacheEntry &lookup(const Signature &signature);
  /// The device of every shared variable, or `requested`; mixing is an
  /// error.
  Device chooseDevice(const std::optional<Device> &requested) const;
  /// The last part of a call on a CUDA device: inputs copied in, outputs
  /// allocated there, kernels launched, outputs copied back, updates
  /// committed (the value and spare buffers stay on the device).
  Outputs callOnDevice(const CacheEntry &entry, CallScratch &s);
  /// Adds `value` as the new value of the shared variable `shared`.
  void addUpdate(const Node &shared, Var value) {
    graph_.outputs.push_back(std::move(value));
    updateTargets_.push_back(shared.shared.get());
    owned_.push_back(shared.shared);
  }
  [[noreturn]] void fail(const std::string &message) const {
    throw Error(absl::StrCat("function '", graph_.name, "': ", message));
  }

  FunctionGraph graph_;
  /// The inputs the caller passes; the shared variables read follow them
  /// in graph_.inputs.
  size_t explicitInputs_ = 0;
  /// The outputs the caller gets; update values follow them in
  /// graph_.outputs, one per entry of updateTargets_.
  size_t userOutputs_ = 0;
  std::vector<detail::SharedState *> sharedInputs_;
  std::vector<detail::SharedState *> updateTargets_;
  /// Every shared variable read or updated, by address: the lock order.
  std::vector<detail::SharedState *> locks_;
  /// Keeps the shared states alive as long as the function.
  std::vector<std::shared_ptr<detail::SharedState>> owned_;
  std::vector<std::optional<Array>> defaults_;
  /// The dtype of each output (user outputs, then updates).
  std::vector<DType> outputDTypes_;
  /// Keyword name of each input ("" if it has none).
  std::vector<std::string> keywords_;
  std::unique_ptr<ShapePlan> plan_;
  /// Where the function runs (fixed: shared variables do not move).
  Device device_ = Device::cpu();
  /// Process-unique and never 0 (unlike an address, never reused).
  const uint64_t id_ = ++functionCounter;

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<Signature, std::unique_ptr<CacheEntry>>
      cache_ ABSL_GUARDED_BY(mutex_);
  /// The entry of the latest call: the hot path compares against it first.
  std::atomic<const CacheEntry *> last_{nullptr};

  std::atomic<uint64_t> calls_{0}, compiles_{0}, cacheHits_{0},
      persistentHits_{0};
  std::atomic<uint64_t> dumpCounter_{0};
};

FunctionImpl::FunctionImpl(std::vector<Input> inputs,
                           std::vector<Output> outputs,
                           FunctionOptions options) {
  graph_.name = options.name.empty() ? absl::StrCat("f", id_) : options.name;
  absl::flat_hash_set<const Node *> inputSet;
  absl::flat_hash_set<std::string> keywordSet;
  for (auto [i, input] : llvm::enumerate(inputs)) {
    const Node &node = node_of(input.var, "function");
    if (node.op == OpKind::Shared)
      fail(absl::StrCat(inputLabel(node, i),
                        " is a shared variable: functions read shared "
                        "variables without them being passed"));
    if (node.op != OpKind::Input)
      fail(absl::StrCat(inputLabel(node, i),
                        " is not an input variable (it is the result of ",
                        op_name(node.op),
                        "); only variables made by T::matrix(), "
                        "T::scalar(), ... can be inputs"));
    if (!inputSet.insert(&node).second)
      fail(absl::StrCat(inputLabel(node, i), " is given twice"));
    std::string keyword = input.name.empty() ? node.name : input.name;
    if (!keyword.empty() && !keywordSet.insert(keyword).second)
      fail(absl::StrCat("two inputs have the keyword name '", keyword, "'"));
    if (input.default_value) {
      const Array &value = *input.default_value;
      if (value.ndim() != input.var.ndim() ||
          !can_cast(value.dtype(), node.dtype))
        fail(absl::StrCat("the default value of ", inputLabel(node, i),
                          " is a ", std::string(dtype_name(value.dtype())),
                          " array of rank ", value.ndim(),
                          ", which does not fit a ",
                          std::string(dtype_name(node.dtype)),
                          " input of rank ", input.var.ndim()));
    }
    graph_.inputs.push_back(&node);
    defaults_.push_back(input.default_value);
    keywords_.push_back(keyword);
  }
  explicitInputs_ = graph_.inputs.size();

  // Givens: replace variables by expressions of the same type.
  std::vector<std::pair<const Node *, Var>> replacements;
  for (const auto &[var, replacement] : options.givens) {
    const Node &from = node_of(var, "function");
    const Node &to = node_of(replacement, "function");
    bool fits = from.dtype == to.dtype &&
                from.broadcastable.size() == to.broadcastable.size();
    for (size_t d = 0; fits && d < from.broadcastable.size(); ++d)
      fits = !from.broadcastable[d] || to.broadcastable[d];
    if (!fits)
      fail(absl::StrCat("givens: ", describe(var), " cannot be replaced by ",
                        describe(replacement),
                        " (the dtype, rank and broadcastable dimensions "
                        "must match)"));
    for (const auto &[seen, _] : replacements)
      if (seen == &from)
        fail(absl::StrCat("givens: ", describe(var), " is replaced twice"));
    replacements.push_back({&from, replacement});
  }
  auto applyGivens = [&](const Var &var) {
    return replacements.empty() ? var : substitute(var, replacements);
  };

  for (Output &output : outputs) {
    node_of(output.var, "function");
    graph_.outputs.push_back(applyGivens(output.var));
  }
  userOutputs_ = graph_.outputs.size();

  // Updates: one per shared variable, of its type (lossless conversions are
  // made in the graph).
  for (const auto &[target, value] : options.updates) {
    const Node &shared = node_of(target, "function");
    const Node &update = node_of(value, "function");
    if (std::find(updateTargets_.begin(), updateTargets_.end(),
                  shared.shared.get()) != updateTargets_.end())
      fail(absl::StrCat("updates: ", describe(target), " has two updates"));
    if (shared.rng != update.rng)
      fail(absl::StrCat("updates: the update of ", describe(target), " is ",
                        describe(value),
                        "; a random state is updated by a state of the same "
                        "generator (see state_updates()), and only such a "
                        "state updates it"));
    if (update.broadcastable.size() != shared.broadcastable.size() ||
        !can_cast(update.dtype, shared.dtype))
      fail(absl::StrCat(
          "updates: the update of ", describe(target), " is ", describe(value),
          "; it must have the shared variable's rank and a "
          "dtype that converts to ",
          std::string(dtype_name(shared.dtype)), " without loss"));
    addUpdate(shared,
              applyGivens(shared.rng ? value : cast(value, shared.dtype)));
  }
  graph_.order = topological_order(graph_.outputs);

  // Default updates: each random state drawn from and not updated above
  // moves past its draw (Theano's default_update).
  if (!options.no_default_updates) {
    std::vector<Var> draws;
    absl::flat_hash_set<const Node *> seen;
    auto consider = [&](const Var &var) {
      if (is_random_draw(var.node()->op) &&
          seen.insert(var.node().get()).second)
        draws.push_back(var);
    };
    for (const Var &output : graph_.outputs)
      consider(output);
    for (const Node *node : graph_.order)
      for (const Var &input : node->inputs)
        consider(input);
    std::sort(draws.begin(), draws.end(), [](const Var &a, const Var &b) {
      return a.node()->id < b.node()->id;
    });
    for (const Var &draw : draws) {
      const Node &state = *draw.node()->inputs[0].node();
      if (std::find(updateTargets_.begin(), updateTargets_.end(),
                    state.shared.get()) == updateTargets_.end())
        addUpdate(state, random_next(draw));
    }
    graph_.order = topological_order(graph_.outputs);
  }

  // The shared variables read are inputs the runtime passes itself.
  for (const Node *node : graph_.order)
    if (node->op == OpKind::Shared) {
      graph_.inputs.push_back(node);
      defaults_.push_back(std::nullopt);
      keywords_.push_back("");
      sharedInputs_.push_back(node->shared.get());
      owned_.push_back(node->shared);
    }
  locks_ = sharedInputs_;
  locks_.insert(locks_.end(), updateTargets_.begin(), updateTargets_.end());
  std::sort(locks_.begin(), locks_.end());
  locks_.erase(std::unique(locks_.begin(), locks_.end()), locks_.end());

  // Theano's MissingInputError and on_unused_input.
  absl::flat_hash_set<const Node *> used;
  for (const Node *node : graph_.order) {
    if (node->op == OpKind::Input && !inputSet.contains(node))
      fail(absl::StrCat("an output depends on the variable ",
                        node->name.empty() ? "(unnamed)"
                                           : "'" + node->name + "'",
                        " which is not among the inputs (missing input)"));
    used.insert(node);
  }
  for (size_t i = 0; i < explicitInputs_; ++i) {
    const Node *node = graph_.inputs[i];
    if (used.contains(node))
      continue;
    std::string message = absl::StrCat(
        inputLabel(*node, i),
        " is not used by any output (pass on_unused_input = Ignore or Warn "
        "to allow this)");
    if (options.on_unused_input == OnUnusedInput::Raise)
      fail(message);
    if (options.on_unused_input == OnUnusedInput::Warn)
      std::cerr << "tensorjit warning: function '" << graph_.name
                << "': " << message << "\n";
    // Unused inputs are still arguments of the compiled code: add them.
    graph_.order.insert(graph_.order.begin(), node);
  }
  plan_ = std::make_unique<ShapePlan>(graph_);
  for (const Var &output : graph_.outputs)
    outputDTypes_.push_back(output.dtype());
  device_ = chooseDevice(options.device);
}

Device
FunctionImpl::chooseDevice(const std::optional<Device> &requested) const {
  // Every shared variable read (by name) and updated.
  std::vector<std::pair<const SharedState *, std::string>> shared;
  for (const Node *node : graph_.order)
    if (node->op == OpKind::Shared)
      shared.push_back(
          {node->shared.get(), node->name.empty() ? "(unnamed)" : node->name});
  for (const SharedState *state : updateTargets_)
    shared.push_back({state, "(updated)"});
  std::optional<Device> chosen = requested;
  std::string chosenBy = "FunctionOptions::device";
  for (const auto &[state, name] : shared) {
    if (!chosen) {
      chosen = state->device;
      chosenBy = "where " + name + " lives";
    } else if (state->device != *chosen) {
      fail(absl::StrCat(
          "the shared variable ", name, " lives on ", state->device.str(),
          " but the function runs on ", chosen->str(), " (", chosenBy,
          "); a function's shared variables must all live on its device "
          "(random streams keep their states on the CPU)"));
    }
  }
  return chosen.value_or(Device::cpu());
}

void FunctionImpl::bind(std::span<const Argument> arguments,
                        std::vector<const Array *> &bound,
                        std::vector<uint8_t> &given,
                        std::vector<Array> &converted) {
  size_t count = explicitInputs_;
  // Per input: 0 not given, 1 given, 2 given as a weak (C++ scalar) value.
  // Every entry of `bound` is set below or, for shared variables, by the
  // call.
  given.resize(count);
  for (uint8_t &flag : given)
    flag = 0;
  bound.resize(graph_.inputs.size());
  converted.clear();
  if (converted.capacity() < count)
    converted.reserve(count); // pointers into it must stay valid
  size_t positional = 0;
  for (const Argument &argument : arguments) {
    size_t slot;
    if (!argument.keyword) {
      if (positional >= count)
        fail(absl::StrCat("takes ", count, " argument(s), got more ",
                          "positional arguments than that"));
      slot = positional++;
    } else {
      auto it =
          std::find(keywords_.begin(), keywords_.end(), *argument.keyword);
      if (it == keywords_.end() || argument.keyword->empty()) {
        std::vector<std::string> names;
        for (const std::string &k : keywords_)
          if (!k.empty())
            names.push_back("'" + k + "'");
        fail(absl::StrCat("unknown keyword argument '", *argument.keyword,
                          "' (keywords: ", absl::StrJoin(names, ", "), ")"));
      }
      slot = it - keywords_.begin();
      if (given[slot])
        fail(absl::StrCat("keyword argument '", *argument.keyword, "' repeats ",
                          inputLabel(*graph_.inputs[slot], slot),
                          ", which was already given"));
    }
    given[slot] = argument.weak ? 2 : 1;
    bound[slot] = &argument.array();
  }
  for (size_t i = 0; i < count; ++i) {
    const Node &node = *graph_.inputs[i];
    if (!given[i]) {
      if (!defaults_[i])
        fail(absl::StrCat("missing argument for ", inputLabel(node, i), " (",
                          arguments.size(), " given, ", count, " expected)"));
      bound[i] = &*defaults_[i];
    }
    const Array &value = *bound[i];
    if (value.ndim() != static_cast<int64_t>(node.broadcastable.size()))
      fail(absl::StrCat(inputLabel(node, i), " expects rank ",
                        node.broadcastable.size(), ", got an array of shape ",
                        shape_string(value.shape()), " (rank ", value.ndim(),
                        ")"));
    bool castable =
        value.dtype() == node.dtype || can_cast(value.dtype(), node.dtype);
    if (!castable && given[i] == 2) {
      // A C++ scalar converts when its value fits exactly (a float may
      // round into float32, as Theano lets Python floats into floatX).
      Array cast = value.astype(node.dtype);
      bool exact =
          is_float(node.dtype) || cast.item<double>() == value.item<double>();
      if (exact) {
        converted.push_back(std::move(cast));
        bound[i] = &converted.back();
        continue;
      }
    }
    if (!castable)
      fail(absl::StrCat(
          inputLabel(node, i), " is ", std::string(dtype_name(node.dtype)),
          "; an argument of dtype ", std::string(dtype_name(value.dtype())),
          " would lose precision (cast it first)"));
    for (size_t d = 0; d < node.broadcastable.size(); ++d)
      if (node.broadcastable[d] && value.shape()[d] != 1)
        fail(absl::StrCat(inputLabel(node, i), " has size 1 in dimension ", d,
                          " (it is broadcastable), got shape ",
                          shape_string(value.shape())));
  }
}

const CacheEntry &FunctionImpl::lookup(const Signature &signature) {
  {
    absl::MutexLock lock(&mutex_);
    if (auto it = cache_.find(signature); it != cache_.end()) {
      cacheHits_.fetch_add(1, std::memory_order_relaxed);
      last_.store(it->second.get(), std::memory_order_release);
      return *it->second;
    }
  }
  // Compile outside the function's lock (calls with other signatures go
  // on); compiles themselves are serialized, and a second thread with the
  // same signature waits for the first and finds it cached.
  std::lock_guard<std::mutex> compileLock(mlir::tj::compileMutex());
  {
    absl::MutexLock lock(&mutex_);
    if (auto it = cache_.find(signature); it != cache_.end()) {
      cacheHits_.fetch_add(1, std::memory_order_relaxed);
      last_.store(it->second.get(), std::memory_order_release);
      return *it->second;
    }
  }
  mlir::MLIRContext &context = mlir::tj::compileContext();
  mlir::OwningOpRef<mlir::ModuleOp> module = emit(context, graph_, signature);

  // TENSORJIT_DUMP_IR=dir: the tj module is written before compiling (so a
  // failing compile can be reproduced with tensorjit-opt), the other stages
  // after.
  const char *dumpDir = std::getenv("TENSORJIT_DUMP_IR");
  std::string dumpBase;
  if (dumpDir) {
    std::filesystem::create_directories(dumpDir);
    dumpBase = absl::StrCat(dumpDir, "/", symbol_name(graph_), ".",
                            dumpCounter_.fetch_add(1) + 1);
    std::ofstream file(dumpBase + ".tj.mlir");
    llvm::raw_os_ostream os(file);
    module->print(os);
  }
  mlir::tj::Target target;
  target.cuda = device_.is_cuda();
  target.ordinal = device_.ordinal();
  if (const char *libdevice = std::getenv("TENSORJIT_LIBDEVICE"))
    target.gpu.libdevice = libdevice;
  // Whether cuBLAS is there is asked at run time, by a large product.
  if (target.cuda)
    target.gpu.cublasMinSize = mlir::tj::kCublasMinSize;
  if (const char *blocks = std::getenv("TENSORJIT_GPU_BLOCK_REDUCTIONS"))
    target.gpu.blockReductions = std::string_view(blocks) != "0";
  // Tuning knobs of the GPU's kernels (docs/api.md), for functions
  // compiled from then on.
  auto setFromEnvironment = [&](const char *name, int64_t &option, int64_t low,
                                int64_t high, bool powerOfTwo) {
    const char *text = std::getenv(name);
    if (!text)
      return;
    int64_t value = 0;
    if (!absl::SimpleAtoi(text, &value) || value < low || value > high ||
        (powerOfTwo && !llvm::isPowerOf2_64(value)))
      fail(absl::StrCat(name, "='", text, "' is not ",
                        powerOfTwo ? "a power of two" : "a number", " from ",
                        low, " to ", high));
    option = value;
  };
  setFromEnvironment("TENSORJIT_GPU_ELEMENTS_PER_THREAD",
                     target.gpu.elementsPerThread, 1, 16, false);
  setFromEnvironment("TENSORJIT_GPU_BLOCK_SIZE", target.gpu.blockSize, 32, 1024,
                     true);
  setFromEnvironment("TENSORJIT_GPU_COLUMN_OUTPUTS", target.gpu.columnOutputs,
                     1, 32, false);
  // A test mode: CPU functions get the GPU pipeline's loops.
  target.gpuLoopsOnCpu = std::getenv("TENSORJIT_GPU_LOOPS_ON_CPU") != nullptr;
  target.keepOptimizedIR = dumpDir != nullptr;
  if (const char *cacheDir = std::getenv("TENSORJIT_CACHE_DIR"))
    target.cacheDir = cacheDir;
  if (const char *maxSize = std::getenv("TENSORJIT_CACHE_MAX_SIZE")) {
    std::optional<uint64_t> bytes = mlir::tj::parseByteSize(maxSize);
    if (!bytes)
      fail(absl::StrCat("TENSORJIT_CACHE_MAX_SIZE='", maxSize,
                        "' is not a size: give bytes, or a number with K, "
                        "M, G or T (0: no limit)"));
    target.cacheMaxBytes = *bytes;
  }
  auto executable = mlir::tj::Executable::compile(
      std::move(module), symbol_name(graph_), runtimeSymbols(), target);
  if (!executable.ok())
    fail(std::string(executable.status().message()));
  compiles_.fetch_add(1, std::memory_order_relaxed);
  if ((*executable)->fromCache())
    persistentHits_.fetch_add(1, std::memory_order_relaxed);
  if (dumpDir) {
    const mlir::tj::StageIR &ir = (*executable)->ir();
    std::ofstream(dumpBase + ".fused.mlir") << ir.fused;
    std::ofstream(dumpBase + ".linalg.mlir") << ir.linalg;
    std::ofstream(dumpBase + ".llvm.mlir") << ir.llvm;
    std::ofstream(dumpBase + ".opt.ll") << ir.optimized;
    if (!ir.ptx.empty())
      std::ofstream(dumpBase + ".ptx") << ir.ptx;
  }

  absl::MutexLock lock(&mutex_);
  auto &slot = cache_[signature];
  slot = std::make_unique<CacheEntry>(
      CacheEntry{signature, std::move(*executable)});
  last_.store(slot.get(), std::memory_order_release);
  return *slot;
}

/// Per-thread buffers a call reuses, so that a steady-state call allocates
/// only its outputs, and what the latest call on the thread worked out.
struct CallScratch {
  std::vector<const Array *> bound;
  std::vector<uint8_t> given;
  std::vector<Array> converted;
  /// Every input's shape and dtype: the arguments, then the shared
  /// variables read.
  std::vector<const Shape *> inputShapes;
  std::vector<DType> inputDTypes;
  Signature signature;
  /// Every node's shape (ShapePlan positions).
  std::vector<Shape> shapes;
  /// One memref descriptor per input, then per output, in `words` from
  /// `starts[i]`; `args` is what compiled code takes (a pointer to a
  /// pointer to each descriptor).
  std::vector<int64_t> words;
  std::vector<size_t> starts;
  std::vector<void *> descriptors, args;
  /// GPU calls: the inputs copied to the device, and the outputs.
  std::vector<DeviceArray> deviceInputs, deviceOutputs;

  /// The function (FunctionImpl::id_) and input dtypes and shapes that
  /// `shapes`, `signature`, `entry` and the descriptors' sizes and strides
  /// were prepared for (FunctionImpl::prepare): they depend on nothing
  /// else, so a call like the previous one on this thread reuses them.
  uint64_t preparedFor = 0;
  std::vector<Shape> shapesFor;
  std::vector<DType> dtypesFor;
  const CacheEntry *entry = nullptr;

  bool prepared(uint64_t function) const {
    if (preparedFor != function || dtypesFor != inputDTypes)
      return false;
    for (size_t i = 0; i < inputShapes.size(); ++i)
      if (shapesFor[i] != *inputShapes[i])
        return false;
    return true;
  }
  /// Points descriptor `i` at `data`.
  void setData(size_t i, const void *data) {
    auto pointer = reinterpret_cast<int64_t>(data);
    words[starts[i]] = pointer;
    words[starts[i] + 1] = pointer;
  }
};

void FunctionImpl::prepare(CallScratch &s) {
  s.preparedFor = 0; // until it succeeds
  size_t count = s.inputShapes.size();
  s.signature.inputs.resize(count);
  s.signature.device = device_.is_cuda() ? device_.ordinal() : -1;
  for (size_t i = 0; i < count; ++i) {
    const Shape &shape = *s.inputShapes[i];
    Signature::Input &input = s.signature.inputs[i];
    input.dtype = s.inputDTypes[i];
    input.ones.resize(shape.size());
    for (size_t d = 0; d < shape.size(); ++d)
      input.ones[d] = shape[d] == 1;
  }
  s.signature.inferredOnes.clear();
  infer_shapes(*plan_, graph_, s.inputShapes, s.shapes,
               s.signature.inferredOnes);

  // The signature of the previous call is checked first, without a lock.
  const CacheEntry *entry = last_.load(std::memory_order_acquire);
  if (entry && entry->signature == s.signature)
    cacheHits_.fetch_add(1, std::memory_order_relaxed);
  else
    entry = &lookup(s.signature);

  // Descriptors: three words, then the sizes and strides.
  s.starts.clear();
  size_t words = 0;
  auto add = [&](const Shape &shape) {
    s.starts.push_back(words);
    words += 3 + 2 * shape.size();
  };
  for (const Shape *shape : s.inputShapes)
    add(*shape);
  for (size_t position : plan_->outputs)
    add(s.shapes[position]);
  s.words.resize(words);
  for (size_t i = 0; i < count; ++i)
    writeDescriptorSizes(s.words, s.starts[i], *s.inputShapes[i]);
  for (auto [k, position] : llvm::enumerate(plan_->outputs))
    writeDescriptorSizes(s.words, s.starts[count + k], s.shapes[position]);
  s.descriptors.resize(s.starts.size());
  s.args.resize(s.starts.size());
  for (size_t i = 0; i < s.starts.size(); ++i) {
    s.descriptors[i] = &s.words[s.starts[i]];
    s.args[i] = &s.descriptors[i];
  }

  s.shapesFor.resize(count);
  for (size_t i = 0; i < count; ++i)
    s.shapesFor[i] = *s.inputShapes[i];
  s.dtypesFor = s.inputDTypes;
  s.entry = entry;
  s.preparedFor = id_;
}

Outputs FunctionImpl::call(std::span<const Argument> arguments) {
  calls_.fetch_add(1, std::memory_order_relaxed);
  // initial-exec: libtensorjit is linked, not dlopen'ed, so its
  // thread-locals have static TLS and need no __tls_get_addr call.
  [[gnu::tls_model("initial-exec")]] thread_local CallScratch scratch;
  CallScratch &s = scratch;
  bind(arguments, s.bound, s.given, s.converted);

  // Shared variables are locked in address order for the whole call: no
  // update is lost or torn, and none lands while a kernel reads.
  SharedLocks locks(locks_);

  size_t count = s.bound.size();
  s.inputShapes.resize(count);
  s.inputDTypes.resize(count);
  for (size_t i = 0; i < count; ++i) {
    if (i < explicitInputs_) {
      s.inputShapes[i] = &s.bound[i]->shape();
      s.inputDTypes[i] = s.bound[i]->dtype();
      continue;
    }
    const SharedState &state = *sharedInputs_[i - explicitInputs_];
    bool onDevice = state.device.is_cuda();
    s.inputShapes[i] =
        onDevice ? &state.device_value.shape() : &state.value.shape();
    s.inputDTypes[i] =
        onDevice ? state.device_value.dtype() : state.value.dtype();
    s.bound[i] = &state.value;
  }
  // Compiled GPU code loads its kernels onto (when prepare compiles it),
  // and launches on, the device current on this thread.
  if (device_.is_cuda())
    use_device(device_,
               [&] { return absl::StrCat("function '", graph_.name, "'"); });
  if (s.prepared(id_)) {
    cacheHits_.fetch_add(1, std::memory_order_relaxed);
    if (last_.load(std::memory_order_relaxed) != s.entry)
      last_.store(s.entry, std::memory_order_release);
  } else {
    prepare(s);
  }
  const CacheEntry &entry = *s.entry;
  if (device_.is_cuda())
    return callOnDevice(entry, s);

  // User outputs are fresh arrays; updates go into each variable's spare
  // buffer, reused from call to call when the shape stays.
  for (size_t i = 0; i < count; ++i)
    s.setData(i, s.bound[i]->raw_data());
  auto isInput = [&](const void *data) {
    for (size_t i = 0; i < explicitInputs_; ++i)
      if (s.bound[i]->raw_data() == data)
        return true;
    return false;
  };
  // One output is kept apart: Outputs holds it without a vector.
  std::optional<Array> single;
  std::vector<Array> outputs;
  if (userOutputs_ > 1)
    outputs.reserve(userOutputs_);
  for (auto [k, position] : llvm::enumerate(plan_->outputs)) {
    const Shape &shape = s.shapes[position];
    if (k < userOutputs_) {
      Array output = Array::empty(outputDTypes_[k], shape);
      s.setData(count + k, output.raw_data());
      if (userOutputs_ == 1)
        single.emplace(std::move(output));
      else
        outputs.push_back(std::move(output));
      continue;
    }
    // A spare the caller passes as an input (a value borrowed before the
    // last commit) is not written: compiled code may write an update
    // before it reads the inputs.
    std::optional<Array> &spare = updateTargets_[k - userOutputs_]->spare;
    if (!spare || spare->shape() != shape || isInput(spare->raw_data()))
      spare = Array::empty(outputDTypes_[k], shape);
    s.setData(count + k, spare->raw_data());
  }
  entry.executable->invoke(s.args.data());

  // Commit every update together: the new value becomes current, the old
  // one the next spare.
  for (SharedState *state : updateTargets_)
    std::swap(state->value, *state->spare);
  return single ? Outputs(std::move(*single)) : Outputs(std::move(outputs));
}

Outputs FunctionImpl::callOnDevice(const CacheEntry &entry, CallScratch &s) {
  int ordinal = device_.ordinal();
  s.deviceInputs.clear();
  for (size_t i = 0; i < explicitInputs_; ++i)
    s.deviceInputs.push_back(DeviceArray::from_host(ordinal, *s.bound[i]));
  s.deviceOutputs.clear();
  for (auto [k, position] : llvm::enumerate(plan_->outputs)) {
    const Shape &shape = s.shapes[position];
    if (k < userOutputs_) {
      s.deviceOutputs.push_back(
          DeviceArray::empty(ordinal, outputDTypes_[k], shape));
      continue;
    }
    std::optional<DeviceArray> &spare =
        updateTargets_[k - userOutputs_]->device_spare;
    if (!spare || spare->shape() != shape)
      spare = DeviceArray::empty(ordinal, outputDTypes_[k], shape);
  }

  // Descriptors in the order of the CPU's: inputs, shared variables,
  // outputs, updates.
  size_t next = 0;
  for (const DeviceArray &value : s.deviceInputs)
    s.setData(next++, value.data());
  for (const SharedState *state : sharedInputs_)
    s.setData(next++, state->device_value.data());
  for (const DeviceArray &value : s.deviceOutputs)
    s.setData(next++, value.data());
  for (const SharedState *state : updateTargets_)
    s.setData(next++, state->device_spare->data());
  {
    // The call's kernels go out together, as a CUDA graph when an earlier
    // call launched the same ones.
    mlir::tj::cuda::LaunchBatch batch;
    entry.executable->invoke(s.args.data());
  }
  if (absl::Status launched = mlir::tj::cuda::takeLaunchError(); !launched.ok())
    fail(absl::StrCat("running on ", device_.str(), ": ", launched.message()));

  // Outputs come back first (waiting for the kernels, and reporting their
  // errors) so that a failing call commits no update. A call with only
  // updates does not wait: the next one queues behind it.
  std::vector<Array> outputs;
  outputs.reserve(userOutputs_);
  for (size_t i = 0; i < userOutputs_; ++i)
    outputs.push_back(s.deviceOutputs[i].to_host());
  for (SharedState *state : updateTargets_)
    std::swap(state->device_value, *state->device_spare);
  // The inputs' buffers go back to the cache; later work on the device's
  // one stream is ordered after the kernels that read them.
  s.deviceInputs.clear();
  s.deviceOutputs.clear();
  return Outputs(std::move(outputs));
}

const mlir::tj::StageIR &FunctionImpl::stageIR() const {
  const CacheEntry *entry = last_.load(std::memory_order_acquire);
  if (!entry)
    fail("has not been compiled yet: call it once before asking for its IR");
  return entry->executable->ir();
}

std::string FunctionImpl::ir(Stage stage) const {
  const mlir::tj::StageIR &ir = stageIR();
  switch (stage) {
  case Stage::Tj:
    return ir.tj;
  case Stage::Fused:
    return ir.fused;
  case Stage::Linalg:
    return ir.linalg;
  case Stage::LLVM:
    return ir.llvm;
  case Stage::PTX:
    break;
  }
  return ir.ptx;
}

} // namespace detail

Outputs Function::call(std::span<const detail::Argument> arguments) const {
  return impl_->call(arguments);
}
Stats Function::stats() const { return impl_->stats(); }
std::string Function::ir(Stage stage) const { return impl_->ir(stage); }
std::vector<std::string> Function::rewrites_applied() const {
  return impl_->rewrites();
}
const std::string &Function::name() const { return impl_->name(); }

Function function(std::vector<Input> inputs, const Var &output,
                  FunctionOptions options) {
  return function(std::move(inputs), std::vector<Output>{output},
                  std::move(options));
}

Function function(std::vector<Input> inputs, std::vector<Output> outputs,
                  FunctionOptions options) {
  return Function(std::make_shared<detail::FunctionImpl>(
      std::move(inputs), std::move(outputs), std::move(options)));
}

} // namespace tensorjit
