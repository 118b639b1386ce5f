//===- TjDialect.td - The tj dialect ---------------------------*- tablegen -*-===//

#ifndef TENSORJIT_TJ_DIALECT
#define TENSORJIT_TJ_DIALECT

include "mlir/IR/OpBase.td"

def Tj_Dialect : Dialect {
  let name = "tj";
  let cppNamespace = "::mlir::tj";
  let summary = "Theano-style tensor operations for tensorjit";
  let description = [{
    The `tj` dialect is the graph that tensorjit's C++ API emits: numpy-style
    tensor operations on ranked tensors with static or dynamic sizes. Binary
    operations broadcast as numpy does and promote dtypes as Theano and numpy
    do, so operands of different shapes and element types may meet; the
    result type is inferred from the operands by the rules in TypeRules.h.
    `tj-lower-to-linalg` lowers the dialect to linalg, tensor, arith and math.

    Element types: `i1` (bool), `i8`, `i16`, `i32`, `i64` (signed integers)
    and `f32`, `f64`.
  }];
  // tj.constant materializes folded values.
  let hasConstantMaterializer = 1;
  let useDefaultTypePrinterParser = 1;
}

/// The element types a tj tensor may hold.
def Tj_Element : AnyTypeOf<[I1, I8, I16, I32, I64, F32, F64],
                           "bool, i8-i64 or f32/f64">;
def Tj_Tensor : RankedTensorOf<[I1, I8, I16, I32, I64, F32, F64]>;
/// A zero-rank tensor of f32 or f64: a differentiable scalar cost.
def Tj_FloatScalar : 0DTensorOf<[F32, F64]>;
def Tj_FloatTensor : RankedTensorOf<[F32, F64]>;

class Tj_Op<string mnemonic, list<Trait> traits = []>
    : Op<Tj_Dialect, mnemonic, traits>;

#endif // TENSORJIT_TJ_DIALECT
