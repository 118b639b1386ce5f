//===- TypeRules.h - Broadcasting and dtype promotion, in one place -------===//
//
// The typing rules of tensorjit: numpy broadcasting, Theano/numpy dtype
// promotion and the result types of reductions, dot, transpose, reshape and
// broadcast_to. They are plain functions over element kinds and shapes so
// that the dialect's verifiers, the C++ API's eager type checks and host
// shape inference all use the same rules.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_DIALECTS_TJ_TYPERULES_H
#define TENSORJIT_DIALECTS_TJ_TYPERULES_H

#include "absl/status/statusor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <limits>
#include <string>

namespace mlir::tj {

/// The element types a tj tensor may have (i1, i8..i64 signed, f32, f64).
enum class ElementKind : uint8_t {
  Bool,
  Int8,
  Int16,
  Int32,
  Int64,
  Float32,
  Float64
};

/// A dimension whose size is known only at run time. Equal to
/// mlir::ShapedType::kDynamic (checked where the two meet).
inline constexpr int64_t kDynamicSize = std::numeric_limits<int64_t>::min();

using Shape = llvm::SmallVector<int64_t, 4>;

/// numpy's name of a kind: "bool", "int8", ..., "float64".
const char *kindName(ElementKind kind);
/// Prints a shape as numpy does, with `?` for a dynamic size: "(2, ?)".
std::string shapeString(llvm::ArrayRef<int64_t> shape);

bool isFloat(ElementKind kind);
/// True for the signed integer kinds; false for Bool.
bool isInteger(ElementKind kind);

/// numpy's `promote_types` restricted to our kinds: bool < ints < floats,
/// wider wins, and int32/int64 with float32 give float64.
ElementKind promote(ElementKind a, ElementKind b);

/// Theano's `upgrade_to_float`: the float kind a float-valued function of
/// `kind` returns (bool, int8, int16 -> float32; int32, int64 -> float64).
ElementKind upgradeToFloat(ElementKind kind);

/// The classes of elementwise operations, by how they type their result.
enum class UnaryRule {
  SameKind,    // abs, sqr: result has the operand's kind
  Numeric,     // neg: like SameKind but refuses bool
  FloatValued, // exp, log, tanh, ...: upgradeToFloat(operand)
};
enum class BinaryRule {
  Arithmetic, // add, mul, maximum, minimum: promote(lhs, rhs)
  NoBool,     // sub, pow: promote, bool operands refused (as numpy)
  TrueDivide, // div: upgradeToFloat(promote(lhs, rhs))
  Comparison, // lt, le, gt, ge, eq, ne: bool
};
enum class ReductionKind { Sum, Mean, Max, Min, Prod, Argmax };

absl::StatusOr<ElementKind> unaryResultKind(UnaryRule rule,
                                            ElementKind operand);
absl::StatusOr<ElementKind> binaryResultKind(BinaryRule rule, ElementKind lhs,
                                             ElementKind rhs);
/// The kind a binary operation computes in: its result kind, except for
/// comparisons, which compare in promote(lhs, rhs).
ElementKind binaryComputeKind(BinaryRule rule, ElementKind lhs,
                              ElementKind rhs);
/// sum/prod accumulate small integers and bool in int64 (numpy and Theano);
/// mean is float-valued; max/min keep the kind; argmax gives int64.
ElementKind reductionResultKind(ReductionKind reduction, ElementKind operand);

/// numpy broadcasting of any number of shapes, aligned on the right. A
/// dynamic size is compatible with anything; the result keeps a static size
/// where one operand fixes it (a static size other than 1).
absl::StatusOr<Shape> broadcastShapes(llvm::ArrayRef<Shape> shapes);

/// Checks `axes` against `rank`: each in [0, rank), no repeats.
absl::Status checkAxes(llvm::ArrayRef<int64_t> axes, int64_t rank);
/// The shape after reducing `axes` (kept as size 1 with `keepdims`).
absl::StatusOr<Shape> reduceShape(llvm::ArrayRef<int64_t> shape,
                                  llvm::ArrayRef<int64_t> axes, bool keepdims);

/// numpy `dot` for vector and matrix operands: (k)(k) -> (), (m,k)(k) -> (m),
/// (k)(k,n) -> (n), (m,k)(k,n) -> (m,n). Contracted sizes must agree where
/// both are static.
absl::StatusOr<Shape> dotShape(llvm::ArrayRef<int64_t> lhs,
                               llvm::ArrayRef<int64_t> rhs);

/// The shape of `transpose(shape, permutation)`; `permutation` must be a
/// permutation of [0, rank).
absl::StatusOr<Shape> transposeShape(llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<int64_t> permutation);

/// Whether `shape` can be broadcast to `target` (numpy's broadcast_to):
/// rank(shape) <= rank(target) and each size is 1 or equal to the target's.
absl::Status checkBroadcastTo(llvm::ArrayRef<int64_t> shape,
                              llvm::ArrayRef<int64_t> target);

/// Whether `shape` can be reshaped to `target`: element counts must agree
/// when both are static.
absl::Status checkReshape(llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<int64_t> target);

} // namespace mlir::tj

#endif // TENSORJIT_DIALECTS_TJ_TYPERULES_H
