//===- tensorjit-opt.cpp - mlir-opt with the tj dialect and passes --------===//

#include "dialects/tj/TjDialect.h"
#include "jit/Pipeline.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR (tj-gpu-pipeline).
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<mlir::tj::TjDialect>();
  mlir::registerAllPasses();
  mlir::tj::registerTjPasses();
  mlir::tj::registerPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tensorjit optimizer driver\n", registry));
}
