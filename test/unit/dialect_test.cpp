//===- dialect_test.cpp - Building tj IR through the C++ builders ---------===//
//
// What the graph emitter will do: create tj ops with inferred result types,
// verify the module and compare the printed IR.
//
//===----------------------------------------------------------------------===//

#include "dialects/tj/TjDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

namespace mlir::tj {
namespace {

constexpr int64_t D = ShapedType::kDynamic;

class DialectTest : public ::testing::Test {
protected:
  DialectTest() : builder(&context) {
    context.loadDialect<TjDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// Starts `func.func @name(argTypes)`; the builder then inserts in its body.
  func::FuncOp startFunction(StringRef name, TypeRange argTypes) {
    auto function = func::FuncOp::create(builder, builder.getUnknownLoc(), name,
                                         builder.getFunctionType(argTypes, {}));
    builder.setInsertionPointToEnd(function.addEntryBlock());
    return function;
  }

  void finishFunction(func::FuncOp function, ValueRange results) {
    func::ReturnOp::create(builder, builder.getUnknownLoc(), results);
    function.setType(builder.getFunctionType(function.getArgumentTypes(),
                                             TypeRange(ValueRange(results))));
    builder.setInsertionPointToEnd(module->getBody());
  }

  std::string print() {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    return text;
  }

  RankedTensorType tensor(ArrayRef<int64_t> shape, Type element) {
    return RankedTensorType::get(shape, element);
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(DialectTest, BuildsTheSeedLogisticFunction) {
  Location loc = builder.getUnknownLoc();
  Type f64 = builder.getF64Type();
  auto function = startFunction("logistic", {tensor({D, D}, f64)});
  Value x = function.getArgument(0);
  Value one = ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(tensor({}, f64), builder.getF64FloatAttr(1.0)));
  Value e = ExpOp::create(builder, loc, NegOp::create(builder, loc, x));
  Value s =
      DivOp::create(builder, loc, one, AddOp::create(builder, loc, one, e));
  finishFunction(function, s);

  ASSERT_TRUE(succeeded(verify(*module)));
  EXPECT_EQ(print(), R"(module {
  func.func @logistic(%arg0: tensor<?x?xf64>) -> tensor<?x?xf64> {
    %0 = tj.constant dense<1.000000e+00> : tensor<f64>
    %1 = tj.neg %arg0 : (tensor<?x?xf64>) -> tensor<?x?xf64>
    %2 = tj.exp %1 : (tensor<?x?xf64>) -> tensor<?x?xf64>
    %3 = tj.add %0, %2 : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
    %4 = tj.div %0, %3 : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
    return %4 : tensor<?x?xf64>
  }
}
)");
}

TEST_F(DialectTest, InfersPromotedAndReducedTypes) {
  Location loc = builder.getUnknownLoc();
  auto function = startFunction("mixed", {tensor({D, 1}, builder.getI32Type()),
                                          tensor({3}, builder.getF32Type())});
  Value sum = AddOp::create(builder, loc, function.getArgument(0),
                            function.getArgument(1));
  // int32 + float32 is float64 (numpy), (?, 1) with (3,) is (?, 3).
  EXPECT_EQ(sum.getType(), tensor({D, 3}, builder.getF64Type()));
  Value total = SumOp::create(builder, loc, function.getArgument(0),
                              ArrayRef<int64_t>{0, 1}, /*keepdims=*/false);
  EXPECT_EQ(total.getType(), tensor({}, builder.getI64Type()));
  Value kept = MaxOp::create(builder, loc, sum, ArrayRef<int64_t>{1},
                             /*keepdims=*/true);
  EXPECT_EQ(kept.getType(), tensor({D, 1}, builder.getF64Type()));
  Value best = ArgmaxOp::create(builder, loc, sum, ArrayRef<int64_t>{1},
                                /*keepdims=*/false);
  EXPECT_EQ(best.getType(), tensor({D}, builder.getI64Type()));
  Value t = TransposeOp::create(builder, loc, sum, ArrayRef<int64_t>{1, 0});
  EXPECT_EQ(t.getType(), tensor({3, D}, builder.getF64Type()));
  Value product = DotOp::create(builder, loc, t, sum);
  EXPECT_EQ(product.getType(), tensor({3, 3}, builder.getF64Type()));
  finishFunction(function, {total, kept, best, product});
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(DialectTest, InferenceReportsIncompatibleShapes) {
  Location loc = builder.getUnknownLoc();
  Type f64 = builder.getF64Type();
  auto function = startFunction("bad", {tensor({2, 3}, f64), tensor({4}, f64)});
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    message = diagnostic.str();
    return success();
  });
  SmallVector<Type> inferred;
  EXPECT_TRUE(failed(inferBinaryType(loc, AddOp::getOperationName(),
                                     AddOp::kRule, function.getArgument(0),
                                     function.getArgument(1), inferred)));
  EXPECT_EQ(message, "'tj.add' op shapes (2, 3) and (4,) are not "
                     "broadcastable: axis -1 has sizes 3 and 4");
  finishFunction(function, {});
}

TEST_F(DialectTest, VerifierRejectsAWrongResultType) {
  Location loc = builder.getUnknownLoc();
  Type f64 = builder.getF64Type();
  auto function = startFunction("wrong", {tensor({3}, f64)});
  // A cast may not change the shape.
  Value cast = CastOp::create(builder, loc, tensor({4}, builder.getI32Type()),
                              function.getArgument(0));
  finishFunction(function, cast);
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    message = diagnostic.str();
    return success();
  });
  EXPECT_TRUE(failed(verify(*module)));
  EXPECT_EQ(message, "'tj.cast' op changes the shape from (3,) to (4,); only "
                     "the element type may change");
}

} // namespace
} // namespace mlir::tj
