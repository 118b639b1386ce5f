//===- TypeRules.cpp - Broadcasting and dtype promotion -------------------===//

#include "dialects/tj/TypeRules.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "llvm/ADT/SmallBitVector.h"

#include <algorithm>

namespace mlir::tj {
namespace {

bool isStatic(int64_t size) { return size != kDynamicSize; }

/// The rank of a kind in numpy's promotion lattice within its category.
int bitWidth(ElementKind kind) {
  switch (kind) {
  case ElementKind::Bool:
    return 1;
  case ElementKind::Int8:
    return 8;
  case ElementKind::Int16:
    return 16;
  case ElementKind::Int32:
  case ElementKind::Float32:
    return 32;
  case ElementKind::Int64:
  case ElementKind::Float64:
    return 64;
  }
  return 0;
}

} // namespace

const char *kindName(ElementKind kind) {
  switch (kind) {
  case ElementKind::Bool:
    return "bool";
  case ElementKind::Int8:
    return "int8";
  case ElementKind::Int16:
    return "int16";
  case ElementKind::Int32:
    return "int32";
  case ElementKind::Int64:
    return "int64";
  case ElementKind::Float32:
    return "float32";
  case ElementKind::Float64:
    return "float64";
  }
  return "?";
}

std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      out += ", ";
    out += isStatic(shape[i]) ? std::to_string(shape[i]) : "?";
  }
  if (shape.size() == 1)
    out += ",";
  return out + ")";
}

bool isFloat(ElementKind kind) {
  return kind == ElementKind::Float32 || kind == ElementKind::Float64;
}

bool isInteger(ElementKind kind) {
  return kind != ElementKind::Bool && !isFloat(kind);
}

ElementKind promote(ElementKind a, ElementKind b) {
  if (a == b)
    return a;
  if (isFloat(a) != isFloat(b)) {
    ElementKind f = isFloat(a) ? a : b, other = isFloat(a) ? b : a;
    // float32 holds int8/int16 exactly but not int32/int64.
    if (f == ElementKind::Float32 && bitWidth(other) >= 32)
      return ElementKind::Float64;
    return f;
  }
  // Same category (bool counts as the narrowest integer): wider wins.
  return bitWidth(a) >= bitWidth(b) ? a : b;
}

ElementKind upgradeToFloat(ElementKind kind) {
  if (isFloat(kind))
    return kind;
  return bitWidth(kind) >= 32 ? ElementKind::Float64 : ElementKind::Float32;
}

absl::StatusOr<ElementKind> unaryResultKind(UnaryRule rule,
                                            ElementKind operand) {
  switch (rule) {
  case UnaryRule::SameKind:
    return operand;
  case UnaryRule::Numeric:
    if (operand == ElementKind::Bool)
      return absl::InvalidArgumentError(
          "does not accept a bool operand (numpy refuses it too); cast it "
          "first");
    return operand;
  case UnaryRule::FloatValued:
    return upgradeToFloat(operand);
  }
  return operand;
}

absl::StatusOr<ElementKind> binaryResultKind(BinaryRule rule, ElementKind lhs,
                                             ElementKind rhs) {
  ElementKind promoted = promote(lhs, rhs);
  switch (rule) {
  case BinaryRule::Arithmetic:
    return promoted;
  case BinaryRule::NoBool:
    if (promoted == ElementKind::Bool)
      return absl::InvalidArgumentError(
          "does not accept two bool operands (numpy refuses it too); cast "
          "them first");
    return promoted;
  case BinaryRule::TrueDivide:
    return upgradeToFloat(promoted);
  case BinaryRule::Comparison:
    return ElementKind::Bool;
  }
  return promoted;
}

ElementKind binaryComputeKind(BinaryRule rule, ElementKind lhs,
                              ElementKind rhs) {
  if (rule == BinaryRule::Comparison)
    return promote(lhs, rhs);
  return *binaryResultKind(
      rule == BinaryRule::NoBool ? BinaryRule::Arithmetic : rule, lhs, rhs);
}

ElementKind reductionResultKind(ReductionKind reduction, ElementKind operand) {
  ElementKind accumulated = isFloat(operand) ? operand : ElementKind::Int64;
  switch (reduction) {
  case ReductionKind::Sum:
  case ReductionKind::Prod:
    return accumulated;
  case ReductionKind::Mean:
    return upgradeToFloat(accumulated);
  case ReductionKind::Max:
  case ReductionKind::Min:
    return operand;
  case ReductionKind::Argmax:
    return ElementKind::Int64;
  }
  return operand;
}

absl::StatusOr<Shape> broadcastShapes(llvm::ArrayRef<Shape> shapes) {
  size_t rank = 0;
  for (const Shape &shape : shapes)
    rank = std::max(rank, shape.size());
  Shape result(rank, 1);
  // Whether result[i] is still "only 1s and dynamic sizes seen".
  llvm::SmallBitVector sawDynamic(rank);
  for (const Shape &shape : shapes) {
    size_t offset = rank - shape.size();
    for (size_t j = 0; j < shape.size(); ++j) {
      int64_t &out = result[offset + j];
      int64_t size = shape[j];
      if (!isStatic(size)) {
        sawDynamic.set(offset + j);
        continue;
      }
      if (size == 1)
        continue;
      if (out != 1 && out != size) {
        std::vector<std::string> printed;
        for (const Shape &s : shapes)
          printed.push_back(shapeString(s));
        return absl::InvalidArgumentError(absl::StrCat(
            "shapes ", absl::StrJoin(printed, " and "),
            " are not broadcastable: axis ",
            static_cast<int64_t>(offset + j) - static_cast<int64_t>(rank),
            " has sizes ", out, " and ", size));
      }
      out = size;
    }
  }
  for (size_t i = 0; i < rank; ++i)
    if (sawDynamic.test(i) && result[i] == 1)
      result[i] = kDynamicSize;
  return result;
}

absl::Status checkAxes(llvm::ArrayRef<int64_t> axes, int64_t rank) {
  llvm::SmallBitVector seen(rank);
  for (int64_t axis : axes) {
    if (axis < 0 || axis >= rank)
      return absl::InvalidArgumentError(absl::StrCat(
          "axis ", axis, " is out of range for rank ", rank,
          rank ? absl::StrCat(" (valid axes are 0 to ", rank - 1, ")")
               : std::string(" (a rank-0 operand has no axes)")));
    if (seen.test(axis))
      return absl::InvalidArgumentError(
          absl::StrCat("axis ", axis, " is repeated"));
    seen.set(axis);
  }
  return absl::OkStatus();
}

absl::StatusOr<Shape> reduceShape(llvm::ArrayRef<int64_t> shape,
                                  llvm::ArrayRef<int64_t> axes, bool keepdims) {
  if (absl::Status status = checkAxes(axes, shape.size()); !status.ok())
    return status;
  Shape result;
  for (size_t i = 0; i < shape.size(); ++i) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(i));
    if (!reduced)
      result.push_back(shape[i]);
    else if (keepdims)
      result.push_back(1);
  }
  return result;
}

absl::StatusOr<Shape> dotShape(llvm::ArrayRef<int64_t> lhs,
                               llvm::ArrayRef<int64_t> rhs) {
  if (lhs.empty() || lhs.size() > 2 || rhs.empty() || rhs.size() > 2)
    return absl::InvalidArgumentError(
        absl::StrCat("takes vectors and matrices, got ranks ", lhs.size(),
                     " and ", rhs.size()));
  int64_t lhsK = lhs.back();
  int64_t rhsK = rhs[0]; // (k) and (k, n) both contract dim 0
  if (isStatic(lhsK) && isStatic(rhsK) && lhsK != rhsK)
    return absl::InvalidArgumentError(
        absl::StrCat("shapes ", shapeString(lhs), " and ", shapeString(rhs),
                     " are not aligned: ", lhsK, " (dim ", lhs.size() - 1,
                     ") != ", rhsK, " (dim 0)"));
  Shape result;
  if (lhs.size() == 2)
    result.push_back(lhs[0]);
  if (rhs.size() == 2)
    result.push_back(rhs[1]);
  return result;
}

absl::StatusOr<Shape> transposeShape(llvm::ArrayRef<int64_t> shape,
                                     llvm::ArrayRef<int64_t> permutation) {
  if (permutation.size() != shape.size())
    return absl::InvalidArgumentError(
        absl::StrCat("permutation has length ", permutation.size(),
                     " but the operand has rank ", shape.size()));
  if (absl::Status status = checkAxes(permutation, shape.size()); !status.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("permutation is invalid: ", status.message()));
  Shape result;
  for (int64_t axis : permutation)
    result.push_back(shape[axis]);
  return result;
}

absl::Status checkBroadcastTo(llvm::ArrayRef<int64_t> shape,
                              llvm::ArrayRef<int64_t> target) {
  if (shape.size() > target.size())
    return absl::InvalidArgumentError(
        absl::StrCat("cannot broadcast shape ", shapeString(shape),
                     " to the lower-rank shape ", shapeString(target)));
  size_t offset = target.size() - shape.size();
  for (size_t j = 0; j < shape.size(); ++j) {
    int64_t from = shape[j], to = target[offset + j];
    if (isStatic(from) && from != 1 && isStatic(to) && from != to)
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot broadcast shape ", shapeString(shape), " to ",
          shapeString(target), ": size ", from, " does not match ", to));
  }
  return absl::OkStatus();
}

absl::Status checkReshape(llvm::ArrayRef<int64_t> shape,
                          llvm::ArrayRef<int64_t> target) {
  auto count = [](llvm::ArrayRef<int64_t> s) -> std::optional<int64_t> {
    int64_t n = 1;
    for (int64_t size : s) {
      if (!isStatic(size))
        return std::nullopt;
      n *= size;
    }
    return n;
  };
  std::optional<int64_t> from = count(shape), to = count(target);
  if (from && to && *from != *to)
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot reshape ", shapeString(shape), " (", *from, " elements) to ",
        shapeString(target), " (", *to, " elements)"));
  // With dynamic target sizes, the static ones must still divide the count.
  int64_t staticPart = 1;
  for (int64_t size : target)
    if (isStatic(size))
      staticPart *= size;
  if (from && !to && staticPart != 0 && *from % staticPart != 0)
    return absl::InvalidArgumentError(
        absl::StrCat("cannot reshape ", shapeString(shape), " (", *from,
                     " elements) to ", shapeString(target), ": ", *from,
                     " is not a multiple of ", staticPart));
  for (int64_t size : target)
    if (isStatic(size) && size < 0)
      return absl::InvalidArgumentError(absl::StrCat(
          "target shape ", shapeString(target), " has a negative size"));
  return absl::OkStatus();
}

} // namespace mlir::tj
