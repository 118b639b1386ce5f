// Lowering of dot, transpose, reshape, broadcast_to and constant to named
// linalg ops, tensor reshapes, a broadcasting linalg.generic and
// arith.constant.
//
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s --check-prefix=NOTJ
//
// No tj op survives anywhere in the output.
// NOTJ-NOT: tj.

//===----------------------------------------------------------------------===//
// dot
//===----------------------------------------------------------------------===//

// matrix . matrix is linalg.matmul into a zero-filled (rows of lhs) x
// (columns of rhs) init.
// CHECK-LABEL: func.func @dot_matrix_matrix(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[M:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x?xf64>
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[B]], %[[C1]] : tensor<?x?xf64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<?x?xf64>)
// CHECK:         %[[R:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[INIT]] : tensor<?x?xf64>) -> tensor<?x?xf64>
// CHECK:         return %[[R]]
func.func @dot_matrix_matrix(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %c = tj.dot %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %c : tensor<?x?xf64>
}

// -----

// matrix . vector is linalg.matvec into a zero-filled init of the lhs rows.
// CHECK-LABEL: func.func @dot_matrix_vector(
// CHECK-SAME:      %[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[M:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x4xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<?xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?xf32>)
// CHECK:         %[[R:.*]] = linalg.matvec ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<4xf32>) outs(%[[INIT]] : tensor<?xf32>) -> tensor<?xf32>
// CHECK:         return %[[R]]
func.func @dot_matrix_vector(%a: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?xf32> {
  %c = tj.dot %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %c : tensor<?xf32>
}

// -----

// vector . matrix is linalg.vecmat into a zero-filled init of the rhs
// columns.
// CHECK-LABEL: func.func @dot_vector_matrix(
// CHECK-SAME:      %[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[B]], %[[C1]] : tensor<?x?xf64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<?xf64>)
// CHECK:         %[[R:.*]] = linalg.vecmat ins(%[[A]], %[[B]] : tensor<?xf64>, tensor<?x?xf64>) outs(%[[INIT]] : tensor<?xf64>) -> tensor<?xf64>
// CHECK:         return %[[R]]
func.func @dot_vector_matrix(%a: tensor<?xf64>, %b: tensor<?x?xf64>) -> tensor<?xf64> {
  %c = tj.dot %a, %b : (tensor<?xf64>, tensor<?x?xf64>) -> tensor<?xf64>
  return %c : tensor<?xf64>
}

// -----

// vector . vector is linalg.dot into a zero-filled rank-0 init (here int32,
// so an integer 0).
// CHECK-LABEL: func.func @dot_vector_vector_i32(
// CHECK-SAME:      %[[A:.*]]: tensor<?xi32>, %[[B:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<i32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%[[EMPTY]] : tensor<i32>)
// CHECK:         %[[R:.*]] = linalg.dot ins(%[[A]], %[[B]] : tensor<?xi32>, tensor<?xi32>) outs(%[[INIT]] : tensor<i32>) -> tensor<i32>
// CHECK:         return %[[R]]
func.func @dot_vector_vector_i32(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<i32> {
  %c = tj.dot %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<i32>
  return %c : tensor<i32>
}

// -----

// Mixed dtypes: int32 . float64 computes in float64. The int operand is
// first converted by an elementwise generic (sitofp, identity maps, same
// sizes); the named op reads the converted tensor, the float operand as is.
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @dot_mixed_casts_int_operand(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xi32>, %[[B:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[D1:.*]] = tensor.dim %[[A]], %[[C1]]
// CHECK:         %[[CE:.*]] = tensor.empty(%[[D0]], %[[D1]]) : tensor<?x?xf64>
// CHECK:         %[[AF:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[A]] : tensor<?x?xi32>) outs(%[[CE]] : tensor<?x?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: f64):
// CHECK-NEXT:      %[[XF:.*]] = arith.sitofp %[[X]] : i32 to f64
// CHECK-NEXT:      linalg.yield %[[XF]] : f64
// CHECK:         %[[C0B:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[M:.*]] = tensor.dim %[[AF]], %[[C0B]] : tensor<?x?xf64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[M]]) : tensor<?xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<?xf64>)
// CHECK:         %[[R:.*]] = linalg.matvec ins(%[[AF]], %[[B]] : tensor<?x?xf64>, tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK:         return %[[R]]
func.func @dot_mixed_casts_int_operand(%a: tensor<?x?xi32>, %b: tensor<?xf64>) -> tensor<?xf64> {
  %c = tj.dot %a, %b : (tensor<?x?xi32>, tensor<?xf64>) -> tensor<?xf64>
  return %c : tensor<?xf64>
}

// -----

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

// Result dimension i is input dimension permutation[i]: linalg.transpose
// with the same permutation into an empty of the permuted sizes (here
// (2, ?, 5) -> (5, 2, ?), the dynamic size is input dim 1).
// CHECK-LABEL: func.func @transpose_rank3(
// CHECK-SAME:      %[[X:.*]]: tensor<2x?x5xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[D1:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<2x?x5xf64>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D1]]) : tensor<5x2x?xf64>
// CHECK:         %[[R:.*]] = linalg.transpose ins(%[[X]] : tensor<2x?x5xf64>) outs(%[[EMPTY]] : tensor<5x2x?xf64>) permutation = [2, 0, 1]
// CHECK:         return %[[R]]
func.func @transpose_rank3(%x: tensor<2x?x5xf64>) -> tensor<5x2x?xf64> {
  %t = tj.transpose %x permutation = [2, 0, 1] : (tensor<2x?x5xf64>) -> tensor<5x2x?xf64>
  return %t : tensor<5x2x?xf64>
}

// -----

// A 2-D transpose with both sizes dynamic: the empty takes dim 1 then dim 0.
// CHECK-LABEL: func.func @transpose_matrix(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[D1:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D1]], %[[D0]]) : tensor<?x?xi32>
// CHECK:         %[[R:.*]] = linalg.transpose ins(%[[X]] : tensor<?x?xi32>) outs(%[[EMPTY]] : tensor<?x?xi32>) permutation = [1, 0]
// CHECK:         return %[[R]]
func.func @transpose_matrix(%x: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %t = tj.transpose %x permutation = [1, 0] : (tensor<?x?xi32>) -> tensor<?x?xi32>
  return %t : tensor<?x?xi32>
}

// -----

//===----------------------------------------------------------------------===//
// reshape: collapse to one dimension, then expand (row-major order kept)
//===----------------------------------------------------------------------===//

// 2-D -> 1-D is one collapse_shape of both dimensions.
// CHECK-LABEL: func.func @reshape_2d_to_1d(
// CHECK-SAME:      %[[X:.*]]: tensor<?x3xf64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[R:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x3xf64> into tensor<?xf64>
// CHECK-NEXT:    return %[[R]] : tensor<?xf64>
func.func @reshape_2d_to_1d(%x: tensor<?x3xf64>, %n: index) -> tensor<?xf64> {
  %r = tj.reshape %x [%n] : tensor<?x3xf64> -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// 1-D -> 2-D is one expand_shape whose output_shape takes the size operand
// for the dynamic dimension.
// CHECK-LABEL: func.func @reshape_1d_to_2d(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0, 1]] output_shape [%[[N]], 3] : tensor<?xf64> into tensor<?x3xf64>
// CHECK-NEXT:    return %[[R]] : tensor<?x3xf64>
func.func @reshape_1d_to_2d(%x: tensor<?xf64>, %n: index) -> tensor<?x3xf64> {
  %r = tj.reshape %x [%n] : tensor<?xf64> -> tensor<?x3xf64>
  return %r : tensor<?x3xf64>
}

// -----

// 2-D -> 2-D with two dynamic sizes: collapse, then copy in row-major order
// (element (i, j) is flat[i * m + j]): an expand_shape with two dynamic
// sizes crashes MLIR 22's expand-strided-metadata.
// CHECK-LABEL: func.func @reshape_2d_to_2d_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<?x?xf64> into tensor<?xf64>
// CHECK-NEXT:    %[[E:.*]] = tensor.empty(%[[N]], %[[M]]) : tensor<?x?xf64>
// CHECK-NEXT:    %[[R:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<?x?xf64>)
// CHECK:           %[[I:.*]] = linalg.index 0 : index
// CHECK-NEXT:      %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[ROW:.*]] = arith.muli %[[I]], %[[M]] : index
// CHECK-NEXT:      %[[LINEAR:.*]] = arith.addi %[[ROW]], %[[J]] : index
// CHECK-NEXT:      %[[V:.*]] = tensor.extract %[[F]][%[[LINEAR]]] : tensor<?xf64>
// CHECK-NEXT:      linalg.yield %[[V]] : f64
// CHECK-NOT:     tensor.expand_shape
// CHECK:         return %[[R]] : tensor<?x?xf64>
func.func @reshape_2d_to_2d_dynamic(%x: tensor<?x?xf64>, %n: index, %m: index) -> tensor<?x?xf64> {
  %r = tj.reshape %x [%n, %m] : tensor<?x?xf64> -> tensor<?x?xf64>
  return %r : tensor<?x?xf64>
}

// -----

// Static (2, 3) -> (3, 2): collapse to 6, expand to (3, 2).
// CHECK-LABEL: func.func @reshape_static_2x3_to_3x2(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1]] : tensor<2x3xf64> into tensor<6xf64>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [3, 2] : tensor<6xf64> into tensor<3x2xf64>
// CHECK-NEXT:    return %[[R]] : tensor<3x2xf64>
func.func @reshape_static_2x3_to_3x2(%x: tensor<2x3xf64>) -> tensor<3x2xf64> {
  %r = tj.reshape %x : tensor<2x3xf64> -> tensor<3x2xf64>
  return %r : tensor<3x2xf64>
}

// -----

// A static input into a result with a dynamic size: the flat static tensor
// is cast to a dynamic one before the expand.
// CHECK-LABEL: func.func @reshape_static_to_dynamic(
// CHECK-SAME:      %[[X:.*]]: tensor<6xf64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[F:.*]] = tensor.cast %[[X]] : tensor<6xf64> to tensor<?xf64>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [%[[N]], 3] : tensor<?xf64> into tensor<?x3xf64>
// CHECK-NEXT:    return %[[R]] : tensor<?x3xf64>
func.func @reshape_static_to_dynamic(%x: tensor<6xf64>, %n: index) -> tensor<?x3xf64> {
  %r = tj.reshape %x [%n] : tensor<6xf64> -> tensor<?x3xf64>
  return %r : tensor<?x3xf64>
}

// -----

// rank 0 -> rank 1: expand_shape with no reassociation to tensor<1xf64>.
// CHECK-LABEL: func.func @reshape_rank0_to_rank1(
// CHECK-SAME:      %[[X:.*]]: tensor<f64>)
// CHECK-NOT:     tj.
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[X]] [] output_shape [1] : tensor<f64> into tensor<1xf64>
// CHECK-NEXT:    return %[[R]] : tensor<1xf64>
func.func @reshape_rank0_to_rank1(%x: tensor<f64>) -> tensor<1xf64> {
  %r = tj.reshape %x : tensor<f64> -> tensor<1xf64>
  return %r : tensor<1xf64>
}

// -----

// rank 0 -> dynamic rank 1: expand to tensor<1xf64>, then cast to ?.
// CHECK-LABEL: func.func @reshape_rank0_to_dynamic_rank1(
// CHECK-SAME:      %[[X:.*]]: tensor<f64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[X]] [] output_shape [1] : tensor<f64> into tensor<1xf64>
// CHECK-NEXT:    %[[R:.*]] = tensor.cast %[[E]] : tensor<1xf64> to tensor<?xf64>
// CHECK-NEXT:    return %[[R]] : tensor<?xf64>
func.func @reshape_rank0_to_dynamic_rank1(%x: tensor<f64>, %n: index) -> tensor<?xf64> {
  %r = tj.reshape %x [%n] : tensor<f64> -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

// rank 1 -> rank 0: cast the dynamic vector to tensor<1xf64>, then
// collapse_shape with no reassociation.
// CHECK-LABEL: func.func @reshape_rank1_to_rank0(
// CHECK-SAME:      %[[X:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C:.*]] = tensor.cast %[[X]] : tensor<?xf64> to tensor<1xf64>
// CHECK-NEXT:    %[[R:.*]] = tensor.collapse_shape %[[C]] [] : tensor<1xf64> into tensor<f64>
// CHECK-NEXT:    return %[[R]] : tensor<f64>
func.func @reshape_rank1_to_rank0(%x: tensor<?xf64>) -> tensor<f64> {
  %r = tj.reshape %x : tensor<?xf64> -> tensor<f64>
  return %r : tensor<f64>
}

// -----

//===----------------------------------------------------------------------===//
// broadcast_to
//===----------------------------------------------------------------------===//

// A static operand prepended with a dimension: a generic that copies,
// the operand map drops d0, the init takes the size operand.
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @broadcast_to_static_row(
// CHECK-SAME:      %[[V:.*]]: tensor<3xf64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[V]] : tensor<3xf64>) outs(%[[EMPTY]] : tensor<?x3xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      linalg.yield %[[X]] : f64
// CHECK:         return %[[R]]
func.func @broadcast_to_static_row(%v: tensor<3xf64>, %n: index) -> tensor<?x3xf64> {
  %b = tj.broadcast_to %v [%n] : tensor<3xf64> -> tensor<?x3xf64>
  return %b : tensor<?x3xf64>
}

// -----

// A dynamic operand may be a broadcast 1 at run time: it is gathered with
// tensor.extract at select(size == 1, 0, j); the sizes of the init are the
// size operands, in order.
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @broadcast_to_dynamic_operand(
// CHECK-SAME:      %[[V:.*]]: tensor<?xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[V]], %[[C0]] : tensor<?xf64>
// CHECK:         %[[IS1:.*]] = arith.cmpi eq, %[[D0]], %[[ONE]] : index
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]], %[[M]]) : tensor<?x?xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[EMPTY]] : tensor<?x?xf64>)
// CHECK-NEXT:    ^bb0(%{{.*}}: f64):
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[JJ:.*]] = arith.select %[[IS1]], %[[Z]], %[[J]] : index
// CHECK-NEXT:      %[[X:.*]] = tensor.extract %[[V]][%[[JJ]]] : tensor<?xf64>
// CHECK-NEXT:      linalg.yield %[[X]] : f64
// CHECK:         return %[[R]]
func.func @broadcast_to_dynamic_operand(%v: tensor<?xf64>, %n: index, %m: index) -> tensor<?x?xf64> {
  %b = tj.broadcast_to %v [%n, %m] : tensor<?xf64> -> tensor<?x?xf64>
  return %b : tensor<?x?xf64>
}

// -----

// A static size-1 operand dimension is read at index 0; mixed static and
// dynamic result sizes: (?, 1) -> (2, ?, 4).
// CHECK-DAG:   #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @broadcast_to_rank3(
// CHECK-SAME:      %[[V:.*]]: tensor<?x1xf64>, %[[N:.*]]: index)
// CHECK-NOT:     tj.
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[V]], %[[C0]] : tensor<?x1xf64>
// CHECK:         %[[IS1:.*]] = arith.cmpi eq, %[[D0]], %[[ONE]] : index
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<2x?x4xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} outs(%[[EMPTY]] : tensor<2x?x4xf64>)
// CHECK-NEXT:    ^bb0(%{{.*}}: f64):
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0 : index
// CHECK-NEXT:      %[[J:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[JJ:.*]] = arith.select %[[IS1]], %[[Z]], %[[J]] : index
// CHECK-NEXT:      %[[X:.*]] = tensor.extract %[[V]][%[[JJ]], %[[Z]]] : tensor<?x1xf64>
// CHECK-NEXT:      linalg.yield %[[X]] : f64
// CHECK:         return %[[R]]
func.func @broadcast_to_rank3(%v: tensor<?x1xf64>, %n: index) -> tensor<2x?x4xf64> {
  %b = tj.broadcast_to %v [%n] : tensor<?x1xf64> -> tensor<2x?x4xf64>
  return %b : tensor<2x?x4xf64>
}

// -----

//===----------------------------------------------------------------------===//
// constant
//===----------------------------------------------------------------------===//

// tj.constant becomes arith.constant with the same dense attribute.
// CHECK-LABEL: func.func @constants(
// CHECK-NOT:     tj.
// CHECK-DAG:     %[[F:.*]] = arith.constant dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf64>
// CHECK-DAG:     %[[B:.*]] = arith.constant dense<true> : tensor<i1>
// CHECK-DAG:     %[[I:.*]] = arith.constant dense<{{\[\[}}1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
// CHECK:         return %[[F]], %[[B]], %[[I]] : tensor<2xf64>, tensor<i1>, tensor<2x3xi32>
func.func @constants() -> (tensor<2xf64>, tensor<i1>, tensor<2x3xi32>) {
  %f = tj.constant dense<[1.5, -2.0]> : tensor<2xf64>
  %b = tj.constant dense<true> : tensor<i1>
  %i = tj.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  return %f, %b, %i : tensor<2xf64>, tensor<i1>, tensor<2x3xi32>
}
