// tj.fused lowers to one linalg.generic: one result per yielded value, the
// region's ops in its body, inputs broadcast by their indexing maps.
//
// RUN: tensorjit-opt %s --tj-lower-to-linalg=assume-no-runtime-broadcast | FileCheck %s
// RUN: tensorjit-opt %s --tj-lower-to-linalg=assume-no-runtime-broadcast --cse | FileCheck %s --check-prefix=CSE

// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @seedOutputs
// CHECK:         %[[R:.*]]:3 = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[SCALAR]], #[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<f64>)
// CHECK-SAME:      outs(%{{.*}}, %{{.*}}, %{{.*}} : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>)
// CHECK:         ^bb0(%[[A:[^:]*]]: f64, %[[B:[^:]*]]: f64, %[[S:[^:]*]]: f64,
// CHECK:           %[[D:.*]] = arith.subf %[[A]], %[[B]] : f64
// CHECK:           %[[ABS:.*]] = math.absf %[[D]] : f64
// CHECK:           %[[SQ:.*]] = arith.mulf %[[D]], %[[D]] : f64
// CHECK:           %[[SC:.*]] = arith.mulf %[[SQ]], %[[S]] : f64
// CHECK:           linalg.yield %[[D]], %[[ABS]], %[[SC]] : f64, f64, f64
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @seedOutputs(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>, %s: tensor<f64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %r:3 = tj.fused(%a, %b, %s) : (tensor<?x?xf64>, tensor<?x?xf64>, tensor<f64>) -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  ^bb0(%x: tensor<?x?xf64>, %y: tensor<?x?xf64>, %z: tensor<f64>):
    %d = tj.sub %x, %y : (tensor<?x?xf64>, tensor<?x?xf64>) -> tensor<?x?xf64>
    %abs = tj.abs %d : (tensor<?x?xf64>) -> tensor<?x?xf64>
    %sq = tj.sqr %d : (tensor<?x?xf64>) -> tensor<?x?xf64>
    %scaled = tj.mul %sq, %z : (tensor<?x?xf64>, tensor<f64>) -> tensor<?x?xf64>
    tj.yield %d, %abs, %scaled : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
  }
  return %r#0, %r#1, %r#2 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// Mixed element types: a comparison's bool result beside a float one.
// CHECK-LABEL: func.func @mixedTypes
// CHECK:         linalg.generic
// CHECK:           arith.cmpf olt
// CHECK:           linalg.yield %{{.*}}, %{{.*}} : f32, i1
// CHECK:         } -> (tensor<?xf32>, tensor<?xi1>)
func.func @mixedTypes(%x: tensor<?xf32>, %s: tensor<f32>) -> (tensor<?xf32>, tensor<?xi1>) {
  %r:2 = tj.fused(%x, %s) : (tensor<?xf32>, tensor<f32>) -> (tensor<?xf32>, tensor<?xi1>) {
  ^bb0(%a: tensor<?xf32>, %b: tensor<f32>):
    %m = tj.mul %a, %b : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
    %l = tj.lt %m, %b : (tensor<?xf32>, tensor<f32>) -> tensor<?xi1>
    tj.yield %m, %l : tensor<?xf32>, tensor<?xi1>
  }
  return %r#0, %r#1 : tensor<?xf32>, tensor<?xi1>
}

// -----

// The two halves of a cross-entropy, softplus(-z) and softplus(z), take |z|
// through the negation, so that after CSE they share one exp and one log1p.
// CSE-LABEL: func.func @crossEntropyHalves
// CSE:         linalg.generic
// CSE:           %[[ABS:.*]] = math.absf %[[Z:[^ ]*]] : f64
// CSE-NOT:       math.absf
// CSE:           math.exp
// CSE-NOT:       math.exp
// CSE:           math.log1p
// CSE-NOT:       math.log1p
// CSE:           linalg.yield
func.func @crossEntropyHalves(%z: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %r = tj.fused(%z, %y) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<?xf64>, %b: tensor<?xf64>):
    %n = tj.neg %a : (tensor<?xf64>) -> tensor<?xf64>
    %sn = tj.softplus %n : (tensor<?xf64>) -> tensor<?xf64>
    %sp = tj.softplus %a : (tensor<?xf64>) -> tensor<?xf64>
    %l = tj.mul %b, %sn : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    %s = tj.add %l, %sp : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
    tj.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
