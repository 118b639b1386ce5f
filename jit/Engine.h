//===- Engine.h - JIT compilation for the CPU and CUDA devices --*- C++ -*-===//

#ifndef TENSORJIT_JIT_ENGINE_H
#define TENSORJIT_JIT_ENGINE_H

#include "jit/Pipeline.h"

#include "absl/status/statusor.h"
#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace mlir::tj {

/// The IR of one compilation at each stage, as text, and the names of the
/// tj-stabilize rewrites that fired.
struct StageIR {
  /// `ptx` is the kernels' PTX (CUDA targets only), one module after the
  /// other; `optimized` the host code's LLVM IR after LLVM's O3 (only with
  /// Target::keepOptimizedIR).
  std::string tj, fused, linalg, llvm, ptx, optimized;
  std::vector<std::string> rewrites;
};

/// The persistent compile cache's default size limit: 1 GiB (about 2800
/// GPU LR training steps, 370 KiB each with their PTX and stage IR).
inline constexpr uint64_t kDefaultCacheMaxBytes = uint64_t(1) << 30;

/// Where compiled code runs.
struct Target {
  /// The CPU runs the CPU pipeline's code. A CUDA device runs the GPU
  /// pipeline's kernels, launched by host code that ORC compiles for the CPU.
  bool cuda = false;
  int ordinal = 0;
  GpuTargetOptions gpu;
  /// For tests, on the CPU: compile the GPU pipeline's loops instead of
  /// the CPU's (buildGpuLoopsOnCpuPipeline).
  bool gpuLoopsOnCpu = false;
  /// Keep the LLVM IR that LLVM's optimizer made (StageIR::optimized), to
  /// see what the vectorizer did.
  bool keepOptimizedIR = false;
  /// The persistent compile cache's directory (jit/CompileCache.h); empty:
  /// none. Not used with keepOptimizedIR.
  std::string cacheDir;
  /// The most its files may take together (least recently used ones are
  /// removed past it); 0: no limit.
  uint64_t cacheMaxBytes = kDefaultCacheMaxBytes;
};

/// One function compiled for the host CPU (all of its features enabled)
/// into an object file that ORC links into the process: the whole function
/// for the CPU target, the host side that launches the kernels (their PTX
/// inside) for a CUDA device. The object is what the persistent compile
/// cache keeps; one loaded from it runs the same way.
class Executable {
public:
  /// Functions of the host process that compiled code calls, by symbol.
  using RuntimeSymbols = std::vector<std::pair<std::string, void *>>;

  /// Compiles `module` (tj on tensors, as emitted; consumed) for `target`,
  /// or loads what an earlier compile of the same module left in
  /// `target.cacheDir`, and looks up the C interface of `symbol` once. For
  /// a CUDA target the kernels are loaded onto the device current on this
  /// thread (cuda::setDevice), with the driver's errors as the status.
  static absl::StatusOr<std::unique_ptr<Executable>>
  compile(OwningOpRef<ModuleOp> module, const std::string &symbol,
          const RuntimeSymbols &runtime = {}, const Target &target = {});
  ~Executable();

  /// Calls the function: `args[i]` points to a pointer to the i-th memref
  /// descriptor (inputs, then outputs).
  void invoke(void **args) const { entry_(args); }
  const StageIR &ir() const { return ir_; }
  /// Whether the code came from the persistent compile cache.
  bool fromCache() const { return fromCache_; }

private:
  Executable() = default;

  std::unique_ptr<llvm::orc::LLJIT> jit_;
  void (*entry_)(void **) = nullptr;
  /// What the module's global destructors did (unloading its kernels).
  void (*fini_)() = nullptr;
  StageIR ir_;
  bool fromCache_ = false;
};

/// The context compilations use (every dialect and translation we need),
/// and the lock they hold while they use it.
MLIRContext &compileContext();
std::mutex &compileMutex();

} // namespace mlir::tj

#endif // TENSORJIT_JIT_ENGINE_H
