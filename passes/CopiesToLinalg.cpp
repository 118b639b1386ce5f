//===- CopiesToLinalg.cpp - memref.copy the JIT cannot call as loops ------===//
//
// MemRefToLLVM lowers a memref.copy to llvm.memcpy only between contiguous
// buffers (identity layouts, or static shapes contiguous in row-major
// order); any other copy becomes a call to `memrefCopy`, MLIR's C runner
// utility, which compiled code has no definition of. Bufferization leaves
// such copies of strided slices where it cannot write in place (several
// results of a tj-fuse-over-rows loop sharing one init). They become
// linalg.copy here, loops like every other kernel; the GPU's kernels turn
// every copy into one (`all`).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJCOPIESTOLINALG
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;

namespace {

/// `buffer` without the memref.casts it comes through: the same memory.
Value uncast(Value buffer) {
  while (auto cast = buffer.getDefiningOp<memref::CastOp>())
    buffer = cast.getSource();
  return buffer;
}

/// Whether MemRefToLLVM lowers a copy from or to `type` as llvm.memcpy.
bool isContiguous(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && (memref.getLayout().isIdentity() ||
                    (memref.hasStaticShape() && memref.getNumElements() > 0 &&
                     memref::isStaticShapeAndContiguousRowMajor(memref)));
}

struct TjCopiesToLinalg : tj::impl::TjCopiesToLinalgBase<TjCopiesToLinalg> {
  using Base::Base;
  void runOnOperation() override { tj::copiesToLinalg(getOperation(), all); }
};

} // namespace

void tj::copiesToLinalg(func::FuncOp function, bool all) {
  IRRewriter rewriter(function.getContext());
  SmallVector<memref::CopyOp> copies;
  function.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
  for (memref::CopyOp copy : copies) {
    if (uncast(copy.getSource()) == uncast(copy.getTarget())) {
      rewriter.eraseOp(copy);
      continue;
    }
    if (!all && isContiguous(copy.getSource().getType()) &&
        isContiguous(copy.getTarget().getType()))
      continue;
    rewriter.setInsertionPoint(copy);
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                copy.getTarget());
  }
}
