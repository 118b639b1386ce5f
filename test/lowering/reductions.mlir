// Lowering of the reductions: a linalg.generic with "reduction" iterators
// over the reduced axes, into an init filled with the reduction's identity;
// the output map keeps only the non-reduced dimensions.
//
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s --check-prefix=NOTJ
//
// No tj op survives anywhere in the output.
// NOTJ-NOT: tj.

// sum over axis 1 of a matrix: iterators [parallel, reduction], the output
// map drops d1, the init is a tensor of size dim 0 filled with 0.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @sum_axis1_f64(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xf64>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D0]]) : tensor<?xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<?xf64>) -> tensor<?xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[V]], %[[ACC]] : f64
// CHECK-NEXT:      linalg.yield %[[S]] : f64
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @sum_axis1_f64(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  %s = tj.sum %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xf64>
  return %s : tensor<?xf64>
}

// -----

// sum over axis 0: the output map keeps d1, iterators [reduction, parallel],
// and a static kept size gives a static init.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @sum_axis0_static_kept(
// CHECK-NOT:     tj.
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<3xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME:        outs(%[[INIT]] : tensor<3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[V]], %[[ACC]] : f32
func.func @sum_axis0_static_kept(%x: tensor<?x3xf32>) -> tensor<3xf32> {
  %s = tj.sum %x axes = [0] : (tensor<?x3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

// sum of int32 accumulates in int64 (numpy): the init is an i64 0 and each
// element is sign-extended before addi.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @sum_i32_accumulates_in_i64(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x?xi32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D0]]) : tensor<?xi64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%[[EMPTY]] : tensor<?xi64>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?xi32>) outs(%[[INIT]] : tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i32, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[VE:.*]] = arith.extsi %[[V]] : i32 to i64
// CHECK-NEXT:      %[[S:.*]] = arith.addi %[[VE]], %[[ACC]] : i64
// CHECK-NEXT:      linalg.yield %[[S]] : i64
// CHECK:         return %[[R]] : tensor<?xi64>
func.func @sum_i32_accumulates_in_i64(%x: tensor<?x?xi32>) -> tensor<?xi64> {
  %s = tj.sum %x axes = [1] : (tensor<?x?xi32>) -> tensor<?xi64>
  return %s : tensor<?xi64>
}

// -----

// sum of bools counts the trues: each bool is zero-extended (0/1, not -1)
// into the int64 accumulator.
// CHECK-LABEL: func.func @sum_bool_counts(
// CHECK-NOT:     tj.
// CHECK:         ^bb0(%[[V:.*]]: i1, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[VE:.*]] = arith.extui %[[V]] : i1 to i64
// CHECK-NEXT:      %[[S:.*]] = arith.addi %[[VE]], %[[ACC]] : i64
func.func @sum_bool_counts(%x: tensor<?xi1>) -> tensor<i64> {
  %s = tj.sum %x axes = [0] : (tensor<?xi1>) -> tensor<i64>
  return %s : tensor<i64>
}

// -----

// mean = sum / count, where count is the product of the reduced sizes
// (here dims 0 and 2 of a rank-3 input), converted with sitofp and divided
// in a second generic over the kept dimension.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG:   #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @mean_axes_0_2(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[D1:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[D2:.*]] = tensor.dim %[[X]], %[[C2]]
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[D1]]) : tensor<?xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<?xf64>)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?x?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[V]], %[[ACC]] : f64
// CHECK-NEXT:      linalg.yield %[[S]] : f64
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[P0:.*]] = arith.muli %[[ONE]], %[[D0]] : index
// CHECK:         %[[P1:.*]] = arith.muli %[[P0]], %[[D2]] : index
// CHECK:         %[[N64:.*]] = arith.index_cast %[[P1]] : index to i64
// CHECK:         %[[N:.*]] = arith.sitofp %[[N64]] : i64 to f64
// CHECK:         %[[EMPTY2:.*]] = tensor.empty(%[[D1]]) : tensor<?xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[SUM]] : tensor<?xf64>) outs(%[[EMPTY2]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[T:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[T]], %[[N]] : f64
// CHECK-NEXT:      linalg.yield %[[Q]] : f64
// CHECK:         return %[[R]] : tensor<?xf64>
func.func @mean_axes_0_2(%x: tensor<?x?x?xf64>) -> tensor<?xf64> {
  %s = tj.mean %x axes = [0, 2] : (tensor<?x?x?xf64>) -> tensor<?xf64>
  return %s : tensor<?xf64>
}

// -----

// mean of int32 is float64: elements are converted with sitofp into a
// float64 accumulator; the full reduction divides in a rank-0 generic.
// CHECK-DAG:   #[[$SCALAR:.*]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @mean_i32_is_f64(
// CHECK-SAME:      %[[X:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]]
// CHECK:         %[[SUM:.*]] = linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<f64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i32, %[[ACC:.*]]: f64):
// CHECK-NEXT:      %[[VF:.*]] = arith.sitofp %[[V]] : i32 to f64
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[VF]], %[[ACC]] : f64
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[P:.*]] = arith.muli %[[ONE]], %[[D0]] : index
// CHECK:         %[[N64:.*]] = arith.index_cast %[[P]] : index to i64
// CHECK:         %[[N:.*]] = arith.sitofp %[[N64]] : i64 to f64
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$SCALAR]], #[[$SCALAR]]], iterator_types = []}
// CHECK-SAME:        ins(%[[SUM]] : tensor<f64>)
// CHECK-NEXT:    ^bb0(%[[T:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[T]], %[[N]] : f64
// CHECK:         return %[[R]] : tensor<f64>
func.func @mean_i32_is_f64(%x: tensor<?xi32>) -> tensor<f64> {
  %s = tj.mean %x axes = [0] : (tensor<?xi32>) -> tensor<f64>
  return %s : tensor<f64>
}

// -----

// max of floats starts from -inf and propagates NaN (maximumf).
// CHECK-LABEL: func.func @max_f64_identity_neg_inf(
// CHECK-NOT:     tj.
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f64) outs(%[[EMPTY]] : tensor<3xf64>)
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:        iterator_types = ["reduction", "parallel"]
// CHECK-SAME:        outs(%[[INIT]] : tensor<3xf64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f64, %[[ACC:.*]]: f64):
// CHECK-NEXT:      %[[M:.*]] = arith.maximumf %[[V]], %[[ACC]] : f64
// CHECK-NEXT:      linalg.yield %[[M]] : f64
// CHECK:         return %[[R]]
func.func @max_f64_identity_neg_inf(%x: tensor<?x3xf64>) -> tensor<3xf64> {
  %s = tj.max %x axes = [0] : (tensor<?x3xf64>) -> tensor<3xf64>
  return %s : tensor<3xf64>
}

// -----

// min of floats starts from +inf and propagates NaN (minimumf).
// CHECK-LABEL: func.func @min_f32_identity_pos_inf(
// CHECK-NOT:     tj.
// CHECK:         %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[INF]] : f32)
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<3xf32>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[M:.*]] = arith.minimumf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:      linalg.yield %[[M]] : f32
// CHECK:         return %[[R]]
func.func @min_f32_identity_pos_inf(%x: tensor<?x3xf32>) -> tensor<3xf32> {
  %s = tj.min %x axes = [0] : (tensor<?x3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

// prod starts from 1 and multiplies; reducing the only axis gives rank 0
// (map to ()).
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @prod_f32_identity_one(
// CHECK-NOT:     tj.
// CHECK:         %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<f32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ONE]] : f32) outs(%[[EMPTY]] : tensor<f32>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction"]}
// CHECK-SAME:        outs(%[[INIT]] : tensor<f32>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[V]], %[[ACC]] : f32
// CHECK-NEXT:      linalg.yield %[[P]] : f32
// CHECK:         return %[[R]]
func.func @prod_f32_identity_one(%x: tensor<?xf32>) -> tensor<f32> {
  %s = tj.prod %x axes = [0] : (tensor<?xf32>) -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// max of int32 starts from INT32_MIN and compares signed (maxsi).
// CHECK-LABEL: func.func @max_i32_identity_int_min(
// CHECK-NOT:     tj.
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[MIN]] : i32)
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK-NEXT:      %[[M:.*]] = arith.maxsi %[[V]], %[[ACC]] : i32
// CHECK-NEXT:      linalg.yield %[[M]] : i32
// CHECK:         return %[[R]]
func.func @max_i32_identity_int_min(%x: tensor<?x?xi32>) -> tensor<?xi32> {
  %s = tj.max %x axes = [1] : (tensor<?x?xi32>) -> tensor<?xi32>
  return %s : tensor<?xi32>
}

// -----

// min of int64 starts from INT64_MAX and compares signed (minsi).
// CHECK-LABEL: func.func @min_i64_identity_int_max(
// CHECK-NOT:     tj.
// CHECK:         %[[MAX:.*]] = arith.constant 9223372036854775807 : i64
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[MAX]] : i64)
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<i64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i64, %[[ACC:.*]]: i64):
// CHECK-NEXT:      %[[M:.*]] = arith.minsi %[[V]], %[[ACC]] : i64
func.func @min_i64_identity_int_max(%x: tensor<?xi64>) -> tensor<i64> {
  %s = tj.min %x axes = [0] : (tensor<?xi64>) -> tensor<i64>
  return %s : tensor<i64>
}

// -----

// min of bools is "all": starts from true, combines with andi.
// CHECK-LABEL: func.func @min_bool_is_all(
// CHECK-NOT:     tj.
// CHECK:         %[[TRUE:.*]] = arith.constant true
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[TRUE]] : i1)
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<i1>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i1, %[[ACC:.*]]: i1):
// CHECK-NEXT:      %[[M:.*]] = arith.andi %[[V]], %[[ACC]] : i1
func.func @min_bool_is_all(%x: tensor<?xi1>) -> tensor<i1> {
  %s = tj.min %x axes = [0] : (tensor<?xi1>) -> tensor<i1>
  return %s : tensor<i1>
}

// -----

// max of bools is "any": starts from false, combines with ori.
// CHECK-LABEL: func.func @max_bool_is_any(
// CHECK-NOT:     tj.
// CHECK:         %[[FALSE:.*]] = arith.constant false
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[FALSE]] : i1)
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<i1>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i1, %[[ACC:.*]]: i1):
// CHECK-NEXT:      %[[M:.*]] = arith.ori %[[V]], %[[ACC]] : i1
func.func @max_bool_is_any(%x: tensor<?xi1>) -> tensor<i1> {
  %s = tj.max %x axes = [0] : (tensor<?xi1>) -> tensor<i1>
  return %s : tensor<i1>
}

// -----

// keepdims: the reduced axis comes back as size 1 through
// tensor.expand_shape of the reduced result, grouped with the kept axis.
// CHECK-LABEL: func.func @max_keepdims_axis0(
// CHECK-NOT:     tj.
// CHECK:         %[[RED:.*]] = linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<3xf64>)
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[RED]] {{\[\[}}0, 1]] output_shape [1, 3] : tensor<3xf64> into tensor<1x3xf64>
// CHECK:         return %[[R]] : tensor<1x3xf64>
func.func @max_keepdims_axis0(%x: tensor<?x3xf64>) -> tensor<1x3xf64> {
  %s = tj.max %x axes = [0] keepdims : (tensor<?x3xf64>) -> tensor<1x3xf64>
  return %s : tensor<1x3xf64>
}

// -----

// keepdims with a dynamic kept size: output_shape takes the input's size.
// CHECK-LABEL: func.func @sum_keepdims_dynamic_kept(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[RED:.*]] = linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<?xf64>)
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[RED]] {{\[\[}}0, 1]] output_shape [%[[D0]], 1] : tensor<?xf64> into tensor<?x1xf64>
// CHECK:         return %[[R]] : tensor<?x1xf64>
func.func @sum_keepdims_dynamic_kept(%x: tensor<?x?xf64>) -> tensor<?x1xf64> {
  %s = tj.sum %x axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xf64>
  return %s : tensor<?x1xf64>
}

// -----

// keepdims with reduced axes on both sides of a kept one: one group.
// CHECK-LABEL: func.func @sum_keepdims_axes_0_2(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[D1:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK:         %[[RED:.*]] = linalg.generic
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[RED]] {{\[\[}}0, 1, 2]] output_shape [1, %[[D1]], 1] : tensor<?xf64> into tensor<1x?x1xf64>
// CHECK:         return %[[R]] : tensor<1x?x1xf64>
func.func @sum_keepdims_axes_0_2(%x: tensor<?x?x?xf64>) -> tensor<1x?x1xf64> {
  %s = tj.sum %x axes = [0, 2] keepdims : (tensor<?x?x?xf64>) -> tensor<1x?x1xf64>
  return %s : tensor<1x?x1xf64>
}

// -----

// Reducing every axis gives a rank-0 result: empty sizes, a map to (), all
// iterators "reduction", and no reshape.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @sum_full_to_rank0(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<f64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f64) outs(%[[EMPTY]] : tensor<f64>)
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?xf64>) outs(%[[INIT]] : tensor<f64>)
// CHECK-NOT:     tensor.expand_shape
// CHECK:         return %[[R]] : tensor<f64>
func.func @sum_full_to_rank0(%x: tensor<?x?xf64>) -> tensor<f64> {
  %s = tj.sum %x axes = [0, 1] : (tensor<?x?xf64>) -> tensor<f64>
  return %s : tensor<f64>
}

// -----

// Reducing every axis with keepdims: the rank-0 result expands to 1x1.
// CHECK-LABEL: func.func @sum_full_keepdims(
// CHECK-NOT:     tj.
// CHECK:         %[[RED:.*]] = linalg.generic
// CHECK-SAME:        outs(%{{.*}} : tensor<f64>)
// CHECK:         %[[R:.*]] = tensor.expand_shape %[[RED]] [] output_shape [1, 1] : tensor<f64> into tensor<1x1xf64>
// CHECK:         return %[[R]] : tensor<1x1xf64>
func.func @sum_full_keepdims(%x: tensor<?x?xf64>) -> tensor<1x1xf64> {
  %s = tj.sum %x axes = [0, 1] keepdims : (tensor<?x?xf64>) -> tensor<1x1xf64>
  return %s : tensor<1x1xf64>
}

// -----

//===----------------------------------------------------------------------===//
// argmax
//===----------------------------------------------------------------------===//

// argmax along axis 1 of floats: one generic with two outputs (the best
// value, from -inf, and its int64 index, from 0). An element replaces the
// best when it is strictly greater (so the first maximum wins) or when it is
// the first NaN (x is NaN and best is not). The index is linalg.index of the
// reduced axis. The result is the second output.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @argmax_f64_axis1(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         %[[EV:.*]] = tensor.empty(%[[D0]]) : tensor<?xf64>
// CHECK:         %[[INITV:.*]] = linalg.fill ins(%[[NEGINF]] : f64) outs(%[[EV]] : tensor<?xf64>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[EI:.*]] = tensor.empty(%[[D0]]) : tensor<?xi64>
// CHECK:         %[[INITI:.*]] = linalg.fill ins(%[[ZERO]] : i64) outs(%[[EI]] : tensor<?xi64>)
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]], #[[$OUT]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:        ins(%[[X]] : tensor<?x?xf64>) outs(%[[INITV]], %[[INITI]] : tensor<?xf64>, tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: f64, %[[BEST:.*]]: f64, %[[BESTI:.*]]: i64):
// CHECK-NEXT:      %[[GT:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f64
// CHECK-NEXT:      %[[VNAN:.*]] = arith.cmpf uno, %[[V]], %[[V]] : f64
// CHECK-NEXT:      %[[BNAN:.*]] = arith.cmpf uno, %[[BEST]], %[[BEST]] : f64
// CHECK-NEXT:      %[[TRUE:.*]] = arith.constant true
// CHECK-NEXT:      %[[BNOTNAN:.*]] = arith.xori %[[BNAN]], %[[TRUE]] : i1
// CHECK-NEXT:      %[[FIRSTNAN:.*]] = arith.andi %[[VNAN]], %[[BNOTNAN]] : i1
// CHECK-NEXT:      %[[TAKE:.*]] = arith.ori %[[GT]], %[[FIRSTNAN]] : i1
// CHECK-NEXT:      %[[IDX:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[IDX64:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK-NEXT:      %[[NV:.*]] = arith.select %[[TAKE]], %[[V]], %[[BEST]] : f64
// CHECK-NEXT:      %[[NI:.*]] = arith.select %[[TAKE]], %[[IDX64]], %[[BESTI]] : i64
// CHECK-NEXT:      linalg.yield %[[NV]], %[[NI]] : f64, i64
// CHECK:         return %[[R]]#1 : tensor<?xi64>
func.func @argmax_f64_axis1(%x: tensor<?x?xf64>) -> tensor<?xi64> {
  %i = tj.argmax %x axes = [1] : (tensor<?x?xf64>) -> tensor<?xi64>
  return %i : tensor<?xi64>
}

// -----

// argmax of int32 along axis 0: starts from INT32_MIN, compares signed
// (sgt), no NaN test; the index is linalg.index 0.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @argmax_i32_axis0(
// CHECK-NOT:     tj.
// CHECK:         %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK:         %[[INITV:.*]] = linalg.fill ins(%[[MIN]] : i32)
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:         %[[INITI:.*]] = linalg.fill ins(%[[ZERO]] : i64)
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]], #[[$OUT]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME:        outs(%[[INITV]], %[[INITI]] : tensor<?xi32>, tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[V:.*]]: i32, %[[BEST:.*]]: i32, %[[BESTI:.*]]: i64):
// CHECK-NEXT:      %[[GT:.*]] = arith.cmpi sgt, %[[V]], %[[BEST]] : i32
// CHECK-NEXT:      %[[IDX:.*]] = linalg.index 0 : index
// CHECK-NEXT:      %[[IDX64:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK-NEXT:      %[[NV:.*]] = arith.select %[[GT]], %[[V]], %[[BEST]] : i32
// CHECK-NEXT:      %[[NI:.*]] = arith.select %[[GT]], %[[IDX64]], %[[BESTI]] : i64
// CHECK-NEXT:      linalg.yield %[[NV]], %[[NI]] : i32, i64
// CHECK:         return %[[R]]#1 : tensor<?xi64>
func.func @argmax_i32_axis0(%x: tensor<?x?xi32>) -> tensor<?xi64> {
  %i = tj.argmax %x axes = [0] : (tensor<?x?xi32>) -> tensor<?xi64>
  return %i : tensor<?xi64>
}

// -----

// argmax with keepdims expands the index output (not the value output).
// CHECK-LABEL: func.func @argmax_keepdims(
// CHECK-SAME:      %[[X:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK:         %[[R:.*]]:2 = linalg.generic
// CHECK:         %[[E:.*]] = tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [%[[D0]], 1] : tensor<?xi64> into tensor<?x1xi64>
// CHECK:         return %[[E]] : tensor<?x1xi64>
func.func @argmax_keepdims(%x: tensor<?x?xf64>) -> tensor<?x1xi64> {
  %i = tj.argmax %x axes = [1] keepdims : (tensor<?x?xf64>) -> tensor<?x1xi64>
  return %i : tensor<?x1xi64>
}
