// tj-alias-scopes: loads and stores whose addresses trace back to a buffer
// (an entry's memref argument, a malloc, an outlined loop's argument that
// every call passes the same buffer) get its scope, and the other buffers'
// scopes as noalias; anything not traced gets none.
//
// RUN: %memcheck tensorjit-opt %s -split-input-file --tj-alias-scopes | FileCheck %s

// The entry's x (its allocated and aligned pointers are one buffer), its
// output, and a scratch buffer aligned as memref.alloc does; the loop
// outlined from it sees the same three.
// CHECK-DAG:   #[[DOMAIN:.*]] = #llvm.alias_scope_domain<id = distinct[{{.*}}]<>, description = "tensorjit buffers">
// CHECK-DAG:   #[[X:.*]] = #llvm.alias_scope<id = distinct[{{.*}}]<>, domain = #[[DOMAIN]]>
// CHECK-DAG:   #[[S:.*]] = #llvm.alias_scope<id = distinct[{{.*}}]<>, domain = #[[DOMAIN]]>
// CHECK-DAG:   #[[O:.*]] = #llvm.alias_scope<id = distinct[{{.*}}]<>, domain = #[[DOMAIN]]>
// CHECK-LABEL: llvm.func @entry(
// CHECK:         llvm.load %{{.*}} {alias_scopes = [#[[X]]], noalias_scopes = [#[[S]], #[[O]]]}
// CHECK:         llvm.store %{{.*}}, %{{.*}} {alias_scopes = [#[[S]]], noalias_scopes = [#[[X]], #[[O]]]}
// CHECK:         llvm.load %{{.*}} {alias_scopes = [#[[S]]], noalias_scopes = [#[[X]], #[[O]]]}
// CHECK:         llvm.store %{{.*}}, %{{.*}} {alias_scopes = [#[[O]]], noalias_scopes = [#[[X]], #[[S]]]}
// CHECK-LABEL: llvm.func @loop(
// CHECK:         llvm.load %{{.*}} {alias_scopes = [#[[X]]], noalias_scopes = [#[[S]], #[[O]]]}
// CHECK:         llvm.store %{{.*}}, %{{.*}} {alias_scopes = [#[[S]]], noalias_scopes = [#[[X]], #[[O]]]}
llvm.func @malloc(i64) -> !llvm.ptr
// An entry: two memrefs of rank 1 (x read, out written) and a scratch
// buffer malloc'd and aligned as memref.alloc does.
llvm.func @entry(%xa: !llvm.ptr, %x: !llvm.ptr, %xo: i64, %xn: i64, %xs: i64,
                 %oa: !llvm.ptr, %o: !llvm.ptr, %oo: i64, %on: i64, %os: i64) attributes {llvm.emit_c_interface} {
  %c64 = llvm.mlir.constant(64 : index) : i64
  %c1 = llvm.mlir.constant(1 : index) : i64
  %c8 = llvm.mlir.constant(8 : index) : i64
  %size = llvm.add %c8, %c64 : i64
  %raw = llvm.call @malloc(%size) : (i64) -> !llvm.ptr
  %int = llvm.ptrtoint %raw : !llvm.ptr to i64
  %k = llvm.sub %c64, %c1 : i64
  %bumped = llvm.add %int, %k : i64
  %rem = llvm.urem %bumped, %c64 : i64
  %alignedInt = llvm.sub %bumped, %rem : i64
  %scratch = llvm.inttoptr %alignedInt : i64 to !llvm.ptr
  %undef = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
  %d0 = llvm.insertvalue %raw, %undef[0] : !llvm.struct<(ptr, ptr, i64)>
  %d1 = llvm.insertvalue %scratch, %d0[1] : !llvm.struct<(ptr, ptr, i64)>
  %d2 = llvm.insertvalue %c1, %d1[2] : !llvm.struct<(ptr, ptr, i64)>
  %s = llvm.extractvalue %d2[1] : !llvm.struct<(ptr, ptr, i64)>
  %xi = llvm.getelementptr %x[%xo] : (!llvm.ptr, i64) -> !llvm.ptr, f64
  %v = llvm.load %xi : !llvm.ptr -> f64
  llvm.store %v, %s : f64, !llvm.ptr
  llvm.call @loop(%xa, %x, %xo, %raw, %s) : (!llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> ()
  llvm.call @loop(%xa, %x, %xo, %raw, %s) : (!llvm.ptr, !llvm.ptr, i64, !llvm.ptr, !llvm.ptr) -> ()
  %w = llvm.load %s : !llvm.ptr -> f64
  llvm.store %w, %o : f64, !llvm.ptr
  llvm.return
}
// An outlined loop: every call passes x and the scratch buffer.
llvm.func @loop(%xa: !llvm.ptr, %x: !llvm.ptr, %xo: i64, %sa: !llvm.ptr, %s: !llvm.ptr) attributes {sym_visibility = "private"} {
  %v = llvm.load %x : !llvm.ptr -> f64
  llvm.store %v, %s : f64, !llvm.ptr
  llvm.return
}

// -----

// Not traced: a loop called with different buffers, a pointer loaded from
// memory, an address computed from a pointer and a variable, the
// arguments of a public function that is no entry, and the C-interface
// wrapper's descriptors. Two distinct mallocs still are.
// CHECK-LABEL: llvm.func @notAnEntry(
// CHECK:         llvm.load %[[A:.*]] : !llvm.ptr -> !llvm.ptr
// CHECK:         llvm.load %{{.*}} : !llvm.ptr -> f64
// CHECK:         llvm.store %{{.*}}, %{{.*}} : f64, !llvm.ptr
// CHECK:         llvm.store %{{.*}}, %{{.*}} {alias_scopes = [#[[M1:.*]]], noalias_scopes = [#[[M2:.*]]]}
// CHECK:         llvm.store %{{.*}}, %{{.*}} {alias_scopes = [#[[M2]]], noalias_scopes = [#[[M1]]]}
// CHECK-LABEL: llvm.func @twoBuffers(
// CHECK-NOT:     alias_scopes
// CHECK-LABEL: llvm.func @_mlir_ciface_entry(
// CHECK-NOT:     alias_scopes
// CHECK:         llvm.return
llvm.func @malloc(i64) -> !llvm.ptr
llvm.func @notAnEntry(%a: !llvm.ptr, %b: !llvm.ptr, %n: i64) {
  %c8 = llvm.mlir.constant(8 : index) : i64
  %loaded = llvm.load %a : !llvm.ptr -> !llvm.ptr
  %v = llvm.load %loaded : !llvm.ptr -> f64
  %int = llvm.ptrtoint %b : !llvm.ptr to i64
  %moved = llvm.add %int, %n : i64
  %p = llvm.inttoptr %moved : i64 to !llvm.ptr
  llvm.store %v, %p : f64, !llvm.ptr
  %m1 = llvm.call @malloc(%c8) : (i64) -> !llvm.ptr
  %m2 = llvm.call @malloc(%c8) : (i64) -> !llvm.ptr
  llvm.store %v, %m1 : f64, !llvm.ptr
  llvm.store %v, %m2 : f64, !llvm.ptr
  llvm.call @twoBuffers(%m1) : (!llvm.ptr) -> ()
  llvm.call @twoBuffers(%m2) : (!llvm.ptr) -> ()
  llvm.return
}
llvm.func @twoBuffers(%p: !llvm.ptr) attributes {sym_visibility = "private"} {
  %v = llvm.load %p : !llvm.ptr -> f64
  llvm.store %v, %p : f64, !llvm.ptr
  llvm.return
}
llvm.func @entry(%xa: !llvm.ptr, %x: !llvm.ptr, %xo: i64) attributes {llvm.emit_c_interface} {
  llvm.return
}
llvm.func @_mlir_ciface_entry(%d: !llvm.ptr, %e: !llvm.ptr) attributes {llvm.emit_c_interface} {
  %0 = llvm.load %d : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64)>
  %1 = llvm.load %e : !llvm.ptr -> !llvm.struct<(ptr, ptr, i64)>
  %2 = llvm.extractvalue %0[0] : !llvm.struct<(ptr, ptr, i64)>
  %3 = llvm.extractvalue %0[1] : !llvm.struct<(ptr, ptr, i64)>
  %4 = llvm.extractvalue %0[2] : !llvm.struct<(ptr, ptr, i64)>
  llvm.call @entry(%2, %3, %4) : (!llvm.ptr, !llvm.ptr, i64) -> ()
  llvm.return
}
