//===- TjOps.td - tj dialect operations ------------------------*- tablegen -*-===//
//
// Every op states where its logic lives: result types come from the shared
// rules in TypeRules.h (through InferTypeOpAdaptor or a verifier), folders
// are in TjFolders.cpp, canonicalization patterns in TjCanonicalize.cpp and
// lowerings in passes/LowerToLinalg.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_TJ_OPS
#define TENSORJIT_TJ_OPS

include "dialects/tj/TjDialect.td"
include "dialects/tj/TjInterfaces.td"
include "dialects/tj/TjTypes.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

/// Marks the ops computed element by element with numpy broadcasting; one
/// lowering pattern handles all of them.
def Tj_BroadcastingElementwise : NativeOpTrait<"BroadcastingElementwise"> {
  let cppNamespace = "::mlir::tj";
}

def Tj_DenseElementsAttr : ElementsAttrBase<
    CPred<"::llvm::isa<::mlir::DenseIntOrFPElementsAttr>($_self)">,
    "dense integer or float elements"> {
  let storageType = "::mlir::DenseElementsAttr";
  let returnType = "::mlir::DenseElementsAttr";
  let convertFromStorage = "$_self";
}

//===----------------------------------------------------------------------===//
// Constants and casts
//===----------------------------------------------------------------------===//

def Tj_ConstantOp : Tj_Op<"constant", [ConstantLike, Pure,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "A constant tensor";
  let description = [{
    A tensor whose elements are given by a dense attribute; the result type
    is the attribute's type.

    ```mlir
    %one = tj.constant dense<1.0> : tensor<f64>
    %m = tj.constant dense<[[0.0, 1.0], [-1.0, -2.0]]> : tensor<2x2xf64>
    ```
  }];
  let arguments = (ins Tj_DenseElementsAttr:$value);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Tj_CastOp : Tj_Op<"cast", [Pure, Tj_BroadcastingElementwise,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "Converts elements to another element type";
  let description = [{
    numpy's `astype`: floats to integers truncate toward zero, anything to
    bool is `!= 0`, bool to numbers is 0 or 1. The shape does not change.

    ```mlir
    %y = tj.cast %x : tensor<?xf64> -> tensor<?xi32>
    ```
  }];
  let arguments = (ins Tj_Tensor:$input);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise unary operations
//===----------------------------------------------------------------------===//

/// `rule` names a mlir::tj::UnaryRule: how the result's element type follows
/// from the operand's.
class Tj_UnaryOp<string mnemonic, string rule, string what, string example,
                 list<Trait> traits = []>
    : Tj_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                           Tj_BroadcastingElementwise,
                                           DeclareOpInterfaceMethods<Tj_VJPOpInterface>])> {
  let summary = "Elementwise `" # what # "`";
  let description = "Computes `" # what # "` element by element. Element "
    # "type rule: `" # rule # "` (TypeRules.h: `SameKind` keeps the "
    # "operand's type, `Numeric` also refuses bool, `FloatValued` turns "
    # "integers and bool into float32 or float64 like Theano's "
    # "`upgrade_to_float`).\n\n```mlir\n" # example # "\n```";
  let arguments = (ins Tj_Tensor:$input);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// How this op types its result (see TypeRules.h).
    static constexpr ::mlir::tj::UnaryRule kRule =
        ::mlir::tj::UnaryRule::}] # rule # [{;
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tj::inferUnaryType(location, getOperationName(), kRule,
                                        adaptor.getInput(), inferred);
    }
  }];
}

def Tj_NegOp : Tj_UnaryOp<"neg", "Numeric", "-x",
    "%y = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_AbsOp : Tj_UnaryOp<"abs", "SameKind", "|x|",
    "%y = tj.abs %x : (tensor<?xi32>) -> tensor<?xi32>">;
def Tj_SqrOp : Tj_UnaryOp<"sqr", "SameKind", "x * x",
    "%y = tj.sqr %x : (tensor<?xf32>) -> tensor<?xf32>">;
def Tj_ExpOp : Tj_UnaryOp<"exp", "FloatValued", "exp(x)",
    "%y = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_LogOp : Tj_UnaryOp<"log", "FloatValued", "log(x)",
    "%y = tj.log %x : (tensor<?xi64>) -> tensor<?xf64>">;
def Tj_Log1pOp : Tj_UnaryOp<"log1p", "FloatValued", "log(1 + x)",
    "%y = tj.log1p %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_Expm1Op : Tj_UnaryOp<"expm1", "FloatValued", "exp(x) - 1",
    "%y = tj.expm1 %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_SqrtOp : Tj_UnaryOp<"sqrt", "FloatValued", "sqrt(x)",
    "%y = tj.sqrt %x : (tensor<?xf32>) -> tensor<?xf32>">;
def Tj_TanhOp : Tj_UnaryOp<"tanh", "FloatValued", "tanh(x)",
    "%y = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_SigmoidOp : Tj_UnaryOp<"sigmoid", "FloatValued", "1 / (1 + exp(-x))",
    "%y = tj.sigmoid %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_SoftplusOp : Tj_UnaryOp<"softplus", "FloatValued", "log(1 + exp(x))",
    "%y = tj.softplus %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_SinOp : Tj_UnaryOp<"sin", "FloatValued", "sin(x)",
    "%y = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_CosOp : Tj_UnaryOp<"cos", "FloatValued", "cos(x)",
    "%y = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_FloorOp : Tj_UnaryOp<"floor", "FloatValued", "floor(x)",
    "%y = tj.floor %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_CeilOp : Tj_UnaryOp<"ceil", "FloatValued", "ceil(x)",
    "%y = tj.ceil %x : (tensor<?xf64>) -> tensor<?xf64>">;
def Tj_RoundOp : Tj_UnaryOp<"round", "FloatValued",
    "round(x), halves to even (numpy's rule)",
    "%y = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>">;

//===----------------------------------------------------------------------===//
// Elementwise binary operations and comparisons
//===----------------------------------------------------------------------===//

/// `rule` names a mlir::tj::BinaryRule.
class Tj_BinaryOp<string mnemonic, string rule, string what, string example,
                  list<Trait> traits = []>
    : Tj_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
                                           Tj_BroadcastingElementwise,
                                           DeclareOpInterfaceMethods<Tj_VJPOpInterface>])> {
  let summary = "Elementwise `" # what # "`";
  let description = "Computes `" # what # "` element by element with numpy "
    # "broadcasting (operand shapes are aligned on the right; size-1 "
    # "dimensions stretch). Element type rule: `" # rule # "` (see "
    # "TypeRules.h).\n\n```mlir\n" # example # "\n```";
  let arguments = (ins Tj_Tensor:$lhs, Tj_Tensor:$rhs);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
  let extraClassDeclaration = [{
    /// How this op types its result (see TypeRules.h).
    static constexpr ::mlir::tj::BinaryRule kRule =
        ::mlir::tj::BinaryRule::}] # rule # [{;
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tj::inferBinaryType(location, getOperationName(), kRule,
                                         adaptor.getLhs(), adaptor.getRhs(),
                                         inferred);
    }
  }];
}

def Tj_AddOp : Tj_BinaryOp<"add", "Arithmetic", "x + y",
    "%z = tj.add %x, %y : (tensor<?x3xf64>, tensor<3xf32>) -> tensor<?x3xf64>",
    [Commutative]>;
def Tj_SubOp : Tj_BinaryOp<"sub", "NoBool", "x - y",
    "%z = tj.sub %x, %y : (tensor<?xi32>, tensor<?xi64>) -> tensor<?xi64>">;
def Tj_MulOp : Tj_BinaryOp<"mul", "Arithmetic", "x * y",
    "%z = tj.mul %x, %y : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>",
    [Commutative]>;
def Tj_DivOp : Tj_BinaryOp<"div", "TrueDivide", "x / y (true division)",
    "%z = tj.div %x, %y : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xf64>">;
def Tj_PowOp : Tj_BinaryOp<"pow", "NoBool", "x ** y",
    "%z = tj.pow %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>">;
def Tj_MaximumOp : Tj_BinaryOp<"maximum", "Arithmetic",
    "maximum(x, y), NaN if either is NaN",
    "%z = tj.maximum %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>",
    [Commutative]>;
def Tj_MinimumOp : Tj_BinaryOp<"minimum", "Arithmetic",
    "minimum(x, y), NaN if either is NaN",
    "%z = tj.minimum %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>",
    [Commutative]>;
def Tj_LtOp : Tj_BinaryOp<"lt", "Comparison", "x < y",
    "%z = tj.lt %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>">;
def Tj_LeOp : Tj_BinaryOp<"le", "Comparison", "x <= y",
    "%z = tj.le %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>">;
def Tj_GtOp : Tj_BinaryOp<"gt", "Comparison", "x > y",
    "%z = tj.gt %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>">;
def Tj_GeOp : Tj_BinaryOp<"ge", "Comparison", "x >= y",
    "%z = tj.ge %x, %y : (tensor<?xf64>, tensor<f64>) -> tensor<?xi1>">;
def Tj_EqOp : Tj_BinaryOp<"eq", "Comparison", "x == y",
    "%z = tj.eq %x, %y : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi1>",
    [Commutative]>;
def Tj_NeOp : Tj_BinaryOp<"ne", "Comparison", "x != y (true for NaN)",
    "%z = tj.ne %x, %y : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi1>",
    [Commutative]>;

def Tj_SelectOp : Tj_Op<"select", [Pure, InferTypeOpAdaptor,
                                   Tj_BroadcastingElementwise,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "where(cond, x, y)";
  let description = [{
    numpy's `where` (Theano's `switch`): `x` where `cond` is true, else `y`,
    with the three operands broadcast together and `x`, `y` promoted.

    ```mlir
    %z = tj.select %c, %x, %y : (tensor<?xi1>, tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
    ```
  }];
  let arguments = (ins TensorOf<[I1]>:$condition, Tj_Tensor:$true_value,
                       Tj_Tensor:$false_value);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict "
                       "`:` functional-type(operands, results)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// `kind` names a mlir::tj::ReductionKind.
class Tj_ReductionOp<string mnemonic, string kind, string what,
                     string example>
    : Tj_Op<mnemonic, [Pure, InferTypeOpAdaptor,
                       DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = what;
  let description = "Reduces the operand over `axes` with `" # mnemonic
    # "`. Axes are non-negative, distinct and in range; reduced axes are "
    # "dropped, or kept as size 1 with `keepdims`. Element type rule: see "
    # "`reductionResultKind` in TypeRules.h.\n\n```mlir\n" # example
    # "\n```";
  let arguments = (ins Tj_Tensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$keepdims);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$input `axes` `=` $axes (`keepdims` $keepdims^)? "
                       "attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    static constexpr ::mlir::tj::ReductionKind kKind =
        ::mlir::tj::ReductionKind::}] # kind # [{;
  }];
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *context, std::optional<::mlir::Location> location,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::tj::inferReductionType(
          location, getOperationName(), kKind, adaptor.getInput(),
          adaptor.getAxes(), adaptor.getKeepdims(), inferred);
    }
  }];
}

def Tj_SumOp : Tj_ReductionOp<"sum", "Sum", "Sum over axes",
    "%s = tj.sum %x axes = [1] : (tensor<?x?xi32>) -> tensor<?xi64>">;
def Tj_MeanOp : Tj_ReductionOp<"mean", "Mean", "Arithmetic mean over axes",
    "%s = tj.mean %x axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>">;
def Tj_MaxOp : Tj_ReductionOp<"max", "Max", "Maximum over axes",
    "%s = tj.max %x axes = [0] keepdims : (tensor<?x3xf64>) -> tensor<1x3xf64>">;
def Tj_MinOp : Tj_ReductionOp<"min", "Min", "Minimum over axes",
    "%s = tj.min %x axes = [0] : (tensor<?x3xf64>) -> tensor<3xf64>">;
def Tj_ProdOp : Tj_ReductionOp<"prod", "Prod", "Product over axes",
    "%s = tj.prod %x axes = [0] : (tensor<?xf32>) -> tensor<f32>">;
def Tj_ArgmaxOp : Tj_ReductionOp<"argmax", "Argmax",
    "Index of the first maximum along one axis (first NaN if any)",
    "%i = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>">;

//===----------------------------------------------------------------------===//
// Linear algebra and shape manipulation
//===----------------------------------------------------------------------===//

def Tj_DotOp : Tj_Op<"dot", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "numpy dot of vectors and matrices";
  let description = [{
    vector . vector -> scalar, matrix . vector -> vector, vector . matrix ->
    vector, matrix . matrix -> matrix. Operands are promoted; bool operands
    are refused.

    ```mlir
    %y = tj.dot %x, %w : (tensor<?x784xf64>, tensor<784xf64>) -> tensor<?xf64>
    ```
  }];
  let arguments = (ins Tj_Tensor:$lhs, Tj_Tensor:$rhs);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasCanonicalizer = 1;
}

def Tj_TransposeOp : Tj_Op<"transpose", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "Permutes dimensions";
  let description = [{
    Result dimension `i` is operand dimension `permutation[i]`.

    ```mlir
    %t = tj.transpose %x permutation = [1, 0] : (tensor<2x?xf64>) -> tensor<?x2xf64>
    ```
  }];
  let arguments = (ins Tj_Tensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$input `permutation` `=` $permutation attr-dict "
                       "`:` functional-type(operands, results)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tj_ReshapeOp : Tj_Op<"reshape", [Pure,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "Gives the elements (in row-major order) a new shape";
  let description = [{
    The result type gives the static sizes; one `index` operand gives each
    dynamic size, in order (as `tensor.empty`). Element counts must agree.

    ```mlir
    %r = tj.reshape %x[%n] : tensor<?x3xf64> -> tensor<?xf64>
    %s = tj.reshape %v : tensor<6xf64> -> tensor<2x3xf64>
    ```
  }];
  let arguments = (ins Tj_Tensor:$input, Variadic<Index>:$sizes);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$input (`[` $sizes^ `]`)? attr-dict `:` "
                       "type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Tj_BroadcastToOp : Tj_Op<"broadcast_to", [Pure,
    DeclareOpInterfaceMethods<Tj_VJPOpInterface>]> {
  let summary = "numpy broadcast_to";
  let description = [{
    Stretches size-1 dimensions and prepends dimensions to reach the result
    shape. The result type gives the static sizes; one `index` operand gives
    each dynamic size, in order.

    ```mlir
    %b = tj.broadcast_to %x[%n] : tensor<3xf64> -> tensor<?x3xf64>
    ```
  }];
  let arguments = (ins Tj_Tensor:$input, Variadic<Index>:$sizes);
  let results = (outs Tj_Tensor:$result);
  let assemblyFormat = "$input (`[` $sizes^ `]`)? attr-dict `:` "
                       "type($input) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Random numbers
//===----------------------------------------------------------------------===//

def Tj_MakeRngOp : Tj_Op<"make_rng", [Pure]> {
  let summary = "A generator state from its storage";
  let description = [{
    Reads a generator state from its storage tensor (see `!tj.rng`): how a
    function receives the state of a shared random stream.

    ```mlir
    %rng = tj.make_rng %arg0 : tensor<?x6xi32> -> !tj.rng<mrg31k3p>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32, I64]>:$data);
  let results = (outs Tj_RngType:$rng);
  let assemblyFormat = "$data attr-dict `:` type($data) `->` qualified(type($rng))";
  let hasVerifier = 1;
}

def Tj_RngDataOp : Tj_Op<"rng_data", [Pure]> {
  let summary = "The storage of a generator state";
  let description = [{
    The inverse of `tj.make_rng`: how a function returns the next state of
    a shared random stream.

    ```mlir
    %data = tj.rng_data %next : !tj.rng<mt19937> -> tensor<314xi64>
    ```
  }];
  let arguments = (ins Tj_RngType:$rng);
  let results = (outs RankedTensorOf<[I32, I64]>:$data);
  let assemblyFormat = "$rng attr-dict `:` qualified(type($rng)) `->` type($data)";
  let hasVerifier = 1;
}

/// A draw of the result's shape (one `index` operand per dynamic size) from
/// a generator state, and the state after it.
class Tj_RandomOp<string mnemonic, string brief, string what,
                  dag attributes = (ins)>
    : Tj_Op<mnemonic, [Pure, AllTypesMatch<["rng", "next"]>]> {
  let summary = brief;
  let description = what;
  let arguments = !con((ins Tj_RngType:$rng, Variadic<Index>:$sizes),
                       attributes);
  let results = (outs Tj_Tensor:$result, Tj_RngType:$next);
  let assemblyFormat = "$rng (`[` $sizes^ `]`)? attr-dict `:` qualified(type($rng)) "
                       "`->` type($result)";
  let hasVerifier = 1;
}

def Tj_RandomUniformOp : Tj_RandomOp<"random_uniform",
    "Uniform floats in (0, 1) or [0, 1)", [{
    mt19937: numpy's `random_sample` (53 bits from two draws, in [0, 1)),
    f64 only. mrg31k3p: Theano's `mrg_uniform`, f32 or f64, in (0, 1).
    Scaling to `[low, high)` is ordinary arithmetic on the result.

    ```mlir
    %u, %next = tj.random_uniform %rng[%n] : !tj.rng<mrg31k3p> -> tensor<?x2xf32>
    ```
  }]>;

def Tj_RandomNormalOp : Tj_RandomOp<"random_normal",
    "Standard normal floats", [{
    mt19937: numpy's legacy `gauss` (the polar method, with its cached
    second value kept in the state), f64 only. mrg31k3p: Theano's
    `MRG_RandomStreams.normal`, f32 or f64: Box-Muller on an even number of
    uniforms, the first half giving `r cos(theta)`, the second `r sin(theta)`.

    ```mlir
    %z, %next = tj.random_normal %rng[%n] : !tj.rng<mt19937> -> tensor<?xf64>
    ```
  }]>;

def Tj_RandomIntegersOp : Tj_RandomOp<"random_integers",
    "Uniform integers in [low, high)", [{
    numpy's legacy `randint` (masked rejection); mt19937 only, i64 result.

    ```mlir
    %i, %next = tj.random_integers %rng[%n] {low = 0, high = 10} : !tj.rng<mt19937> -> tensor<?xi64>
    ```
  }], (ins I64Attr:$low, I64Attr:$high)>;

def Tj_RandomBinomialOp : Tj_RandomOp<"random_binomial",
    "Binomial counts", [{
    numpy's legacy `binomial(n, p)` (inversion or BTPE); mt19937 only, i64
    result.

    ```mlir
    %k, %next = tj.random_binomial %rng[%n] {n = 10, p = 0.25} : !tj.rng<mt19937> -> tensor<?xi64>
    ```
  }], (ins I64Attr:$n, F64Attr:$p)>;

//===----------------------------------------------------------------------===//
// Fusion
//===----------------------------------------------------------------------===//

def Tj_FusedOp : Tj_Op<"fused", [IsolatedFromAbove,
    SingleBlockImplicitTerminator<"YieldOp">, RecursiveMemoryEffects]> {
  let summary = "Elementwise ops computed in one loop nest";
  let description = [{
    A region of elementwise ops (those with the BroadcastingElementwise
    trait) that `tj-fuse-elementwise` grouped: all of them have results of
    one shape, and `tj-lower-to-linalg` turns the whole region into one
    `linalg.generic` with one result per yielded value. The block arguments
    are the inputs, which broadcast to that shape as the ops' operands do.

    ```mlir
    %s = tj.fused(%x, %one) : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64> {
    ^bb0(%a: tensor<?x?xf64>, %c: tensor<f64>):
      %n = tj.neg %a : (tensor<?x?xf64>) -> tensor<?x?xf64>
      %e = tj.exp %n : (tensor<?x?xf64>) -> tensor<?x?xf64>
      %d = tj.add %c, %e : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
      %r = tj.div %c, %d : (tensor<f64>, tensor<?x?xf64>) -> tensor<?x?xf64>
      tj.yield %r : tensor<?x?xf64>
    }
    ```
  }];
  let arguments = (ins Variadic<Tj_Tensor>:$inputs);
  let results = (outs Variadic<Tj_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "`(` $inputs `)` attr-dict `:` "
                       "functional-type($inputs, $results) $body";
  let hasVerifier = 1;
}

def Tj_YieldOp : Tj_Op<"yield", [Pure, Terminator, HasParent<"FusedOp">,
    ReturnLike]> {
  let summary = "The results of a tj.fused region";
  let arguments = (ins Variadic<Tj_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, {}); }]>];
}

//===----------------------------------------------------------------------===//
// Gradients
//===----------------------------------------------------------------------===//

def Tj_GradOp : Tj_Op<"grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "Symbolic gradient of a scalar cost";
  let description = [{
    The gradient of the float scalar `cost` with respect to `wrt`, which must
    be a value `cost` is computed from. A placeholder: `tj-autodiff` replaces
    it with the adjoint graph; lowering refuses it.

    ```mlir
    %g = tj.grad %cost, %w : (tensor<f64>, tensor<784xf64>) -> tensor<784xf64>
    ```
  }];
  let arguments = (ins Tj_FloatScalar:$cost, Tj_FloatTensor:$wrt);
  let results = (outs Tj_FloatTensor:$result);
  let assemblyFormat =
      "$cost `,` $wrt attr-dict `:` functional-type(operands, results)";
}

#endif // TENSORJIT_TJ_OPS
