//===- CompileCache.h - Compiled functions kept on disk ---------*- C++ -*-===//
//
// The persistent compile cache: a directory (TENSORJIT_CACHE_DIR) of the
// object files Executable::compile made, one file per compile, named after
// a hash of everything that decides the code. A later process compiling
// the same tj module for the same target loads the object instead, skipping
// the pass pipelines and LLVM's code generation (the GPU's too: the PTX is
// inside the host object).
//
// The key covers the tj module as emitted, the function's symbol, every
// Target field that changes code, the host CPU and its features, and the
// GNU build IDs of libtensorjit, libMLIR and libLLVM as loaded: a rebuilt
// library misses. A file that does not parse is a miss and is removed.
// Writes go to a unique temporary file renamed into place, so concurrent
// processes never see half a file. Each store keeps the directory within
// its size (Target::cacheMaxBytes) by removing the least recently used
// files: a load renews a file's modification time. Nothing here fails a
// compile: an unusable directory only means no caching.
//
//===----------------------------------------------------------------------===//

#ifndef TENSORJIT_JIT_COMPILECACHE_H
#define TENSORJIT_JIT_COMPILECACHE_H

#include "jit/Engine.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tj {

/// What a cache file holds: the host objects (one per part the module was
/// compiled in) and the IR of each stage (not StageIR::optimized: compiles
/// that keep it do not use the cache).
struct CachedCompile {
  std::vector<std::string> objects;
  StageIR ir;
};

/// The file name (64 hex digits) under which the compile of `tjModule`
/// (printed) as `symbol` for `target` is kept; empty when the build of the
/// libraries cannot be identified (then nothing is cached).
std::string compileCacheKey(llvm::StringRef tjModule, llvm::StringRef symbol,
                            const Target &target);

/// The compile kept under `key` in `dir`, if any (a damaged file is
/// removed).
std::optional<CachedCompile> loadCompile(llvm::StringRef dir,
                                         llvm::StringRef key);

/// Keeps a compile, its host objects and the IR of its stages, under `key`
/// in `dir` (created if missing); failures are ignored. Then removes the
/// least recently used other cache files while they all take more than
/// `maxBytes` (0: no limit), and temporary files abandoned an hour ago or
/// more; other files in `dir` are never touched.
void storeCompile(llvm::StringRef dir, llvm::StringRef key,
                  llvm::ArrayRef<std::string> objects, const StageIR &ir,
                  uint64_t maxBytes);

/// A size as TENSORJIT_CACHE_MAX_SIZE gives it: a number of bytes, or of
/// KiB, MiB, GiB or TiB with the suffix K, M, G or T (either case, then
/// optionally B or iB). Nothing for anything else.
std::optional<uint64_t> parseByteSize(llvm::StringRef text);

} // namespace mlir::tj

#endif // TENSORJIT_JIT_COMPILECACHE_H
