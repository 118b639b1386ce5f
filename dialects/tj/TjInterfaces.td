//===- TjInterfaces.td - tj op interfaces ----------------------*- tablegen -*-===//

#ifndef TENSORJIT_TJ_INTERFACES
#define TENSORJIT_TJ_INTERFACES

include "mlir/IR/OpBase.td"

def Tj_VJPOpInterface : OpInterface<"VJPOpInterface"> {
  let cppNamespace = "::mlir::tj";
  let description = [{
    A differentiable op: given the cotangent of its result, builds the
    cotangent of each operand (the vector-Jacobian product) with tj ops.
    tj-autodiff uses it to build the backward sweep. The rules are in
    TjVJP.cpp, one short function per op.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends one value per operand to `operandCotangents`: the cotangent
        of that operand, shaped like the op's result (tj-autodiff sums it
        back over broadcast dimensions), or a null value where no gradient
        flows (integer operands, comparisons, argmax, floor...).
      }],
      "void", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$cotangent,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandCotangents)>
  ];
}

#endif // TENSORJIT_TJ_INTERFACES
