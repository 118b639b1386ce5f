//===- Emit.cpp - Graph -> tj dialect -------------------------------------===//

#include "lib/emit/Emit.h"

#include "dialects/tj/TjDialect.h"
#include "lib/runtime/DTypes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

#include "absl/container/flat_hash_map.h"

namespace tensorjit::detail {

namespace {

using namespace mlir;

constexpr int64_t kDynamic = ShapedType::kDynamic;

Type elementType(MLIRContext &context, DType dtype) {
  return tj::elementTypeOf(&context, to_kind(dtype));
}

DenseElementsAttr denseAttr(RankedTensorType type, const Array &value) {
  return visit_dtype(value.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *data = static_cast<const T *>(value.raw_data());
    return DenseElementsAttr::get(type, ArrayRef<T>(data, value.size()));
  });
}

class Emitter {
public:
  Emitter(MLIRContext &context, const FunctionGraph &graph,
          const Signature &signature)
      : context_(context), graph_(graph), signature_(signature),
        builder_(&context), loc_(UnknownLoc::get(&context)) {}

  OwningOpRef<ModuleOp> run() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc_);
    builder_.setInsertionPointToEnd(module->getBody());

    SmallVector<Type> argTypes;
    for (const Signature::Input &input : signature_.inputs)
      argTypes.push_back(RankedTensorType::get(
          staticShape(input.ones), elementType(context_, input.dtype)));
    // Output types follow from the inputs: emit the body first into a
    // function without outputs, then add the destination arguments.
    auto function =
        func::FuncOp::create(builder_, loc_, symbol_name(graph_),
                             builder_.getFunctionType(argTypes, {}));
    function->setAttr("llvm.emit_c_interface", builder_.getUnitAttr());
    // Inputs are the caller's arrays and shared values (a random stream's
    // state among them): bufferization must not write into them.
    for (size_t i = 0; i < argTypes.size(); ++i)
      function.setArgAttr(i, "bufferization.writable",
                          builder_.getBoolAttr(false));
    Block *body = function.addEntryBlock();
    builder_.setInsertionPointToEnd(body);

    for (auto [i, node] : llvm::enumerate(graph_.inputs)) {
      Value argument = body->getArgument(i);
      if (signature_.inputs[i].dtype != node->dtype)
        argument = castTo(argument, node->dtype);
      if (node->rng)
        argument = tj::MakeRngOp::create(builder_, loc_, rngType(*node->rng),
                                         argument);
      values_[node] = argument;
    }
    for (const Node *node : graph_.order)
      if (!values_.contains(node))
        values_[node] = emitNode(*node);

    for (const Var &output : graph_.outputs) {
      Value value = values_.at(output.node().get());
      if (auto rng = dyn_cast<tj::RngType>(value.getType()))
        value = tj::RngDataOp::create(builder_, loc_, tj::rngStorageType(rng),
                                      value);
      auto type = cast<RankedTensorType>(value.getType());
      BlockArgument destination = body->addArgument(
          MemRefType::get(type.getShape(), type.getElementType()), loc_);
      bufferization::MaterializeInDestinationOp::create(
          builder_, loc_, TypeRange{}, value, destination,
          /*restrict=*/true, /*writable=*/true);
    }
    func::ReturnOp::create(builder_, loc_);
    function.setType(
        builder_.getFunctionType(body->getArgumentTypes(), TypeRange{}));
    return module;
  }

private:
  static SmallVector<int64_t> staticShape(const std::vector<bool> &ones) {
    SmallVector<int64_t> shape;
    for (bool one : ones)
      shape.push_back(one ? 1 : kDynamic);
    return shape;
  }

  tj::RngType rngType(Generator generator) {
    return tj::RngType::get(&context_, generator == Generator::MT19937
                                           ? tj::RngKind::MT19937
                                           : tj::RngKind::MRG31k3p);
  }

  /// A random draw; its next state is recorded for the RandomNext node.
  Value emitRandom(const Node &node) {
    SmallVector<OpFoldResult> sizes;
    for (int64_t size : node.ints)
      sizes.push_back(builder_.getIndexAttr(size));
    auto [type, dynamic] = sizedType(node.dtype, sizes);
    Value rng = operand(node, 0);
    Operation *op;
    switch (node.op) {
    case OpKind::RandomUniform:
      op = tj::RandomUniformOp::create(builder_, loc_, type, rng.getType(), rng,
                                       dynamic);
      break;
    case OpKind::RandomNormal:
      op = tj::RandomNormalOp::create(builder_, loc_, type, rng.getType(), rng,
                                      dynamic);
      break;
    case OpKind::RandomIntegers:
      op = tj::RandomIntegersOp::create(
          builder_, loc_, type, rng.getType(), rng, dynamic,
          builder_.getI64IntegerAttr(node.random.low),
          builder_.getI64IntegerAttr(node.random.high));
      break;
    default:
      op = tj::RandomBinomialOp::create(
          builder_, loc_, type, rng.getType(), rng, dynamic,
          builder_.getI64IntegerAttr(node.random.trials),
          builder_.getF64FloatAttr(node.random.probability));
      break;
    }
    nextStates_[&node] = op->getResult(1);
    return op->getResult(0);
  }

  Value operand(const Node &node, size_t i) {
    return values_.at(node.inputs[i].node().get());
  }

  Value castTo(Value value, DType dtype) {
    auto type = cast<RankedTensorType>(value.getType());
    return tj::CastOp::create(builder_, loc_,
                              type.clone(elementType(context_, dtype)), value);
  }

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(builder_, loc_, value);
  }

  /// The run-time size of dimension `dim` of `value`.
  Value dimSize(Value value, int64_t dim) {
    auto type = cast<RankedTensorType>(value.getType());
    if (!type.isDynamicDim(dim))
      return index(type.getDimSize(dim));
    return tensor::DimOp::create(builder_, loc_, value, dim);
  }

  /// A tensor type of `dtype` with `sizes` (each a static size or an index
  /// value), and the index operands for its dynamic sizes.
  std::pair<RankedTensorType, SmallVector<Value>>
  sizedType(DType dtype, ArrayRef<OpFoldResult> sizes) {
    SmallVector<int64_t> shape;
    SmallVector<Value> dynamic;
    for (OpFoldResult size : sizes) {
      std::optional<int64_t> constant = getConstantIntValue(size);
      if (constant && *constant == 1) {
        shape.push_back(1);
        continue;
      }
      shape.push_back(kDynamic);
      dynamic.push_back(constant ? index(*constant) : cast<Value>(size));
    }
    return {RankedTensorType::get(shape, elementType(context_, dtype)),
            dynamic};
  }

  Value emitNode(const Node &node) {
    switch (node.op) {
    case OpKind::Constant: {
      const Array &value = *node.value;
      auto type = RankedTensorType::get(
          SmallVector<int64_t>(value.shape().begin(), value.shape().end()),
          elementType(context_, value.dtype()));
      Value constant =
          tj::ConstantOp::create(builder_, loc_, denseAttr(type, value));
      // Sizes other than 1 are dynamic everywhere else in the function.
      SmallVector<int64_t> shape = staticShape(node.broadcastable);
      if (type.getShape() == ArrayRef<int64_t>(shape))
        return constant;
      return tensor::CastOp::create(builder_, loc_, type.clone(shape),
                                    constant);
    }
    case OpKind::Cast:
      return castTo(operand(node, 0), node.dtype);
    case OpKind::Select:
      return tj::SelectOp::create(builder_, loc_, operand(node, 0),
                                  operand(node, 1), operand(node, 2));
    case OpKind::Dot:
      return tj::DotOp::create(builder_, loc_, operand(node, 0),
                               operand(node, 1));
    case OpKind::Grad:
      return tj::GradOp::create(builder_, loc_, operand(node, 0),
                                operand(node, 1));
    case OpKind::RandomNext:
      return nextStates_.at(node.inputs[0].node().get());
    case OpKind::Transpose:
      return tj::TransposeOp::create(builder_, loc_, operand(node, 0),
                                     node.ints);
    case OpKind::Reshape:
      return emitReshape(node);
    case OpKind::Dimshuffle:
      return emitDimshuffle(node);
    case OpKind::BroadcastTo: {
      SmallVector<OpFoldResult> sizes;
      for (int64_t size : node.ints)
        sizes.push_back(builder_.getIndexAttr(size));
      auto [type, dynamic] = sizedType(node.dtype, sizes);
      return tj::BroadcastToOp::create(builder_, loc_, type, operand(node, 0),
                                       dynamic);
    }
    default:
      break;
    }
    if (is_random_draw(node.op))
      return emitRandom(node);
    if (is_unary(node.op))
      return emitUnary(node.op, operand(node, 0));
    if (is_binary(node.op))
      return emitBinary(node.op, operand(node, 0), operand(node, 1));
    return emitReduction(node);
  }

  Value emitUnary(OpKind op, Value x) {
    switch (op) {
#define TJ_UNARY(kind)                                                         \
  case OpKind::kind:                                                           \
    return tj::kind##Op::create(builder_, loc_, x);
      TJ_UNARY(Neg)
      TJ_UNARY(Abs)
      TJ_UNARY(Sqr)
      TJ_UNARY(Exp)
      TJ_UNARY(Log)
      TJ_UNARY(Log1p)
      TJ_UNARY(Expm1)
      TJ_UNARY(Sqrt)
      TJ_UNARY(Tanh)
      TJ_UNARY(Sigmoid)
      TJ_UNARY(Softplus)
      TJ_UNARY(Sin)
      TJ_UNARY(Cos)
      TJ_UNARY(Floor)
      TJ_UNARY(Ceil)
      TJ_UNARY(Round)
#undef TJ_UNARY
    default:
      llvm_unreachable("not a unary op");
    }
  }

  Value emitBinary(OpKind op, Value a, Value b) {
    switch (op) {
#define TJ_BINARY(kind, opName)                                                \
  case OpKind::kind:                                                           \
    return tj::opName::create(builder_, loc_, a, b);
      TJ_BINARY(Add, AddOp)
      TJ_BINARY(Sub, SubOp)
      TJ_BINARY(Mul, MulOp)
      TJ_BINARY(Div, DivOp)
      TJ_BINARY(Pow, PowOp)
      TJ_BINARY(Maximum, MaximumOp)
      TJ_BINARY(Minimum, MinimumOp)
      TJ_BINARY(Lt, LtOp)
      TJ_BINARY(Le, LeOp)
      TJ_BINARY(Gt, GtOp)
      TJ_BINARY(Ge, GeOp)
      TJ_BINARY(Eq, EqOp)
      TJ_BINARY(Ne, NeOp)
#undef TJ_BINARY
    default:
      llvm_unreachable("not a binary op");
    }
  }

  Value emitReduction(const Node &node) {
    Value x = operand(node, 0);
    ArrayRef<int64_t> axes = node.ints;
    switch (node.op) {
#define TJ_REDUCTION(kind)                                                     \
  case OpKind::kind:                                                           \
    return tj::kind##Op::create(builder_, loc_, x, axes, node.keepdims);
      TJ_REDUCTION(Sum)
      TJ_REDUCTION(Mean)
      TJ_REDUCTION(Max)
      TJ_REDUCTION(Min)
      TJ_REDUCTION(Prod)
      TJ_REDUCTION(Argmax)
#undef TJ_REDUCTION
    default:
      llvm_unreachable("not a reduction");
    }
  }

  /// numpy reshape: the -1 size is the element count over the others.
  Value emitReshape(const Node &node) {
    Value x = operand(node, 0);
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<OpFoldResult> sizes;
    int64_t known = 1, inferredAt = -1;
    for (auto [i, size] : llvm::enumerate(node.ints)) {
      if (size == -1) {
        inferredAt = i;
        sizes.push_back(OpFoldResult());
      } else {
        known *= size;
        sizes.push_back(builder_.getIndexAttr(size));
      }
    }
    if (inferredAt >= 0) {
      if (signature_.inferredOnes.at(nextInferred_++)) {
        sizes[inferredAt] = builder_.getIndexAttr(1);
      } else {
        Value count = index(1);
        for (int64_t d = 0; d < type.getRank(); ++d)
          count = arith::MulIOp::create(builder_, loc_, count, dimSize(x, d));
        sizes[inferredAt] =
            arith::DivUIOp::create(builder_, loc_, count, index(known))
                .getResult();
      }
    }
    auto [resultType, dynamic] = sizedType(node.dtype, sizes);
    return tj::ReshapeOp::create(builder_, loc_, resultType, x, dynamic);
  }

  /// Theano's dimshuffle: transpose the kept axes into pattern order (the
  /// dropped size-1 axes last), then reshape to insert the new axes.
  Value emitDimshuffle(const Node &node) {
    Value x = operand(node, 0);
    auto type = cast<RankedTensorType>(x.getType());
    SmallVector<int64_t> permutation;
    for (int64_t axis : node.ints)
      if (axis >= 0)
        permutation.push_back(axis);
    for (int64_t axis = 0; axis < type.getRank(); ++axis)
      if (!llvm::is_contained(node.ints, axis))
        permutation.push_back(axis);
    SmallVector<OpFoldResult> sizes;
    for (int64_t axis : node.ints)
      sizes.push_back(
          axis < 0 ? OpFoldResult(builder_.getIndexAttr(1))
          : type.isDynamicDim(axis)
              ? OpFoldResult(dimSize(x, axis))
              : OpFoldResult(builder_.getIndexAttr(type.getDimSize(axis))));
    if (!llvm::equal(permutation, llvm::seq<int64_t>(0, type.getRank())))
      x = tj::TransposeOp::create(builder_, loc_, x, permutation);
    auto [resultType, dynamic] = sizedType(node.dtype, sizes);
    if (resultType == x.getType())
      return x;
    return tj::ReshapeOp::create(builder_, loc_, resultType, x, dynamic);
  }

  MLIRContext &context_;
  const FunctionGraph &graph_;
  const Signature &signature_;
  OpBuilder builder_;
  Location loc_;
  absl::flat_hash_map<const Node *, Value> values_;
  /// The state after each random draw.
  absl::flat_hash_map<const Node *, Value> nextStates_;
  size_t nextInferred_ = 0;
};

} // namespace

std::string symbol_name(const FunctionGraph &graph) {
  // A C identifier: the user's name where it is one.
  std::string name = "tj_";
  for (char c : graph.name)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

mlir::OwningOpRef<mlir::ModuleOp> emit(mlir::MLIRContext &context,
                                       const FunctionGraph &graph,
                                       const Signature &signature) {
  return Emitter(context, graph, signature).run();
}

} // namespace tensorjit::detail
