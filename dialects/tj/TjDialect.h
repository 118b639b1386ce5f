//===- TjDialect.h - The tj dialect -----------------------------*- C++ -*-===//

#ifndef TENSORJIT_DIALECTS_TJ_TJDIALECT_H
#define TENSORJIT_DIALECTS_TJ_TJDIALECT_H

#include "dialects/tj/TypeRules.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

namespace mlir::tj {

/// Ops computed element by element with numpy broadcasting (unary, binary,
/// comparison, select, cast): one lowering pattern handles all of them.
template <typename ConcreteType>
class BroadcastingElementwise
    : public OpTrait::TraitBase<ConcreteType, BroadcastingElementwise> {};

/// The element kind of a tj element type (i1, i8..i64, f32, f64).
std::optional<ElementKind> elementKindOf(Type type);
/// The MLIR element type of a kind.
Type elementTypeOf(MLIRContext *context, ElementKind kind);

// Result type inference shared by the ops (see TypeRules.h for the rules).
// Errors are reported at `location` naming `opName`.
LogicalResult inferUnaryType(std::optional<Location> location, StringRef opName,
                             UnaryRule rule, Value operand,
                             SmallVectorImpl<Type> &inferred);
LogicalResult inferBinaryType(std::optional<Location> location,
                              StringRef opName, BinaryRule rule, Value lhs,
                              Value rhs, SmallVectorImpl<Type> &inferred);
/// Sums `cotangent` (shaped like a broadcast result) back to the shape of
/// `operand`: over leading dimensions the operand lacks and over its static
/// size-1 dimensions, then casts to the operand's element type. The one
/// place broadcasting is undone for gradients.
Value unbroadcast(OpBuilder &builder, Location loc, Value cotangent,
                  Value operand);
/// Zeros with `like`'s type and run-time shape: the gradient of a cost
/// that depends on `like` only through piecewise-constant or integer ops.
Value zerosLike(OpBuilder &builder, Location loc, Value like);

LogicalResult inferReductionType(std::optional<Location> location,
                                 StringRef opName, ReductionKind kind,
                                 Value operand, ArrayRef<int64_t> axes,
                                 bool keepdims,
                                 SmallVectorImpl<Type> &inferred);

} // namespace mlir::tj

#include "dialects/tj/TjDialect.h.inc"
#include "dialects/tj/TjEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/tj/TjTypes.h.inc"

namespace mlir::tj {
/// 64-bit words of an mt19937 state: 624 32-bit key words, the position and
/// the has-gauss flag (32 bits each) and the cached gaussian.
inline constexpr int64_t kMt19937StateWords = 314;
/// Words of one mrg31k3p stream.
inline constexpr int64_t kMrgStreamWords = 6;
/// The tensor type a generator state is stored in (see `!tj.rng`).
RankedTensorType rngStorageType(RngType type);
} // namespace mlir::tj
#include "dialects/tj/TjInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/tj/TjOps.h.inc"

#endif // TENSORJIT_DIALECTS_TJ_TJDIALECT_H
