//===- TjDialect.cpp - tj dialect, type inference and verifiers -----------===//

#include "dialects/tj/TjDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tj;

static_assert(kDynamicSize == ShapedType::kDynamic,
              "TypeRules' dynamic size must be MLIR's");

#include "dialects/tj/TjDialect.cpp.inc"
#include "dialects/tj/TjEnums.cpp.inc"
#include "dialects/tj/TjInterfaces.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/tj/TjTypes.cpp.inc"

void TjDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/tj/TjTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/tj/TjOps.cpp.inc"
      >();
}

Operation *TjDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                          Type type, Location loc) {
  auto dense = dyn_cast<DenseIntOrFPElementsAttr>(value);
  if (!dense || dense.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, dense);
}

//===----------------------------------------------------------------------===//
// Element kinds
//===----------------------------------------------------------------------===//

std::optional<ElementKind> mlir::tj::elementKindOf(Type type) {
  if (type.isInteger(1))
    return ElementKind::Bool;
  if (type.isInteger(8))
    return ElementKind::Int8;
  if (type.isInteger(16))
    return ElementKind::Int16;
  if (type.isInteger(32))
    return ElementKind::Int32;
  if (type.isInteger(64))
    return ElementKind::Int64;
  if (type.isF32())
    return ElementKind::Float32;
  if (type.isF64())
    return ElementKind::Float64;
  return std::nullopt;
}

Type mlir::tj::elementTypeOf(MLIRContext *context, ElementKind kind) {
  Builder b(context);
  switch (kind) {
  case ElementKind::Bool:
    return b.getI1Type();
  case ElementKind::Int8:
    return b.getI8Type();
  case ElementKind::Int16:
    return b.getI16Type();
  case ElementKind::Int32:
    return b.getI32Type();
  case ElementKind::Int64:
    return b.getI64Type();
  case ElementKind::Float32:
    return b.getF32Type();
  case ElementKind::Float64:
    return b.getF64Type();
  }
  return {};
}

//===----------------------------------------------------------------------===//
// Result type inference
//===----------------------------------------------------------------------===//

namespace {

/// Reports `message` as a verifier error of `opName` at `location`.
LogicalResult fail(std::optional<Location> location, StringRef opName,
                   const Twine &message) {
  return emitOptionalError(location, "'", opName, "' op ", message);
}

LogicalResult fail(std::optional<Location> location, StringRef opName,
                   const absl::Status &status) {
  return fail(location, opName, std::string(status.message()));
}

/// The type of a tj tensor operand, as its element kind and shape.
struct TensorInfo {
  ElementKind kind;
  RankedTensorType type;
};

FailureOr<TensorInfo> tensorInfo(std::optional<Location> location,
                                 StringRef opName, Value value,
                                 StringRef role) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  std::optional<ElementKind> kind =
      type ? elementKindOf(type.getElementType()) : std::nullopt;
  if (!kind)
    return fail(location, opName,
                Twine(role) +
                    " must be a ranked tensor of i1, i8-i64, f32 "
                    "or f64, got " +
                    llvm::formatv("{0}", value.getType()).str());
  return TensorInfo{*kind, type};
}

Type tensorType(MLIRContext *context, ArrayRef<int64_t> shape,
                ElementKind kind) {
  return RankedTensorType::get(shape, elementTypeOf(context, kind));
}

} // namespace

LogicalResult mlir::tj::inferUnaryType(std::optional<Location> location,
                                       StringRef opName, UnaryRule rule,
                                       Value operand,
                                       SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorInfo> in = tensorInfo(location, opName, operand, "operand");
  if (failed(in))
    return failure();
  absl::StatusOr<ElementKind> kind = unaryResultKind(rule, in->kind);
  if (!kind.ok())
    return fail(location, opName, kind.status());
  inferred.push_back(
      tensorType(operand.getContext(), in->type.getShape(), *kind));
  return success();
}

LogicalResult mlir::tj::inferBinaryType(std::optional<Location> location,
                                        StringRef opName, BinaryRule rule,
                                        Value lhs, Value rhs,
                                        SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorInfo> a = tensorInfo(location, opName, lhs, "lhs");
  FailureOr<TensorInfo> b = tensorInfo(location, opName, rhs, "rhs");
  if (failed(a) || failed(b))
    return failure();
  absl::StatusOr<ElementKind> kind = binaryResultKind(rule, a->kind, b->kind);
  if (!kind.ok())
    return fail(location, opName, kind.status());
  absl::StatusOr<Shape> shape =
      broadcastShapes({Shape(a->type.getShape()), Shape(b->type.getShape())});
  if (!shape.ok())
    return fail(location, opName, shape.status());
  inferred.push_back(tensorType(lhs.getContext(), *shape, *kind));
  return success();
}

LogicalResult
mlir::tj::inferReductionType(std::optional<Location> location, StringRef opName,
                             ReductionKind reduction, Value operand,
                             ArrayRef<int64_t> axes, bool keepdims,
                             SmallVectorImpl<Type> &inferred) {
  FailureOr<TensorInfo> in = tensorInfo(location, opName, operand, "operand");
  if (failed(in))
    return failure();
  if (reduction == ReductionKind::Argmax && axes.size() != 1)
    return fail(location, opName,
                "takes exactly one axis, got " + Twine(axes.size()));
  absl::StatusOr<Shape> shape =
      reduceShape(in->type.getShape(), axes, keepdims);
  if (!shape.ok())
    return fail(location, opName, shape.status());
  inferred.push_back(tensorType(operand.getContext(), *shape,
                                reductionResultKind(reduction, in->kind)));
  return success();
}

LogicalResult SelectOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  auto conditionType =
      dyn_cast<RankedTensorType>(adaptor.getCondition().getType());
  if (!conditionType || !conditionType.getElementType().isInteger(1))
    return fail(
        location, name,
        "condition must be a ranked tensor of i1, got '" +
            llvm::formatv("{0}", adaptor.getCondition().getType()).str() + "'");
  FailureOr<TensorInfo> c =
      tensorInfo(location, name, adaptor.getCondition(), "condition");
  FailureOr<TensorInfo> t =
      tensorInfo(location, name, adaptor.getTrueValue(), "true value");
  FailureOr<TensorInfo> f =
      tensorInfo(location, name, adaptor.getFalseValue(), "false value");
  if (failed(c) || failed(t) || failed(f))
    return failure();
  absl::StatusOr<Shape> shape =
      broadcastShapes({Shape(c->type.getShape()), Shape(t->type.getShape()),
                       Shape(f->type.getShape())});
  if (!shape.ok())
    return fail(location, name, shape.status());
  inferred.push_back(tensorType(context, *shape, promote(t->kind, f->kind)));
  return success();
}

LogicalResult DotOp::inferReturnTypes(MLIRContext *context,
                                      std::optional<Location> location,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  FailureOr<TensorInfo> a = tensorInfo(location, name, adaptor.getLhs(), "lhs");
  FailureOr<TensorInfo> b = tensorInfo(location, name, adaptor.getRhs(), "rhs");
  if (failed(a) || failed(b))
    return failure();
  ElementKind kind = promote(a->kind, b->kind);
  if (kind == ElementKind::Bool)
    return fail(location, name,
                "does not accept two bool operands; cast them first");
  absl::StatusOr<Shape> shape =
      dotShape(a->type.getShape(), b->type.getShape());
  if (!shape.ok())
    return fail(location, name, shape.status());
  inferred.push_back(tensorType(context, *shape, kind));
  return success();
}

LogicalResult TransposeOp::inferReturnTypes(MLIRContext *context,
                                            std::optional<Location> location,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  FailureOr<TensorInfo> in =
      tensorInfo(location, name, adaptor.getInput(), "operand");
  if (failed(in))
    return failure();
  absl::StatusOr<Shape> shape =
      transposeShape(in->type.getShape(), adaptor.getPermutation());
  if (!shape.ok())
    return fail(location, name, shape.status());
  inferred.push_back(tensorType(context, *shape, in->kind));
  return success();
}

LogicalResult GradOp::inferReturnTypes(MLIRContext *context,
                                       std::optional<Location> location,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  inferred.push_back(adaptor.getWrt().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// Verifiers of ops whose result type is given, not inferred
//===----------------------------------------------------------------------===//

LogicalResult CastOp::verify() {
  auto from = cast<RankedTensorType>(getInput().getType());
  auto to = cast<RankedTensorType>(getType());
  if (from.getShape() != to.getShape())
    return emitOpError("changes the shape from ")
           << shapeString(from.getShape()) << " to "
           << shapeString(to.getShape())
           << "; only the element type may change";
  return success();
}

/// Shared by reshape and broadcast_to: one `index` operand per dynamic
/// result size.
static LogicalResult verifySizeOperands(Operation *op, ValueRange sizes) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  if (sizes.size() != static_cast<size_t>(type.getNumDynamicDims()))
    return op->emitOpError("result type ")
           << type << " has " << type.getNumDynamicDims()
           << " dynamic size(s) but " << sizes.size()
           << " size operand(s) were given";
  return success();
}

/// Shared by reshape and broadcast_to: only the shape may change.
static LogicalResult verifySameElementType(Operation *op) {
  Type from = getElementTypeOrSelf(op->getOperand(0).getType());
  Type to = getElementTypeOrSelf(op->getResult(0).getType());
  if (from != to)
    return op->emitOpError("changes the element type from ")
           << from << " to " << to;
  return success();
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifySizeOperands(*this, getSizes())) ||
      failed(verifySameElementType(*this)))
    return failure();
  absl::Status status =
      checkReshape(getInput().getType().getShape(), getType().getShape());
  if (!status.ok())
    return emitOpError(std::string(status.message()));
  return success();
}

LogicalResult BroadcastToOp::verify() {
  if (failed(verifySizeOperands(*this, getSizes())) ||
      failed(verifySameElementType(*this)))
    return failure();
  absl::Status status =
      checkBroadcastTo(getInput().getType().getShape(), getType().getShape());
  if (!status.ok())
    return emitOpError(std::string(status.message()));
  return success();
}

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

RankedTensorType mlir::tj::rngStorageType(RngType type) {
  Builder b(type.getContext());
  if (type.getKind() == RngKind::MT19937)
    return RankedTensorType::get({kMt19937StateWords}, b.getI64Type());
  return RankedTensorType::get({ShapedType::kDynamic, kMrgStreamWords},
                               b.getI32Type());
}

/// Whether `data` can hold the storage of `rng`: the same element type and
/// rank, and equal sizes where both are static.
static LogicalResult verifyStorage(Operation *op, RankedTensorType data,
                                   RngType rng) {
  RankedTensorType storage = rngStorageType(rng);
  if (data.getElementType() == storage.getElementType() &&
      succeeded(verifyCompatibleShape(data.getShape(), storage.getShape())))
    return success();
  return op->emitOpError("a ")
         << rng << " state is stored as " << storage << ", not " << data;
}

LogicalResult MakeRngOp::verify() {
  return verifyStorage(*this, getData().getType(), getType());
}

LogicalResult RngDataOp::verify() {
  return verifyStorage(*this, getType(), getRng().getType());
}

/// Shared by the random ops: the sizes, and the element types each
/// generator draws (mt19937's draws are numpy's, in f64 or i64).
static LogicalResult verifyRandomOp(Operation *op, ValueRange sizes,
                                    bool integral) {
  if (failed(verifySizeOperands(op, sizes)))
    return failure();
  auto rng = cast<RngType>(op->getOperand(0).getType());
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  if (integral) {
    if (rng.getKind() != RngKind::MT19937)
      return op->emitOpError("is drawn from mt19937 states only (mrg31k3p "
                             "integers are arithmetic on uniform draws)");
    if (!element.isInteger(64))
      return op->emitOpError("draws i64 values, not ") << element;
    return success();
  }
  if (rng.getKind() == RngKind::MT19937
          ? !element.isF64()
          : !isa<Float32Type, Float64Type>(element))
    return op->emitOpError("draws ")
           << (rng.getKind() == RngKind::MT19937 ? "f64" : "f32 or f64")
           << " values from a " << rng << " state, not " << element;
  return success();
}

LogicalResult RandomUniformOp::verify() {
  return verifyRandomOp(*this, getSizes(), /*integral=*/false);
}

LogicalResult RandomNormalOp::verify() {
  return verifyRandomOp(*this, getSizes(), /*integral=*/false);
}

LogicalResult RandomIntegersOp::verify() {
  int64_t low = getLowAttr().getInt(), high = getHighAttr().getInt();
  if (high <= low)
    return emitOpError("needs low < high, got [") << low << ", " << high << ")";
  return verifyRandomOp(*this, getSizes(), /*integral=*/true);
}

LogicalResult RandomBinomialOp::verify() {
  if (getNAttr().getInt() < 0)
    return emitOpError("needs n >= 0, got ") << getNAttr().getInt();
  if (!(getP().convertToDouble() >= 0.0 && getP().convertToDouble() <= 1.0))
    return emitOpError("needs p in [0, 1], got ") << getP().convertToDouble();
  return verifyRandomOp(*this, getSizes(), /*integral=*/true);
}

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

LogicalResult FusedOp::verify() {
  Block &body = getBody().front();
  if (body.getArgumentTypes() != getInputs().getTypes())
    return emitOpError("block arguments must have the input types");
  if (getResults().empty())
    return emitOpError("has no results");
  auto shape = cast<RankedTensorType>(getResult(0).getType()).getShape();
  for (Type type : getResultTypes())
    if (cast<RankedTensorType>(type).getShape() != shape)
      return emitOpError("results must all have one shape (one loop nest), "
                         "got ")
             << getResult(0).getType() << " and " << type;
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().getTypes() != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " for results of types "
           << getResultTypes();
  for (Operation &op : body.without_terminator())
    if (!op.hasTrait<BroadcastingElementwise>())
      return op.emitOpError("cannot be fused: only elementwise tj ops go "
                            "into a tj.fused region");
  return success();
}

#define GET_OP_CLASSES
#include "dialects/tj/TjOps.cpp.inc"
