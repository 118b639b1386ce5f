//===- LowerRandom.h - Lowering of tj random ops (internal) -----*- C++ -*-===//

#ifndef TENSORJIT_PASSES_LOWERRANDOM_H
#define TENSORJIT_PASSES_LOWERRANDOM_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tj {

/// Adds the `!tj.rng` -> storage tensor conversion to `converter` and the
/// patterns lowering make_rng, rng_data and the random ops; MRG31k3p draws
/// `mrgDrawsPerThread` at a time from a stream (0: all of a stream's at
/// once; see tj-lower-to-linalg's mrg-draws-per-thread).
void populateRandomLoweringPatterns(RewritePatternSet &patterns,
                                    TypeConverter &converter,
                                    int64_t mrgDrawsPerThread);

} // namespace mlir::tj

#endif // TENSORJIT_PASSES_LOWERRANDOM_H
