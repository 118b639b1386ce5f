//===- CpuEngine.h - JIT compilation for the host CPU -----------*- C++ -*-===//

#ifndef TENSORJIT_JIT_CPUENGINE_H
#define TENSORJIT_JIT_CPUENGINE_H

#include "absl/status/statusor.h"
#include "mlir/IR/BuiltinOps.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace mlir::tj {

/// The IR of one compilation at each stage, as text, and the names of the
/// tj-stabilize rewrites that fired.
struct StageIR {
  std::string tj, fused, linalg, llvm;
  std::vector<std::string> rewrites;
};

/// One function compiled for the host CPU (all of its features enabled) by
/// the CPU pipeline and ORC.
class CpuExecutable {
public:
  /// Functions of the host process that compiled code calls, by symbol.
  using RuntimeSymbols = std::vector<std::pair<std::string, void *>>;

  /// Compiles `module` (tj on tensors, as emitted; consumed) and looks up
  /// the C interface of `symbol` once.
  static absl::StatusOr<std::unique_ptr<CpuExecutable>>
  compile(OwningOpRef<ModuleOp> module, const std::string &symbol,
          const RuntimeSymbols &runtime = {});
  ~CpuExecutable();

  /// Calls the function: `args[i]` points to a pointer to the i-th memref
  /// descriptor (inputs, then outputs).
  void invoke(void **args) const { entry_(args); }
  const StageIR &ir() const { return ir_; }

private:
  CpuExecutable() = default;

  std::unique_ptr<llvm::TargetMachine> optimizerTarget_;
  std::unique_ptr<ExecutionEngine> engine_;
  void (*entry_)(void **) = nullptr;
  StageIR ir_;
};

/// The context compilations use (every dialect and translation we need),
/// and the lock they hold while they use it.
MLIRContext &compileContext();
std::mutex &compileMutex();

} // namespace mlir::tj

#endif // TENSORJIT_JIT_CPUENGINE_H
