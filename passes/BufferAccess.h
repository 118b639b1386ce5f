//===- BufferAccess.h - Which buffers an op may touch -----------*- C++ -*-===//
//
// Aliasing and memory-effect queries on bufferized IR, for the passes that
// move or merge work on buffers (tj-linalg-to-blas, tj-split-reductions,
// tj-cpu-reductions, tj-cpu-parallelize; tj-alias-scopes states the same
// contract to LLVM).
// They rely on what tensorjit passes its compiled functions: distinct
// buffers for what they write (fresh outputs and each update's spare, never
// an input's buffer), inputs only read.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_PASSES_BUFFERACCESS_H
#define TENSORJIT_PASSES_BUFFERACCESS_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Operation.h"

namespace mlir::tj {

/// The buffer `value` is a view of (through casts, reshapes, subviews and
/// transposes).
Value rootOf(Value value);

/// Whether `a` and `b` may share memory. Views of distinct allocations or
/// distinct function arguments do not; anything else (a select of buffers,
/// a loop-carried one) may.
bool mayAlias(Value a, Value b);
bool mayAliasAny(ArrayRef<Value> values, Value value);

/// Whether `load` reads the element `store` writes (the same buffer value,
/// the same indices).
bool sameElement(memref::LoadOp load, memref::StoreOp store);

/// Whether `op` may write (or free) a buffer aliasing one of `buffers`, or,
/// unless `writesOnly`, read one. The `tj_rt_blas_*` and `tj_rt_cublas_*`
/// calls read their first two buffers and write the third; an op with
/// recursive memory effects (scf.if) touches what the ops in its regions
/// do.
bool mayAccess(Operation *op, ArrayRef<Value> buffers, bool writesOnly);

} // namespace mlir::tj

#endif // TENSORJIT_PASSES_BUFFERACCESS_H
