// tj-copies-to-linalg: a memref.copy that MemRefToLLVM would lower to a
// call of MLIR's `memrefCopy` (a layout that is not contiguous: dynamic
// strides or offsets with dynamic sizes) becomes linalg.copy, loops like
// the other kernels; copies it lowers to llvm.memcpy stay; copies of a
// buffer onto itself go. With all=true (the GPU), every copy becomes
// linalg.copy.
//
// RUN: %memcheck tensorjit-opt %s -split-input-file -tj-copies-to-linalg | FileCheck %s
// RUN: tensorjit-opt %s -split-input-file -tj-copies-to-linalg=all=true | FileCheck %s --check-prefix=ALL

// A slice at a dynamic offset (what bufferization copies in a
// tj-fuse-over-rows loop), into a plain buffer and into another slice.
// CHECK-LABEL: func.func @strided(
// CHECK-SAME:      %[[A:.*]]: memref<?xf64, strided<[1], offset: ?>>, %[[B:.*]]: memref<?xf64>, %[[C:.*]]: memref<?xf64, strided<[1], offset: ?>>)
// CHECK-NEXT:    linalg.copy ins(%[[A]] : memref<?xf64, strided<[1], offset: ?>>) outs(%[[B]] : memref<?xf64>)
// CHECK-NEXT:    linalg.copy ins(%[[B]] : memref<?xf64>) outs(%[[C]] : memref<?xf64, strided<[1], offset: ?>>)
// CHECK-NEXT:    return
func.func @strided(%a: memref<?xf64, strided<[1], offset: ?>>, %b: memref<?xf64>, %c: memref<?xf64, strided<[1], offset: ?>>) {
  memref.copy %a, %b : memref<?xf64, strided<[1], offset: ?>> to memref<?xf64>
  memref.copy %b, %c : memref<?xf64> to memref<?xf64, strided<[1], offset: ?>>
  return
}

// -----

// Identity layouts, and a static slice that is contiguous: llvm.memcpy.
// CHECK-LABEL: func.func @contiguous(
// CHECK-NEXT:    memref.copy
// CHECK-NEXT:    memref.copy
// CHECK-NEXT:    return
// ALL-LABEL:   func.func @contiguous(
// ALL-NEXT:      linalg.copy
// ALL-NEXT:      linalg.copy
// ALL-NEXT:      return
func.func @contiguous(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<4xf32, strided<[1], offset: 8>>, %d: memref<4xf32>) {
  memref.copy %a, %b : memref<?x?xf32> to memref<?x?xf32>
  memref.copy %c, %d : memref<4xf32, strided<[1], offset: 8>> to memref<4xf32>
  return
}

// -----

// A buffer copied onto itself, directly or through a cast: nothing to do.
// CHECK-LABEL: func.func @onto_itself(
// CHECK-NEXT:    memref.cast
// CHECK-NEXT:    return
// ALL-LABEL:   func.func @onto_itself(
// ALL-NOT:       copy
// ALL:           return
func.func @onto_itself(%a: memref<?xf64>) {
  memref.copy %a, %a : memref<?xf64> to memref<?xf64>
  %c = memref.cast %a : memref<?xf64> to memref<?xf64, strided<[?], offset: ?>>
  memref.copy %c, %a : memref<?xf64, strided<[?], offset: ?>> to memref<?xf64>
  return
}
