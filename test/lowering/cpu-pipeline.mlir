// The CPU pipeline (what the JIT runs) takes tj all the way to the LLVM
// dialect: nothing of tj, linalg, tensor, memref, math, scf, cf or func is
// left; log1p stays exact as a libm call (not log(1 + x)), and integer
// powers become calls to a generated function.
//
// RUN: tensorjit-opt %s --tj-cpu-pipeline | FileCheck %s
// RUN: tensorjit-opt %s --tj-cpu-pipeline | FileCheck %s --check-prefix=LEFT
//
// LEFT-NOT: {{tj\.|linalg\.|tensor\.|memref\.|bufferization\.|math\.|scf\.|cf\.|affine\.|arith\.|func\.func|func\.call}}

// log1p is declared as the libm function and called once per element, in
// the kernel's loop, which tj-cpu-parallelize moved into a function of its
// range (called on one thread or on several).
// CHECK-DAG:   llvm.func @log1p(f64) -> f64
// CHECK-LABEL: llvm.func @log1p_is_libm_call(
// CHECK:         llvm.call @tj_rt_cpu_threads(
// CHECK:         omp.parallel
// CHECK:           llvm.call @[[LOG1P_LOOP:log1p_is_libm_call_loop[0-9]+]](
// CHECK:         llvm.call @[[LOG1P_LOOP]](
// CHECK-NOT:     llvm.intr.log
// CHECK:         llvm.return
func.func @log1p_is_libm_call(%x: tensor<?xf64>) -> tensor<?xf64> {
  %y = tj.log1p %x : (tensor<?xf64>) -> tensor<?xf64>
  return %y : tensor<?xf64>
}

// Integer pow calls the function convert-math-to-funcs generates for
// math.ipowi on i32, defined in the module (a loop of multiplications).
// CHECK-LABEL: llvm.func @ipowi_is_generated_call(
// CHECK:         llvm.call @ipowi_is_generated_call_loop{{[0-9]+}}(
// CHECK:         llvm.return
// The kernels' loops.
// CHECK-LABEL: llvm.func @log1p_is_libm_call_loop
// CHECK-NOT:     llvm.intr.log
// CHECK:         %[[X:.*]] = llvm.load %{{.*}} : !llvm.ptr -> f64
// CHECK-NEXT:    %[[Y:.*]] = llvm.call @log1p(%[[X]]) : (f64) -> f64
// CHECK-NEXT:    llvm.extractvalue
// CHECK-NEXT:    llvm.getelementptr
// CHECK-NEXT:    llvm.store %[[Y]], %{{.*}} : f64, !llvm.ptr
// CHECK-NOT:     llvm.intr.log
// CHECK:         llvm.return
// CHECK-LABEL: llvm.func @ipowi_is_generated_call_loop
// CHECK:         %[[B:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i32
// CHECK:         %[[E:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i32
// CHECK:         %[[BASE:.*]] = llvm.select %{{.*}}, %{{.*}}, %[[B]] : i1, i32
// CHECK-NEXT:    %[[P:.*]] = llvm.call @__mlir_math_ipowi_i32(%[[BASE]], %[[E]]) : (i32, i32) -> i32
// CHECK:         llvm.store %[[P]], %{{.*}} : i32, !llvm.ptr
// CHECK:         llvm.return
// CHECK-LABEL: llvm.func linkonce_odr @__mlir_math_ipowi_i32(
// CHECK-SAME:      %{{.*}}: i32, %{{.*}}: i32) -> i32
// CHECK:         llvm.mul %{{.*}}, %{{.*}} : i32
func.func @ipowi_is_generated_call(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %p = tj.pow %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  return %p : tensor<?xi32>
}
