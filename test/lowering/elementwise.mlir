// Lowering of the elementwise ops (the BroadcastingElementwise trait): one
// linalg.generic per op whose indexing maps broadcast (numpy rules, shapes
// aligned on the right) and whose body is the op's scalar function, with the
// operands converted to the type the op computes in.
//
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg | FileCheck %s --check-prefix=NOTJ
// RUN: tensorjit-opt %s -split-input-file -tj-lower-to-linalg=assume-no-runtime-broadcast=true | FileCheck %s --check-prefix=ASSUME
//
// No tj op survives anywhere in the output.
// NOTJ-NOT: tj.

//===----------------------------------------------------------------------===//
// Broadcasting
//===----------------------------------------------------------------------===//

// A static size-1 dimension is read at index 0 (constant 0 in the map) and
// a lower-rank operand is aligned on the right: (?, 1) + (?,) reads a[i, 0]
// and b[j]. The result sizes are a's dim 0 and b's dim 0; nothing is decided
// at run time.
// CHECK-DAG:   #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @static_broadcast_column_plus_row(
// CHECK-SAME:      %[[A:.*]]: tensor<?x1xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[A0:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x1xf64>
// CHECK:         %[[C0B:.*]] = arith.constant 0 : index
// CHECK:         %[[B0:.*]] = tensor.dim %[[B]], %[[C0B]] : tensor<?xf64>
// CHECK-NOT:     arith.select
// CHECK:         %[[INIT:.*]] = tensor.empty(%[[A0]], %[[B0]]) : tensor<?x?xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<?x1xf64>, tensor<?xf64>) outs(%[[INIT]] : tensor<?x?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[S]] : f64
// CHECK:         return %[[R]]
//
// Static broadcasting does not depend on the option.
// ASSUME-DAG:   #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// ASSUME-DAG:   #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// ASSUME-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// ASSUME-LABEL: func.func @static_broadcast_column_plus_row(
// ASSUME:         linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
func.func @static_broadcast_column_plus_row(%a: tensor<?x1xf64>, %b: tensor<?xf64>) -> tensor<?x?xf64> {
  %s = tj.add %a, %b : (tensor<?x1xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// -----

// A rank-0 operand is read through a map with no results.
// CHECK-DAG:   #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @rank0_operand_map(
// CHECK-SAME:      %[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<f64>)
// CHECK-NOT:     tj.
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<?xf64>, tensor<f64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[P]] : f64
// CHECK:         return %[[R]]
func.func @rank0_operand_map(%a: tensor<?xf64>, %b: tensor<f64>) -> tensor<?xf64> {
  %s = tj.mul %a, %b : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  return %s : tensor<?xf64>
}

// -----

// (?, ?) * (?, ?): either operand may be 1 in any dimension at run time.
// Each result size is the first operand size that is not 1
// (select(a_i == 1, b_i, a_i)); both operands are gathered: no generic input,
// each read with tensor.extract at index select(size == 1, 0, i).
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @runtime_broadcast_mul(
// CHECK-SAME:      %[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// CHECK-NOT:     tj.
//   Result size 0.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[A0:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK:         %[[C0B:.*]] = arith.constant 0 : index
// CHECK:         %[[B0:.*]] = tensor.dim %[[B]], %[[C0B]]
// CHECK:         %[[ONE0:.*]] = arith.constant 1 : index
// CHECK:         %[[A0_IS_1:.*]] = arith.cmpi eq, %[[A0]], %[[ONE0]] : index
// CHECK:         %[[N0:.*]] = arith.select %[[A0_IS_1]], %[[B0]], %[[A0]] : index
//   Result size 1.
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[A1:.*]] = tensor.dim %[[A]], %[[C1]]
// CHECK:         %[[C1B:.*]] = arith.constant 1 : index
// CHECK:         %[[B1:.*]] = tensor.dim %[[B]], %[[C1B]]
// CHECK:         %[[ONE1:.*]] = arith.constant 1 : index
// CHECK:         %[[A1_IS_1:.*]] = arith.cmpi eq, %[[A1]], %[[ONE1]] : index
// CHECK:         %[[N1:.*]] = arith.select %[[A1_IS_1]], %[[B1]], %[[A1]] : index
//   Which operand sizes are 1, outside the loop.
// CHECK:         %[[ONEA:.*]] = arith.constant 1 : index
// CHECK:         %[[IA0:.*]] = arith.constant 0 : index
// CHECK:         %[[DA0:.*]] = tensor.dim %[[A]], %[[IA0]]
// CHECK:         %[[GA0:.*]] = arith.cmpi eq, %[[DA0]], %[[ONEA]] : index
// CHECK:         %[[IA1:.*]] = arith.constant 1 : index
// CHECK:         %[[DA1:.*]] = tensor.dim %[[A]], %[[IA1]]
// CHECK:         %[[GA1:.*]] = arith.cmpi eq, %[[DA1]], %[[ONEA]] : index
// CHECK:         %[[ONEB:.*]] = arith.constant 1 : index
// CHECK:         %[[IB0:.*]] = arith.constant 0 : index
// CHECK:         %[[DB0:.*]] = tensor.dim %[[B]], %[[IB0]]
// CHECK:         %[[GB0:.*]] = arith.cmpi eq, %[[DB0]], %[[ONEB]] : index
// CHECK:         %[[IB1:.*]] = arith.constant 1 : index
// CHECK:         %[[DB1:.*]] = tensor.dim %[[B]], %[[IB1]]
// CHECK:         %[[GB1:.*]] = arith.cmpi eq, %[[DB1]], %[[ONEB]] : index
//   The loop: no inputs, gathered reads.
// CHECK:         %[[INIT:.*]] = tensor.empty(%[[N0]], %[[N1]]) : tensor<?x?xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[INIT]] : tensor<?x?xf64>)
// CHECK-NEXT:    ^bb0(%{{.*}}: f64):
// CHECK:           %[[Z:.*]] = arith.constant 0 : index
// CHECK:           %[[I:.*]] = linalg.index 0 : index
// CHECK:           %[[AI:.*]] = arith.select %[[GA0]], %[[Z]], %[[I]] : index
// CHECK:           %[[J:.*]] = linalg.index 1 : index
// CHECK:           %[[AJ:.*]] = arith.select %[[GA1]], %[[Z]], %[[J]] : index
// CHECK:           %[[X:.*]] = tensor.extract %[[A]][%[[AI]], %[[AJ]]] : tensor<?x?xf64>
// CHECK:           %[[ZB:.*]] = arith.constant 0 : index
// CHECK:           %[[IB:.*]] = linalg.index 0 : index
// CHECK:           %[[BI:.*]] = arith.select %[[GB0]], %[[ZB]], %[[IB]] : index
// CHECK:           %[[JB:.*]] = linalg.index 1 : index
// CHECK:           %[[BJ:.*]] = arith.select %[[GB1]], %[[ZB]], %[[JB]] : index
// CHECK:           %[[Y:.*]] = tensor.extract %[[B]][%[[BI]], %[[BJ]]] : tensor<?x?xf64>
// CHECK:           %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// CHECK:           linalg.yield %[[P]] : f64
// CHECK:         return %[[R]]
//
// With assume-no-runtime-broadcast, dynamic sizes in one position are equal:
// plain identity maps, both operands as inputs, sizes taken from the first
// operand, no run-time choice and no gather.
// ASSUME-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// ASSUME-LABEL: func.func @runtime_broadcast_mul(
// ASSUME-SAME:      %[[A:.*]]: tensor<?x?xf64>, %[[B:.*]]: tensor<?x?xf64>)
// ASSUME-NOT:     arith.select
// ASSUME-NOT:     arith.cmpi
// ASSUME:         %[[C0:.*]] = arith.constant 0 : index
// ASSUME:         %[[A0:.*]] = tensor.dim %[[A]], %[[C0]]
// ASSUME:         %[[C1:.*]] = arith.constant 1 : index
// ASSUME:         %[[A1:.*]] = tensor.dim %[[A]], %[[C1]]
// ASSUME-NOT:     arith.select
// ASSUME-NOT:     arith.cmpi
// ASSUME:         %[[INIT:.*]] = tensor.empty(%[[A0]], %[[A1]]) : tensor<?x?xf64>
// ASSUME:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// ASSUME-SAME:        ins(%[[A]], %[[B]] : tensor<?x?xf64>, tensor<?x?xf64>) outs(%[[INIT]] : tensor<?x?xf64>)
// ASSUME-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// ASSUME-NEXT:      %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f64
// ASSUME-NEXT:      linalg.yield %[[P]] : f64
// ASSUME:         return %[[R]]
func.func @runtime_broadcast_mul(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %s = tj.mul %a, %b : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
  return %s : tensor<?x?xf64>
}

// -----

// (?,) - (4,): the result size is 4, and the dynamic lhs may be a broadcast
// 1, so only the lhs is gathered; the rhs stays a generic input. The
// operand order is kept: lhs - rhs.
// CHECK-DAG:   #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @dynamic_operand_static_result(
// CHECK-SAME:      %[[A:.*]]: tensor<?xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[ONE:.*]] = arith.constant 1 : index
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[A0:.*]] = tensor.dim %[[A]], %[[C0]]
// CHECK:         %[[G:.*]] = arith.cmpi eq, %[[A0]], %[[ONE]] : index
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[B]] : tensor<4xf64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK:           %[[Z:.*]] = arith.constant 0 : index
// CHECK:           %[[I:.*]] = linalg.index 0 : index
// CHECK:           %[[AI:.*]] = arith.select %[[G]], %[[Z]], %[[I]] : index
// CHECK:           %[[X:.*]] = tensor.extract %[[A]][%[[AI]]] : tensor<?xf64>
// CHECK:           %[[D:.*]] = arith.subf %[[X]], %[[Y]] : f64
// CHECK:           linalg.yield %[[D]] : f64
// CHECK:         return %[[R]]
func.func @dynamic_operand_static_result(%a: tensor<?xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %s = tj.sub %a, %b : (tensor<?xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %s : tensor<4xf64>
}

// -----

//===----------------------------------------------------------------------===//
// Promotion
//===----------------------------------------------------------------------===//

// int32 + float32 computes in float64 (numpy): the int is converted with
// sitofp and the float32 with extf before the addf.
// CHECK-LABEL: func.func @promote_i32_plus_f32_to_f64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xf32>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: f32, %{{.*}}: f64):
// CHECK-DAG:       %[[XF:.*]] = arith.sitofp %[[X]] : i32 to f64
// CHECK-DAG:       %[[YF:.*]] = arith.extf %[[Y]] : f32 to f64
// CHECK:           %[[S:.*]] = arith.addf %[[XF]], %[[YF]] : f64
// CHECK-NEXT:      linalg.yield %[[S]] : f64
// CHECK:         return %[[RES]]
func.func @promote_i32_plus_f32_to_f64(%a: tensor<4xi32>, %b: tensor<4xf32>) -> tensor<4xf64> {
  %s = tj.add %a, %b : (tensor<4xi32>, tensor<4xf32>) -> tensor<4xf64>
  return %s : tensor<4xf64>
}

// -----

//===----------------------------------------------------------------------===//
// Unary ops: the scalar body of each
//===----------------------------------------------------------------------===//

// Float negation is arith.negf.
// CHECK-LABEL: func.func @neg_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.negf %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @neg_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.neg %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// Integer negation is 0 - x.
// CHECK-LABEL: func.func @neg_i32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[R:.*]] = arith.subi %[[ZERO]], %[[X]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @neg_i32(%x: tensor<?xi32>) -> tensor<?xi32> {
  %y = tj.neg %x : (tensor<?xi32>) -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// -----

// Float |x| is math.absf.
// CHECK-LABEL: func.func @abs_f32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = math.absf %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @abs_f32(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tj.abs %x : (tensor<?xf32>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// Integer |x| is math.absi.
// CHECK-LABEL: func.func @abs_i64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi64>) outs(%[[INIT]] : tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      %[[R:.*]] = math.absi %[[X]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
// CHECK:         return %[[RES]]
func.func @abs_i64(%x: tensor<?xi64>) -> tensor<?xi64> {
  %y = tj.abs %x : (tensor<?xi64>) -> tensor<?xi64>
  return %y : tensor<?xi64>
}

// -----

// sqr(x) is x * x.
// CHECK-LABEL: func.func @sqr_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @sqr_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sqr %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// Integer sqr(x) is x * x with muli.
// CHECK-LABEL: func.func @sqr_i32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT:      %[[R:.*]] = arith.muli %[[X]], %[[X]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @sqr_i32(%x: tensor<?xi32>) -> tensor<?xi32> {
  %y = tj.sqr %x : (tensor<?xi32>) -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// -----

// exp is math.exp.
// CHECK-LABEL: func.func @exp_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.exp %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @exp_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.exp %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// Float-valued ops on int32 first convert to float64 (upgrade_to_float).
// CHECK-LABEL: func.func @exp_i32_upgrades_to_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: f64):
// CHECK-NEXT:      %[[XF:.*]] = arith.sitofp %[[X]] : i32 to f64
// CHECK-NEXT:      %[[R:.*]] = math.exp %[[XF]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @exp_i32_upgrades_to_f64(%x: tensor<?xi32>) -> tensor<?xf64> {
  %y = tj.exp %x : (tensor<?xi32>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// Float-valued ops on bool compute in float32, bool read as 0/1 (uitofp).
// CHECK-LABEL: func.func @exp_bool_upgrades_to_f32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi1>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi1>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %{{.*}}: f32):
// CHECK-NEXT:      %[[XF:.*]] = arith.uitofp %[[X]] : i1 to f32
// CHECK-NEXT:      %[[R:.*]] = math.exp %[[XF]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @exp_bool_upgrades_to_f32(%x: tensor<?xi1>) -> tensor<?xf32> {
  %y = tj.exp %x : (tensor<?xi1>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// log is math.log.
// CHECK-LABEL: func.func @log_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.log %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @log_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.log %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// log1p is math.log1p (not log(1 + x)).
// CHECK-LABEL: func.func @log1p_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.log1p %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @log1p_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.log1p %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// expm1 by Kahan's formula near 0, not math.expm1 (whose LLVM lowering is
// exp(x) - 1): u = exp(x); for |x| < 0.5, x if u == 1 else
// (u - 1) * x / log(u); elsewhere u - 1 (no cancellation, no overflow).
// CHECK-LABEL: func.func @expm1_f64_kahan(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-DAG:       %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:       %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:       %[[U:.*]] = math.exp %[[X]] : f64
// CHECK-DAG:       %[[UM1:.*]] = arith.subf %[[U]], %[[ONE]] : f64
// CHECK-DAG:       %[[LOGU:.*]] = math.log %[[U]] : f64
// CHECK-DAG:       %[[NUM:.*]] = arith.mulf %[[UM1]], %[[X]] : f64
// CHECK-DAG:       %[[KAHAN:.*]] = arith.divf %[[NUM]], %[[LOGU]] : f64
// CHECK-DAG:       %[[ABS:.*]] = math.absf %[[X]] : f64
// CHECK-DAG:       %[[SMALL:.*]] = arith.cmpf olt, %[[ABS]], %[[HALF]] : f64
// CHECK-DAG:       %[[IS1:.*]] = arith.cmpf oeq, %[[U]], %[[ONE]] : f64
// CHECK-DAG:       %[[NEAR:.*]] = arith.select %[[IS1]], %[[X]], %[[KAHAN]] : f64
// CHECK:           %[[R:.*]] = arith.select %[[SMALL]], %[[NEAR]], %[[UM1]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @expm1_f64_kahan(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.expm1 %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// sqrt is math.sqrt.
// CHECK-LABEL: func.func @sqrt_f32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = math.sqrt %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @sqrt_f32(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = tj.sqrt %x : (tensor<?xf32>) -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// tanh is math.tanh.
// CHECK-LABEL: func.func @tanh_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.tanh %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @tanh_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.tanh %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[X]] : f64
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[NEG]] : f64
// CHECK-DAG:       %[[DEN:.*]] = arith.addf %[[ONE_A:.*]], %[[E]] : f64
// CHECK-DAG:       %[[R:.*]] = arith.divf %[[ONE_B:.*]], %[[DEN]] : f64
// CHECK-DAG:       %[[ONE_A]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:       %[[ONE_B]] = arith.constant 1.000000e+00 : f64
// CHECK:           linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @sigmoid_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sigmoid %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// softplus(x) = max(x, 0) + log1p(exp(-|x|)) (no overflow for large |x|).
// CHECK-LABEL: func.func @softplus_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[ABS:.*]] = math.absf %[[X]] : f64
// CHECK-NEXT:      %[[NABS:.*]] = arith.negf %[[ABS]] : f64
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[NABS]] : f64
// CHECK-NEXT:      %[[TAIL:.*]] = math.log1p %[[E]] : f64
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:      %[[M:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f64
// CHECK-NEXT:      %[[R:.*]] = arith.addf %[[M]], %[[TAIL]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @softplus_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.softplus %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// sin is math.sin.
// CHECK-LABEL: func.func @sin_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.sin %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @sin_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.sin %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// cos is math.cos.
// CHECK-LABEL: func.func @cos_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.cos %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @cos_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.cos %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// floor is math.floor.
// CHECK-LABEL: func.func @floor_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.floor %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @floor_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.floor %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// ceil is math.ceil.
// CHECK-LABEL: func.func @ceil_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.ceil %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @ceil_f64(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.ceil %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// round rounds halves to even (numpy): math.roundeven, not math.round.
// CHECK-LABEL: func.func @round_f64_half_to_even(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.roundeven %[[X]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @round_f64_half_to_even(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.round %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

// Float subtraction is arith.subf, lhs - rhs.
// CHECK-LABEL: func.func @sub_f64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.subf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @sub_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %c = tj.sub %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %c : tensor<4xf64>
}

// -----

// Integer subtraction promotes int32 to int64 (extsi), then subi, lhs - rhs.
// CHECK-LABEL: func.func @sub_i32_i64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      %[[XE:.*]] = arith.extsi %[[X]] : i32 to i64
// CHECK-NEXT:      %[[R:.*]] = arith.subi %[[XE]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
// CHECK:         return %[[RES]]
func.func @sub_i32_i64(%a: tensor<4xi32>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %c = tj.sub %a, %b : (tensor<4xi32>, tensor<4xi64>) -> tensor<4xi64>
  return %c : tensor<4xi64>
}

// -----

// Float division is arith.divf, lhs / rhs.
// CHECK-LABEL: func.func @div_f32(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>) outs(%[[INIT]] : tensor<4xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = arith.divf %[[X]], %[[Y]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @div_f32(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %c = tj.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

// -----

// Integer division is true division in float64: both operands sitofp, then divf.
// CHECK-LABEL: func.func @div_i64_true_division(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi64>, %[[B:.*]]: tensor<4xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi64>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: f64):
// CHECK-DAG:       %[[XF:.*]] = arith.sitofp %[[X]] : i64 to f64
// CHECK-DAG:       %[[YF:.*]] = arith.sitofp %[[Y]] : i64 to f64
// CHECK:           %[[R:.*]] = arith.divf %[[XF]], %[[YF]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @div_i64_true_division(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xf64> {
  %c = tj.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xf64>
  return %c : tensor<4xf64>
}

// -----

// Float power is math.powf.
// CHECK-LABEL: func.func @pow_f64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = math.powf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @pow_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %c = tj.pow %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %c : tensor<4xf64>
}

// -----

// Integer power stays integer: math.ipowi, of 2 instead of 0 for a negative
// exponent (ipowi divides 1 by 0 there; 2 gives the defined 0).
// CHECK-LABEL: func.func @pow_i32(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>) outs(%[[INIT]] : tensor<4xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[XZ:.*]] = arith.cmpi eq, %[[X]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[YN:.*]] = arith.cmpi slt, %[[Y]], %[[ZERO]] : i32
// CHECK-NEXT:      %[[BAD:.*]] = arith.andi %[[XZ]], %[[YN]] : i1
// CHECK-NEXT:      %[[TWO:.*]] = arith.constant 2 : i32
// CHECK-NEXT:      %[[BASE:.*]] = arith.select %[[BAD]], %[[TWO]], %[[X]] : i32
// CHECK-NEXT:      %[[R:.*]] = math.ipowi %[[BASE]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @pow_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %c = tj.pow %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %c : tensor<4xi32>
}

// -----

// Float maximum propagates NaN (numpy): arith.maximumf, not maxnumf.
// CHECK-LABEL: func.func @maximum_f64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @maximum_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %c = tj.maximum %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %c : tensor<4xf64>
}

// -----

// Float minimum propagates NaN (numpy): arith.minimumf, not minnumf.
// CHECK-LABEL: func.func @minimum_f64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.minimumf %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @minimum_f64(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %c = tj.minimum %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %c : tensor<4xf64>
}

// -----

// Integer maximum is signed: arith.maxsi.
// CHECK-LABEL: func.func @maximum_i32_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>) outs(%[[INIT]] : tensor<4xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT:      %[[R:.*]] = arith.maxsi %[[X]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @maximum_i32_signed(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %c = tj.maximum %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %c : tensor<4xi32>
}

// -----

// Integer minimum is signed: arith.minsi.
// CHECK-LABEL: func.func @minimum_i64_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi64>, %[[B:.*]]: tensor<4xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi64>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: i64):
// CHECK-NEXT:      %[[R:.*]] = arith.minsi %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
// CHECK:         return %[[RES]]
func.func @minimum_i64_signed(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %c = tj.minimum %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %c : tensor<4xi64>
}

// -----

// bool + bool is bool (True + True is True): arith.ori.
// CHECK-LABEL: func.func @add_bool_is_or(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.ori %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @add_bool_is_or(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.add %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// bool * bool is logical and: arith.andi.
// CHECK-LABEL: func.func @mul_bool_is_and(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.andi %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @mul_bool_is_and(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.mul %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// maximum of bools is or.
// CHECK-LABEL: func.func @maximum_bool_is_or(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.ori %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @maximum_bool_is_or(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.maximum %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

//===----------------------------------------------------------------------===//
// Comparisons: bool results, computed in the promoted operand type
//===----------------------------------------------------------------------===//

// Float lt is ordered (false with NaN): cmpf olt.
// CHECK-LABEL: func.func @lt_f64_ordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf olt, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @lt_f64_ordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.lt %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Float le is ordered (false with NaN): cmpf ole.
// CHECK-LABEL: func.func @le_f64_ordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf ole, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @le_f64_ordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.le %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Float gt is ordered (false with NaN): cmpf ogt.
// CHECK-LABEL: func.func @gt_f64_ordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf ogt, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @gt_f64_ordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.gt %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Float ge is ordered (false with NaN): cmpf oge.
// CHECK-LABEL: func.func @ge_f64_ordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf oge, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @ge_f64_ordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.ge %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Float eq is ordered (false with NaN): cmpf oeq.
// CHECK-LABEL: func.func @eq_f64_ordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf oeq, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @eq_f64_ordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.eq %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Float ne is true with NaN (numpy): cmpf une.
// CHECK-LABEL: func.func @ne_f64_unordered(
// CHECK-SAME:      %[[A:.*]]: tensor<4xf64>, %[[B:.*]]: tensor<4xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xf64>, tensor<4xf64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf une, %[[X]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @ne_f64_unordered(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xi1> {
  %c = tj.ne %a, %b : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer lt compares signed: cmpi slt.
// CHECK-LABEL: func.func @lt_i32_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi slt, %[[X]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @lt_i32_signed(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  %c = tj.lt %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer le compares signed: cmpi sle.
// CHECK-LABEL: func.func @le_i64_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi64>, %[[B:.*]]: tensor<4xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi64>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi sle, %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @le_i64_signed(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi1> {
  %c = tj.le %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer gt compares signed: cmpi sgt.
// CHECK-LABEL: func.func @gt_i8_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi8>, %[[B:.*]]: tensor<4xi8>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi8>, tensor<4xi8>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi sgt, %[[X]], %[[Y]] : i8
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @gt_i8_signed(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi1> {
  %c = tj.gt %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer ge compares signed: cmpi sge.
// CHECK-LABEL: func.func @ge_i16_signed(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi16>, %[[B:.*]]: tensor<4xi16>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi16>, tensor<4xi16>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i16, %[[Y:.*]]: i16, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi sge, %[[X]], %[[Y]] : i16
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @ge_i16_signed(%a: tensor<4xi16>, %b: tensor<4xi16>) -> tensor<4xi1> {
  %c = tj.ge %a, %b : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer eq is cmpi eq.
// CHECK-LABEL: func.func @eq_i32(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi eq, %[[X]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @eq_i32(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  %c = tj.eq %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// Integer ne is cmpi ne.
// CHECK-LABEL: func.func @ne_i64(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi64>, %[[B:.*]]: tensor<4xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi64>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %[[Y:.*]]: i64, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi ne, %[[X]], %[[Y]] : i64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @ne_i64(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi1> {
  %c = tj.ne %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// bool lt compares unsigned (True is 1, not -1): cmpi ult.
// CHECK-LABEL: func.func @lt_bool_unsigned(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi ult, %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @lt_bool_unsigned(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.lt %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// bool le compares unsigned (True is 1, not -1): cmpi ule.
// CHECK-LABEL: func.func @le_bool_unsigned(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi ule, %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @le_bool_unsigned(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.le %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// bool gt compares unsigned (True is 1, not -1): cmpi ugt.
// CHECK-LABEL: func.func @gt_bool_unsigned(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi ugt, %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @gt_bool_unsigned(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.gt %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// bool ge compares unsigned (True is 1, not -1): cmpi uge.
// CHECK-LABEL: func.func @ge_bool_unsigned(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi1>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i1, %{{.*}}: i1):
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi uge, %[[X]], %[[Y]] : i1
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @ge_bool_unsigned(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %c = tj.ge %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// A comparison of int32 with float32 converts both to the promoted float64.
// CHECK-LABEL: func.func @lt_i32_f32_promotes(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xf32>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: f32, %{{.*}}: i1):
// CHECK-DAG:       %[[XF:.*]] = arith.sitofp %[[X]] : i32 to f64
// CHECK-DAG:       %[[YF:.*]] = arith.extf %[[Y]] : f32 to f64
// CHECK:           %[[R:.*]] = arith.cmpf olt, %[[XF]], %[[YF]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @lt_i32_f32_promotes(%a: tensor<4xi32>, %b: tensor<4xf32>) -> tensor<4xi1> {
  %c = tj.lt %a, %b : (tensor<4xi32>, tensor<4xf32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

// A comparison of bool with int32 reads the bool as 0/1 (extui) and compares in int32.
// CHECK-LABEL: func.func @eq_bool_i32_promotes(
// CHECK-SAME:      %[[A:.*]]: tensor<4xi1>, %[[B:.*]]: tensor<4xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<4xi1>, tensor<4xi32>) outs(%[[INIT]] : tensor<4xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %[[Y:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT:      %[[XE:.*]] = arith.extui %[[X]] : i1 to i32
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi eq, %[[XE]], %[[Y]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @eq_bool_i32_promotes(%a: tensor<4xi1>, %b: tensor<4xi32>) -> tensor<4xi1> {
  %c = tj.eq %a, %b : (tensor<4xi1>, tensor<4xi32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// -----

//===----------------------------------------------------------------------===//
// select
//===----------------------------------------------------------------------===//

// where(c, x, y) is arith.select on the condition element, with x (int32)
// and y (rank-0 float64) converted to the promoted float64; y is read
// through a map with no results.
// CHECK-DAG:   #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[$SCALAR:.*]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @select_promotes_branches(
// CHECK-SAME:      %[[C:.*]]: tensor<4xi1>, %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<f64>)
// CHECK-NOT:     tj.
// CHECK:         %[[RES:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$SCALAR]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[C]], %[[A]], %[[B]] : tensor<4xi1>, tensor<4xi32>, tensor<f64>) outs(%{{.*}} : tensor<4xf64>)
// CHECK-NEXT:    ^bb0(%[[CV:.*]]: i1, %[[X:.*]]: i32, %[[Y:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[XF:.*]] = arith.sitofp %[[X]] : i32 to f64
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[CV]], %[[XF]], %[[Y]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @select_promotes_branches(%c: tensor<4xi1>, %a: tensor<4xi32>, %b: tensor<f64>) -> tensor<4xf64> {
  %s = tj.select %c, %a, %b : (tensor<4xi1>, tensor<4xi32>, tensor<f64>) -> tensor<4xf64>
  return %s : tensor<4xf64>
}

// -----

// Both branches converted: int8 and int32 become int32 (extsi on the int8).
// CHECK-LABEL: func.func @select_converts_both_branches(
// CHECK-NOT:     tj.
// CHECK:         ^bb0(%[[CV:.*]]: i1, %[[X:.*]]: i32, %[[Y:.*]]: i8, %{{.*}}: i32):
// CHECK-NEXT:      %[[YE:.*]] = arith.extsi %[[Y]] : i8 to i32
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[CV]], %[[X]], %[[YE]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
func.func @select_converts_both_branches(%c: tensor<4xi1>, %a: tensor<4xi32>, %b: tensor<4xi8>) -> tensor<4xi32> {
  %s = tj.select %c, %a, %b : (tensor<4xi1>, tensor<4xi32>, tensor<4xi8>) -> tensor<4xi32>
  return %s : tensor<4xi32>
}

// -----

//===----------------------------------------------------------------------===//
// cast (numpy astype)
//===----------------------------------------------------------------------===//

// Float to int truncates toward zero (fptosi); NaN and values out of range
// (fptosi's poison) give the integer's minimum, as numpy on x86.
// CHECK-LABEL: func.func @cast_f64_to_i32_truncates(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: i32):
// CHECK-NEXT:      %[[T:.*]] = math.trunc %[[X]] : f64
// CHECK-NEXT:      %[[LO:.*]] = arith.constant 0xC1E0000000000000 : f64
// CHECK-NEXT:      %[[GE:.*]] = arith.cmpf oge, %[[T]], %[[LO]] : f64
// CHECK-NEXT:      %[[HI:.*]] = arith.constant 0x41E0000000000000 : f64
// CHECK-NEXT:      %[[LT:.*]] = arith.cmpf olt, %[[T]], %[[HI]] : f64
// CHECK-NEXT:      %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK-NEXT:      %[[C:.*]] = arith.fptosi %[[X]] : f64 to i32
// CHECK-NEXT:      %[[MIN:.*]] = arith.constant -2147483648 : i32
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[IN]], %[[C]], %[[MIN]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @cast_f64_to_i32_truncates(%x: tensor<?xf64>) -> tensor<?xi32> {
  %y = tj.cast %x : tensor<?xf64> -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// -----

// bool to float is 0 or 1: uitofp (sitofp would give -1).
// CHECK-LABEL: func.func @cast_bool_to_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi1>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi1>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.uitofp %[[X]] : i1 to f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @cast_bool_to_f64(%x: tensor<?xi1>) -> tensor<?xf64> {
  %y = tj.cast %x : tensor<?xi1> -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// bool to int is 0 or 1: extui (extsi would give -1).
// CHECK-LABEL: func.func @cast_bool_to_i32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi1>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi1>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi1>) outs(%[[INIT]] : tensor<?xi32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i1, %{{.*}}: i32):
// CHECK-NEXT:      %[[R:.*]] = arith.extui %[[X]] : i1 to i32
// CHECK-NEXT:      linalg.yield %[[R]] : i32
// CHECK:         return %[[RES]]
func.func @cast_bool_to_i32(%x: tensor<?xi1>) -> tensor<?xi32> {
  %y = tj.cast %x : tensor<?xi1> -> tensor<?xi32>
  return %y : tensor<?xi32>
}

// -----

// Float to bool is x != 0, true for NaN: cmpf une with 0.
// CHECK-LABEL: func.func @cast_f64_to_bool(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT:      %[[R:.*]] = arith.cmpf une, %[[X]], %[[ZERO]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @cast_f64_to_bool(%x: tensor<?xf64>) -> tensor<?xi1> {
  %y = tj.cast %x : tensor<?xf64> -> tensor<?xi1>
  return %y : tensor<?xi1>
}

// -----

// Int to bool is x != 0: cmpi ne with 0.
// CHECK-LABEL: func.func @cast_i32_to_bool(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi1>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?xi1>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: i1):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK-NEXT:      %[[R:.*]] = arith.cmpi ne, %[[X]], %[[ZERO]] : i32
// CHECK-NEXT:      linalg.yield %[[R]] : i1
// CHECK:         return %[[RES]]
func.func @cast_i32_to_bool(%x: tensor<?xi32>) -> tensor<?xi1> {
  %y = tj.cast %x : tensor<?xi32> -> tensor<?xi1>
  return %y : tensor<?xi1>
}

// -----

// Narrowing an int wraps: trunci.
// CHECK-LABEL: func.func @cast_i64_to_i8_truncates(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi8>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi64>) outs(%[[INIT]] : tensor<?xi8>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i64, %{{.*}}: i8):
// CHECK-NEXT:      %[[R:.*]] = arith.trunci %[[X]] : i64 to i8
// CHECK-NEXT:      linalg.yield %[[R]] : i8
// CHECK:         return %[[RES]]
func.func @cast_i64_to_i8_truncates(%x: tensor<?xi64>) -> tensor<?xi8> {
  %y = tj.cast %x : tensor<?xi64> -> tensor<?xi8>
  return %y : tensor<?xi8>
}

// -----

// Widening an int is signed: extsi.
// CHECK-LABEL: func.func @cast_i8_to_i64_sign_extends(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi8>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi8>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xi64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi8>) outs(%[[INIT]] : tensor<?xi64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i8, %{{.*}}: i64):
// CHECK-NEXT:      %[[R:.*]] = arith.extsi %[[X]] : i8 to i64
// CHECK-NEXT:      linalg.yield %[[R]] : i64
// CHECK:         return %[[RES]]
func.func @cast_i8_to_i64_sign_extends(%x: tensor<?xi8>) -> tensor<?xi64> {
  %y = tj.cast %x : tensor<?xi8> -> tensor<?xi64>
  return %y : tensor<?xi64>
}

// -----

// Int to float is signed: sitofp.
// CHECK-LABEL: func.func @cast_i32_to_f32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xi32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xi32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xi32>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: i32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = arith.sitofp %[[X]] : i32 to f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @cast_i32_to_f32(%x: tensor<?xi32>) -> tensor<?xf32> {
  %y = tj.cast %x : tensor<?xi32> -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

// Widening a float: extf.
// CHECK-LABEL: func.func @cast_f32_to_f64(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf32>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf32>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf64>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf32>) outs(%[[INIT]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f32, %{{.*}}: f64):
// CHECK-NEXT:      %[[R:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
// CHECK:         return %[[RES]]
func.func @cast_f32_to_f64(%x: tensor<?xf32>) -> tensor<?xf64> {
  %y = tj.cast %x : tensor<?xf32> -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// -----

// Narrowing a float: truncf.
// CHECK-LABEL: func.func @cast_f64_to_f32(
// CHECK-SAME:      %[[IN:.*]]: tensor<?xf64>)
// CHECK-NOT:     tj.
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[N:.*]] = tensor.dim %[[IN]], %[[C0]] : tensor<?xf64>
// CHECK-NEXT:    %[[INIT:.*]] = tensor.empty(%[[N]]) : tensor<?xf32>
// CHECK:         %[[RES:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[IN]] : tensor<?xf64>) outs(%[[INIT]] : tensor<?xf32>)
// CHECK-NEXT:    ^bb0(%[[X:.*]]: f64, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = arith.truncf %[[X]] : f64 to f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK:         return %[[RES]]
func.func @cast_f64_to_f32(%x: tensor<?xf64>) -> tensor<?xf32> {
  %y = tj.cast %x : tensor<?xf64> -> tensor<?xf32>
  return %y : tensor<?xf32>
}

