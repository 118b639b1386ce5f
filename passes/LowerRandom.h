//===- LowerRandom.h - Lowering of tj random ops (internal) -----*- C++ -*-===//

#ifndef TENSORJIT_PASSES_LOWERRANDOM_H
#define TENSORJIT_PASSES_LOWERRANDOM_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tj {

/// Adds the `!tj.rng` -> storage tensor conversion to `converter` and the
/// patterns lowering make_rng, rng_data and the random ops.
void populateRandomLoweringPatterns(RewritePatternSet &patterns,
                                    TypeConverter &converter);

} // namespace mlir::tj

#endif // TENSORJIT_PASSES_LOWERRANDOM_H
