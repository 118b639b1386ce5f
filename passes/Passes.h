//===- Passes.h - tensorjit passes ------------------------------*- C++ -*-===//

#ifndef TENSORJIT_PASSES_PASSES_H
#define TENSORJIT_PASSES_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tj {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// A unit attribute on an scf.for whose iterations touch disjoint memory
/// (set by the lowering that knows it, e.g. the mrg31k3p streams):
/// tj-gpu-parallelize runs its iterations as GPU threads.
inline constexpr llvm::StringLiteral kIndependentIterations =
    "tj.independent_iterations";

/// A unit attribute on a function declaration whose calls queue device
/// work on the device buffers they take (tj-linalg-to-blas's cuBLAS
/// calls): tj-gpu-parallelize leaves them on the host.
inline constexpr llvm::StringLiteral kDeviceLibrary = "tj.device_library";

/// The runtime function compiled CPU code asks how many threads a loop of
/// so many elements deserves (`int32_t tj_rt_cpu_threads(int64_t)`,
/// lib/runtime/CpuThreads.cpp).
inline constexpr llvm::StringLiteral kCpuThreadsFunction = "tj_rt_cpu_threads";

/// Replaces the memref.copy ops of `function` that MemRefToLLVM would lower
/// to a `memrefCopy` call (non-contiguous layouts; with `all`, every copy)
/// with linalg.copy, and erases copies of a buffer onto itself
/// (passes/CopiesToLinalg.cpp).
void copiesToLinalg(func::FuncOp function, bool all);

/// The function `name` of `module`; unless there is one, a private
/// declaration of it with `type`, at the module's start (a runtime function
/// compiled code calls).
inline func::FuncOp declareFunction(ModuleOp module, StringRef name,
                                    FunctionType type) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
  auto function = func::FuncOp::create(builder, module.getLoc(), name, type);
  function.setPrivate();
  return function;
}

/// `tj_rt_cpu_threads(elements)` (an i64; declared in `module` if it is
/// not yet): the threads the runtime gives a loop of that many innermost
/// iterations, an i32.
inline Value callCpuThreads(OpBuilder &builder, Location loc, ModuleOp module,
                            Value elements) {
  Type i32 = builder.getI32Type();
  declareFunction(
      module, kCpuThreadsFunction,
      FunctionType::get(builder.getContext(), builder.getI64Type(), i32));
  return func::CallOp::create(builder, loc, kCpuThreadsFunction, i32, elements)
      .getResult(0);
}

/// The call of `tj_rt_cpu_threads` whose count `index` is (an index_cast
/// of its result), or null.
inline func::CallOp cpuThreadCount(Value index) {
  auto cast = index.getDefiningOp<arith::IndexCastOp>();
  auto call = cast ? cast.getIn().getDefiningOp<func::CallOp>() : nullptr;
  return call && call.getCallee() == kCpuThreadsFunction ? call : nullptr;
}

/// x + y for tj's element types: addf, addi, or for bool or (True + True
/// is True).
inline Value addScalars(OpBuilder &b, Location loc, Value x, Value y) {
  Type type = x.getType();
  if (isa<FloatType>(type))
    return arith::AddFOp::create(b, loc, x, y);
  if (type.isInteger(1))
    return arith::OrIOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

/// Whether gpu.all_reduce can combine values of `type` on NVIDIA GPUs:
/// integers and floats of at most 32 bits (shuffled widened) or of 64
/// (shuffled in two halves). tj-split-reductions makes block reductions
/// of those only, tj-gpu-block-reductions lowers those only.
inline bool isBlockReducible(Type type) {
  if (!type.isIntOrFloat())
    return false;
  unsigned width = type.getIntOrFloatBitWidth();
  return width <= 32 || width == 64;
}

} // namespace mlir::tj

#endif // TENSORJIT_PASSES_PASSES_H
