//===- LinalgToBlas.cpp - Contractions on buffers -> BLAS calls -----------===//
//
// linalg.matmul, linalg.matvec, linalg.vecmat and linalg.dot on f32/f64
// buffers become calls of the runtime's `tj_rt_blas_<op>_<type>` (C
// interface), which compute C = alpha A B + beta C through an optimized
// BLAS. Operands are passed with fully dynamic strided layouts; the runtime
// reads the strides, so a transposed view needs no copy.
//
// - beta is 1 (accumulate, as the linalg ops do) unless the output was just
//   filled with zeros: then the fill goes and beta is 0, so the BLAS neither
//   reads the output nor has it written twice.
// - A product into a temporary that one elementwise kernel then reads only
//   as `E + alpha * product` (E not depending on it: an SGD update
//   `w - rate * dot(x^T, g)`) is accumulated into the kernel's output
//   instead, as Theano's gemm optimization does: the kernel computes E
//   there, and the BLAS call adds alpha A B to it (beta 1). The temporary,
//   its fill, and a pass over the product go.
// - An operand that is a transposed copy of a matrix (linalg.transpose into
//   a temporary that only contractions read) is passed as a transposed
//   view of the matrix (memref.transpose) instead, and the copy goes.
//
// With library=cublas (device buffers) only large enough matmuls are
// replaced, by calls of `tj_rt_cublas_gemm_<type>` that jit/CudaRuntime
// queues on the device, under a run-time test of the size and of
// `tj_rt_cublas_ready()` (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "passes/BufferAccess.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

namespace mlir::tj {
#define GEN_PASS_DEF_TJLINALGTOBLAS
#include "passes/Passes.h.inc"
} // namespace mlir::tj

using namespace mlir;
using mlir::tj::mayAccess;
using mlir::tj::mayAlias;
using mlir::tj::mayAliasAny;

namespace {

/// `type` with dynamic sizes and a fully dynamic strided layout (what the
/// runtime takes, one declaration per function).
MemRefType stridedType(MemRefType type) {
  SmallVector<int64_t> dynamic(type.getRank(), ShapedType::kDynamic);
  return MemRefType::get(
      dynamic, type.getElementType(),
      StridedLayoutAttr::get(type.getContext(), ShapedType::kDynamic, dynamic));
}

/// The runtime's name for a contraction (`prefix` then the BLAS op and the
/// type), or "" if it is not one it takes.
std::string runtimeName(linalg::LinalgOp op, StringRef prefix = "tj_rt_blas_") {
  const char *what = isa<linalg::MatmulOp>(op)   ? "gemm"
                     : isa<linalg::MatvecOp>(op) ? "gemv"
                     : isa<linalg::VecmatOp>(op) ? "gevm"
                     : isa<linalg::DotOp>(op)    ? "dot"
                                                 : nullptr;
  if (!what || !op.hasPureBufferSemantics())
    return "";
  Type element = getElementTypeOrSelf(op->getOperand(0).getType());
  for (Value operand : op->getOperands())
    if (getElementTypeOrSelf(operand.getType()) != element)
      return "";
  if (!element.isF32() && !element.isF64())
    return "";
  // Named ops only: a generic body or a cast in the op is not a plain
  // contraction.
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op.getOperation()))
    if (matmul.hasUserDefinedMaps())
      return "";
  return (prefix + what + (element.isF32() ? "_f32" : "_f64")).str();
}

/// The fill of zeros that `op`'s output buffer holds when `op` starts: a
/// linalg.fill of 0 into that buffer earlier in the block, with nothing in
/// between touching the buffer. Null if there is none.
linalg::FillOp zeroFillOf(linalg::LinalgOp op) {
  Value output = op.getDpsInitOperand(0)->get();
  for (Operation *before = op->getPrevNode(); before;
       before = before->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(before)) {
      if (fill.hasPureBufferSemantics() && fill.getOutputs()[0] == output &&
          matchPattern(fill.value(), m_AnyZeroFloat()))
        return fill;
    }
    if (mayAccess(before, output, /*writesOnly=*/false))
      return nullptr;
  }
  return nullptr;
}

/// A product that an elementwise kernel reads only as `E + alpha * T`,
/// where T is the product's temporary.
struct Accumulation {
  linalg::LinalgOp product;
  linalg::FillOp fill;      ///< the zero fill of T before the product
  linalg::GenericOp kernel; ///< reads T as its input `input`
  unsigned input;
  Value rest;                   ///< E, in the kernel's body
  SmallVector<Operation *> use; ///< the body ops forming `E + alpha * T`
  double alpha;
};

/// `value` (in `kernel`'s body) as `alpha * t` for its block argument `t`,
/// alpha a float constant other than 0 (the BLAS reads neither A nor B for
/// alpha 0, where w - 0 * dot(a, b) is NaN if they hold one).
bool matchScaled(Value value, BlockArgument t, Accumulation &out) {
  if (value == t)
    return true;
  Operation *op = value.getDefiningOp();
  if (!op || !op->hasOneUse())
    return false;
  if (isa<arith::NegFOp>(op) && op->getOperand(0) == t) {
    out.alpha = -out.alpha;
    out.use.push_back(op);
    return true;
  }
  if (!isa<arith::MulFOp>(op))
    return false;
  Value a = op->getOperand(0), b = op->getOperand(1);
  if (a != t)
    std::swap(a, b);
  FloatAttr scale;
  if (a != t || !matchPattern(b, m_Constant(&scale)) ||
      scale.getValue().isZero())
    return false;
  out.alpha *= scale.getValueAsDouble();
  out.use.push_back(op);
  return true;
}

/// The accumulation `product` feeds, if its output is a temporary zero
/// filled before it and read once, by an elementwise kernel later in its
/// block computing `E + alpha * T`, with nothing between writing the
/// product's operands.
std::optional<Accumulation> accumulationOf(linalg::LinalgOp product) {
  Accumulation acc{};
  acc.product = product;
  acc.alpha = 1;
  acc.fill = zeroFillOf(product);
  Value temporary = product.getDpsInitOperand(0)->get();
  auto alloc = temporary.getDefiningOp<memref::AllocOp>();
  if (!acc.fill || !alloc ||
      llvm::is_contained(product.getDpsInputs(), temporary))
    return std::nullopt;
  for (Operation *user : temporary.getUsers()) {
    if (user == product || user == acc.fill || isa<memref::DeallocOp>(user))
      continue;
    auto kernel = dyn_cast<linalg::GenericOp>(user);
    if (acc.kernel || !kernel)
      return std::nullopt;
    acc.kernel = kernel;
  }
  linalg::GenericOp kernel = acc.kernel;
  if (!kernel || kernel->getBlock() != product->getBlock() ||
      !product->isBeforeInBlock(kernel) || kernel.getNumDpsInits() != 1 ||
      !kernel.hasPureBufferSemantics() ||
      kernel.getNumParallelLoops() != kernel.getNumLoops())
    return std::nullopt;
  // T read once, element for element, like the output is written.
  auto inputs = kernel.getDpsInputOperands();
  auto read = llvm::find_if(
      inputs, [&](OpOperand *input) { return input->get() == temporary; });
  if (read == inputs.end() || llvm::count_if(inputs, [&](OpOperand *input) {
                                return input->get() == temporary;
                              }) != 1)
    return std::nullopt;
  acc.input = read - inputs.begin();
  OpOperand *output = kernel.getDpsInitOperand(0);
  if (!kernel.getMatchingIndexingMap(*read).isIdentity() ||
      !kernel.getMatchingIndexingMap(output).isIdentity())
    return std::nullopt;
  // The body yields E + alpha * t, E - alpha * t or alpha * t + E.
  BlockArgument t = kernel.getMatchingBlockArgument(*read);
  Value yielded = kernel.getBody()->getTerminator()->getOperand(0);
  Operation *sum = yielded.getDefiningOp();
  if (!t.hasOneUse() || !sum || !sum->hasOneUse() ||
      sum->getParentRegion() != &kernel.getRegion())
    return std::nullopt;
  acc.use.push_back(sum);
  if (isa<arith::AddFOp>(sum) && matchScaled(sum->getOperand(1), t, acc))
    acc.rest = sum->getOperand(0);
  else if (isa<arith::AddFOp>(sum) && matchScaled(sum->getOperand(0), t, acc))
    acc.rest = sum->getOperand(1);
  else if (isa<arith::SubFOp>(sum) && matchScaled(sum->getOperand(1), t, acc)) {
    acc.rest = sum->getOperand(0);
    acc.alpha = -acc.alpha;
  } else
    return std::nullopt;
  // The product moves down to the kernel: its operands must hold the same
  // values there, and must not be the kernel's output, which E is now
  // written to first.
  SmallVector<Value> operands;
  for (OpOperand *operand : product.getDpsInputOperands())
    operands.push_back(operand->get());
  if (mayAliasAny(operands, output->get()))
    return std::nullopt;
  for (Operation *between = product->getNextNode(); between != kernel;
       between = between->getNextNode())
    if (mayAccess(between, operands, /*writesOnly=*/true))
      return std::nullopt;
  return acc;
}

/// The `linalg.transpose` of a matrix into `operand`, if `operand` is a
/// temporary holding nothing else, read by contractions only, and the
/// matrix is unchanged from the transpose to `at` and is not the product's
/// `output`: a transposed view of the matrix can stand for it.
linalg::TransposeOp transposeInto(Value operand, Operation *at, Value output) {
  if (!operand.getDefiningOp<memref::AllocOp>())
    return nullptr;
  linalg::TransposeOp transpose;
  for (OpOperand &use : operand.getUses()) {
    Operation *user = use.getOwner();
    auto linalgOp = dyn_cast<linalg::LinalgOp>(user);
    if (auto candidate = dyn_cast<linalg::TransposeOp>(user);
        candidate && candidate.getInit() == operand && !transpose)
      transpose = candidate;
    else if (!isa<memref::DeallocOp>(user) &&
             !(linalgOp && !runtimeName(linalgOp).empty() &&
               linalgOp.isDpsInput(&use)))
      return nullptr;
  }
  if (!transpose || transpose->getBlock() != at->getBlock() ||
      !transpose->isBeforeInBlock(at) ||
      transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
    return nullptr;
  Value matrix = transpose.getInput();
  if (mayAlias(matrix, output))
    return nullptr;
  for (Operation *between = transpose->getNextNode(); between != at;
       between = between->getNextNode())
    if (mayAccess(between, matrix, /*writesOnly=*/true))
      return nullptr;
  return transpose;
}

/// `product`'s operands with its output replaced by `output`, each cast to
/// the strided type the runtime takes; unless `asTheyAre`, a transposed
/// copy of a matrix is replaced by a transposed view of it (see
/// transposeInto).
SmallVector<Value> stridedOperands(OpBuilder &builder, Location loc,
                                   linalg::LinalgOp product, Value output,
                                   bool asTheyAre) {
  SmallVector<Value> args;
  for (OpOperand &operand : product->getOpOperands()) {
    Value value = product.isDpsInit(&operand) ? output : operand.get();
    if (linalg::TransposeOp transpose =
            asTheyAre
                ? nullptr
                : transposeInto(value, &*builder.getInsertionPoint(), output))
      value = memref::TransposeOp::create(
          builder, loc, transpose.getInput(),
          AffineMapAttr::get(AffineMap::getPermutationMap(
              ArrayRef<unsigned>{1, 0}, builder.getContext())));
    MemRefType type = stridedType(cast<MemRefType>(value.getType()));
    args.push_back(value.getType() == type
                       ? value
                       : memref::CastOp::create(builder, loc, type, value));
  }
  return args;
}

Value f64Constant(OpBuilder &builder, Location loc, double value) {
  return arith::ConstantOp::create(builder, loc,
                                   builder.getF64FloatAttr(value));
}

/// At the builder's point, the call of the runtime's `name` computing
/// `output` = alpha A B + beta `output` for `product`'s A and B (declared in
/// `module` once; `onDevice`: a device library's, taking the operands as
/// they are).
void callBlas(OpBuilder &builder, ModuleOp module, StringRef name,
              linalg::LinalgOp product, Value output, double alpha, double beta,
              bool onDevice = false) {
  Location loc = product.getLoc();
  SmallVector<Value> args =
      stridedOperands(builder, loc, product, output, onDevice);
  args.push_back(f64Constant(builder, loc, alpha));
  args.push_back(f64Constant(builder, loc, beta));
  func::FuncOp declaration = tj::declareFunction(
      module, name, builder.getFunctionType(ValueRange(args).getTypes(), {}));
  declaration->setAttr("llvm.emit_c_interface", builder.getUnitAttr());
  if (onDevice)
    declaration->setAttr(tj::kDeviceLibrary, builder.getUnitAttr());
  func::CallOp::create(builder, loc, name, TypeRange{}, ValueRange(args));
}

/// The kernel without T, computing E into its output; then the BLAS call
/// adding alpha A B there.
void accumulate(OpBuilder &builder, ModuleOp module, Accumulation &acc,
                StringRef name) {
  linalg::GenericOp kernel = acc.kernel;
  Location loc = kernel.getLoc();
  builder.setInsertionPoint(kernel);
  SmallVector<Value> inputs = kernel.getDpsInputs();
  SmallVector<AffineMap> maps = kernel.getIndexingMapsArray();
  inputs.erase(inputs.begin() + acc.input);
  maps.erase(maps.begin() + acc.input);
  Value output = kernel.getDpsInitOperand(0)->get();
  Block *body = kernel.getBody();
  linalg::GenericOp::create(
      builder, loc, TypeRange{}, inputs, ValueRange{output}, maps,
      kernel.getIteratorTypesArray(),
      [&](OpBuilder &nested, Location, ValueRange arguments) {
        IRMapping mapping;
        for (auto [i, argument] : llvm::enumerate(body->getArguments()))
          if (i != acc.input)
            mapping.map(argument, arguments[i - (i > acc.input)]);
        for (Operation &op : body->without_terminator())
          if (!llvm::is_contained(acc.use, &op))
            nested.clone(op, mapping);
        linalg::YieldOp::create(nested, loc, mapping.lookupOrDefault(acc.rest));
      });
  callBlas(builder, module, name, acc.product, output, acc.alpha, 1.0);

  Value temporary = acc.product.getDpsInitOperand(0)->get();
  kernel->erase();
  acc.product->erase();
  acc.fill->erase();
  for (Operation *user : llvm::make_early_inc_range(temporary.getUsers()))
    user->erase();
  temporary.getDefiningOp()->erase();
}

/// A call of the runtime's `bool tj_rt_cublas_ready()`: whether cuBLAS is
/// wanted and has a handle on the calling function's device.
Value callCublasReady(OpBuilder &builder, ModuleOp module, Location loc) {
  constexpr StringLiteral kReady = "tj_rt_cublas_ready";
  tj::declareFunction(module, kReady,
                      builder.getFunctionType({}, builder.getI1Type()))
      ->setAttr(tj::kDeviceLibrary, builder.getUnitAttr());
  return func::CallOp::create(builder, loc, kReady, builder.getI1Type(),
                              ValueRange{})
      .getResult(0);
}

/// `product` (a matmul) as `scf.if m n k >= minSize && tj_rt_cublas_ready()`
/// calling cuBLAS, else
/// the product as it was, with its zero fill if it has one. An elementwise
/// kernel right after it that reads its output goes into both branches,
/// where the short one can take it into the product's last step
/// (tj-split-reductions' epilogues).
void callCublasWhenLarge(OpBuilder &builder, ModuleOp module,
                         linalg::LinalgOp product, StringRef name,
                         int64_t minSize) {
  Location loc = product.getLoc();
  builder.setInsertionPoint(product);
  linalg::FillOp fill = zeroFillOf(product);
  auto consumer = dyn_cast_or_null<linalg::GenericOp>(product->getNextNode());
  if (consumer && (consumer.getNumReductionLoops() != 0 ||
                   !llvm::is_contained(consumer.getDpsInputs(),
                                       product.getDpsInitOperand(0)->get())))
    consumer = nullptr;
  Value a = product.getDpsInputOperand(0)->get();
  Value c = product.getDpsInitOperand(0)->get();
  auto dim = [&](Value matrix, int64_t i) -> Value {
    return memref::DimOp::create(builder, loc, matrix, i);
  };
  Value m = dim(c, 0), n = dim(c, 1);
  Value mn = arith::MulIOp::create(builder, loc, m, n);
  Value k = dim(a, 1);
  Value size = arith::MulIOp::create(builder, loc, mn, k);
  Value large = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::uge, size,
      arith::ConstantIndexOp::create(builder, loc, minSize));
  // Large enough, and cuBLAS usable now: asked only then, so a process
  // loads cuBLAS at its first large product (not at a compile).
  auto ask = scf::IfOp::create(builder, loc, builder.getI1Type(), large,
                               /*withElseRegion=*/true);
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(ask.thenBlock());
    scf::YieldOp::create(builder, loc, callCublasReady(builder, module, loc));
    builder.setInsertionPointToStart(ask.elseBlock());
    scf::YieldOp::create(
        builder, loc,
        ValueRange{arith::ConstantIntOp::create(builder, loc, 0, 1)});
  }
  auto choice =
      scf::IfOp::create(builder, loc, ask.getResult(0), /*withElse=*/true);
  builder.setInsertionPoint(choice.thenBlock()->getTerminator());
  callBlas(builder, module, name, product, c, 1.0, fill ? 0.0 : 1.0,
           /*onDevice=*/true);
  if (consumer)
    builder.clone(*consumer);
  builder.setInsertionPoint(choice.elseBlock()->getTerminator());
  if (fill) {
    builder.clone(*fill);
    fill->erase();
  }
  product->moveBefore(choice.elseBlock()->getTerminator());
  if (consumer)
    consumer->moveBefore(choice.elseBlock()->getTerminator());
}

struct TjLinalgToBlas : tj::impl::TjLinalgToBlasBase<TjLinalgToBlas> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (library == "cublas") {
      // From m n k = 1: the runtime's gemm needs k > 0.
      if (minSize < 1) {
        module.emitError("tj-linalg-to-blas: min-size must be >= 1");
        return signalPassFailure();
      }
      SmallVector<std::pair<linalg::LinalgOp, std::string>> products;
      module.walk([&](linalg::MatmulOp op) {
        std::string name = runtimeName(op, "tj_rt_cublas_");
        if (!name.empty())
          products.push_back({op, name});
      });
      OpBuilder builder(module.getContext());
      for (auto &[op, name] : products)
        callCublasWhenLarge(builder, module, op, name, minSize);
      return;
    }
    if (library != "openblas") {
      module.emitError("tj-linalg-to-blas: library must be openblas or "
                       "cublas, not '")
          << library << "'";
      return signalPassFailure();
    }
    SmallVector<std::pair<linalg::LinalgOp, std::string>> calls;
    module.walk([&](linalg::LinalgOp op) {
      std::string name = runtimeName(op);
      if (!name.empty())
        calls.push_back({op, name});
    });
    OpBuilder builder(module.getContext());
    for (auto &[op, name] : calls) {
      if (std::optional<Accumulation> acc = accumulationOf(op)) {
        accumulate(builder, module, *acc, name);
        continue;
      }
      builder.setInsertionPoint(op);
      linalg::FillOp fill = zeroFillOf(op);
      callBlas(builder, module, name, op, op.getDpsInitOperand(0)->get(), 1.0,
               fill ? 0.0 : 1.0);
      if (fill)
        fill->erase();
      op->erase();
    }
    // Transposed copies that views replaced everywhere.
    SmallVector<linalg::TransposeOp> unread;
    module.walk([&](linalg::TransposeOp transpose) {
      Value copy = transpose.getInit();
      if (transpose.hasPureBufferSemantics() &&
          copy.getDefiningOp<memref::AllocOp>() &&
          llvm::all_of(copy.getUsers(), [&](Operation *user) {
            return user == transpose || isa<memref::DeallocOp>(user);
          }))
        unread.push_back(transpose);
    });
    for (linalg::TransposeOp transpose : unread) {
      Value copy = transpose.getInit();
      transpose->erase();
      for (Operation *user : llvm::make_early_inc_range(copy.getUsers()))
        user->erase();
      copy.getDefiningOp()->erase();
    }
  }
};

} // namespace
