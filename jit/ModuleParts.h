//===- ModuleParts.h - A module split for parallel compilation --*- C++ -*-===//
//
// LLVM optimizes and generates the code of a module on one thread; most of
// a large compile is spent there (on the LR training step, 70 ms of 85).
// Executable::compile splits a large module into parts that compile on
// threads of their own, one LLVM context each, into objects the JIT links
// together. A part keeps together each function and what it could inline
// or must see: the local (internal, private) symbols it uses and the
// functions it calls that may be inlined. The compiled code is that of the
// whole module: only calls of functions marked noinline (the outlined
// loops of tj-cpu-parallelize) cross parts.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_JIT_MODULEPARTS_H
#define TENSORJIT_JIT_MODULEPARTS_H

#include <cstddef>
#include <string>
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace mlir::tj {

/// Splits `module` into at most `parts` parts of balanced size when it has
/// `minInstructions` or more: the bitcode of every part but the first is
/// returned, and `module` is left with the first (the others' definitions
/// become external declarations). Nothing is split (and nothing returned)
/// for a smaller module or one whose code cannot be divided.
std::vector<std::string> splitOffParts(llvm::Module &module, size_t parts,
                                       size_t minInstructions);

} // namespace mlir::tj

#endif // TENSORJIT_JIT_MODULEPARTS_H
