// Every function the differential test compiles for one seed of random
// graphs and its regression cases (elementwise ops of every kind, with
// broadcasting, reductions, dots, reshapes, casts), and the random-streams
// test's (mrg31k3p draws; its mt19937 ones are rejected by design), goes
// through the GPU pipeline, and ptxas accepts every kernel.
//
// REQUIRES: libdevice, ptxas
// RUN: rm -rf %t && mkdir -p %t/differential %t/random
// RUN: env TENSORJIT_DUMP_IR=%t/differential %unit_tests/differential_test --gtest_filter='Seeds/Differential.RandomGraphs/0:DifferentialRegressions.*' > /dev/null
// RUN: env TENSORJIT_DUMP_IR=%t/random %unit_tests/random_streams_test > /dev/null
// RUN: %S/compile-all.sh tensorjit-opt %extract_ptx %ptxas %t/differential %t/random | FileCheck %s
// CHECK: compiled {{[1-9][0-9]+}} modules ({{[1-9][0-9]+}} kernels), rejected {{[1-9][0-9]*}}
